/**
 * `h5lab` command: `serve` runs the engine on the embedded POSIX store or an S3 bucket (optionally with local
 * data-node processes); `sn` and `dn` run the two roles of a cluster separately (Kubernetes); `hash-password`
 * prints a password hash for the password file. Flags mirror the config keys (also settable as H5LAB_* environment variables).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { createEngine, isLoopback } from './app.js';
import { runDataNode } from './cluster/data-node-main.js';
import { hashPassword } from './auth/password-file.js';
import { createLogger, type Logger } from './logger.js';

const SERVE_HELP = `usage: h5lab serve [options]

  --host HOST            address to listen on (default 127.0.0.1; env H5LAB_HOST)
  --port PORT            port (default 5101; 0 picks a free one; env H5LAB_PORT)
  --socket PATH          listen on a Unix socket instead of host:port
  --root-dir DIR         POSIX store directory (default ./data; env H5LAB_ROOT_DIR)
  --s3-endpoint URL      store in S3 buckets at this S3-compatible endpoint instead of --root-dir
                         (env H5LAB_S3_ENDPOINT)
  --s3-region REGION     S3 region (default us-east-1; env H5LAB_S3_REGION or AWS_REGION)
  --s3-path-style BOOL   path-style bucket addressing (default: true unless the endpoint is AWS's;
                         env H5LAB_S3_PATH_STYLE)
  --s3-access-key ID     S3 access key (env AWS_ACCESS_KEY_ID or H5LAB_AWS_ACCESS_KEY_ID)
  --s3-secret-key KEY    S3 secret key (env AWS_SECRET_ACCESS_KEY or H5LAB_AWS_SECRET_ACCESS_KEY);
                         without keys the AWS SDK's default credential chain is used
  --bucket NAME          default bucket, created if missing (default hsdstest; env H5LAB_BUCKET)
  --password-file FILE   HSDS password file: user:password lines (env H5LAB_PASSWORD_FILE)
  --groups-file FILE     HSDS groups file: "group: user1 user2" lines (env H5LAB_GROUPS_FILE)
  --admin-user NAME      administrator account (default admin; env H5LAB_ADMIN_USER)
  --config FILE          YAML or JSON with HSDS config keys (env H5LAB_CONFIG)
  --log-level LEVEL      error, warn, info or debug (default warn)
  --dn-count N           run N data-node processes on this machine (default 0: one process)
`;

const SN_HELP = `usage: h5lab sn [serve options] (--dn-urls URL,URL… | --dn-dns NAME [--dn-port PORT])

Runs the service node alone, in front of data nodes started with \`h5lab dn\` (Kubernetes).

  --dn-urls LIST         data-node URLs, http://host:port or unix:/path (env H5LAB_DN_URLS)
  --dn-dns NAME          DNS name whose A records are the data nodes, e.g. a headless Service (env H5LAB_DN_DNS)
  --dn-port PORT         data-node port with --dn-dns (default 6101; env H5LAB_DN_PORT)
  --cluster-token TOKEN  shared secret for data-node calls (prefer env H5LAB_CLUSTER_TOKEN)
`;

const DN_HELP = `usage: h5lab dn [--host HOST] [--port PORT | --socket PATH] [storage options]

Runs one data node: the storage layer the service node calls (never expose it beyond the cluster network).

  --host HOST            address to listen on (default 127.0.0.1)
  --port PORT            port (default 6101; env H5LAB_DN_PORT)
  --socket PATH          listen on a Unix socket instead
  --cluster-token TOKEN  required on every call (prefer env H5LAB_CLUSTER_TOKEN)
  storage: --root-dir, --s3-endpoint, --s3-region, --s3-path-style, --s3-access-key, --s3-secret-key,
           --bucket, --config, --log-level as for serve
`;

const FLAG_TO_KEY: Record<string, string> = {
  host: 'host',
  port: 'port',
  socket: 'socket',
  'root-dir': 'root_dir',
  's3-endpoint': 's3_endpoint',
  's3-region': 's3_region',
  's3-path-style': 's3_path_style',
  's3-access-key': 'aws_access_key_id',
  's3-secret-key': 'aws_secret_access_key',
  bucket: 'bucket_name',
  'password-file': 'password_file',
  'groups-file': 'groups_file',
  'admin-user': 'admin_user',
  config: 'config',
  'log-level': 'log_level',
  'dn-count': 'dn_count',
  'dn-urls': 'dn_urls',
  'dn-dns': 'dn_dns',
  'dn-port': 'dn_port',
  'cluster-token': 'cluster_token',
};

/** Flags each role accepts. */
const ROLE_FLAGS: Record<'serve' | 'sn' | 'dn', string[]> = {
  serve: Object.keys(FLAG_TO_KEY).filter((f) => !['dn-urls', 'dn-dns', 'dn-port', 'cluster-token'].includes(f)),
  sn: Object.keys(FLAG_TO_KEY).filter((f) => f !== 'dn-count'),
  dn: ['host', 'port', 'socket', 'root-dir', 's3-endpoint', 's3-region', 's3-path-style', 's3-access-key', 's3-secret-key',
    'bucket', 'config', 'log-level', 'cluster-token'],
};

function parseFlags(role: 'serve' | 'sn' | 'dn', argv: string[]): Record<string, unknown> | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(ROLE_FLAGS[role].map((f) => [f, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(role === 'sn' ? SN_HELP : role === 'dn' ? DN_HELP : SERVE_HELP);
    return undefined;
  }
  const flags: Record<string, unknown> = {};
  const given = values as Record<string, unknown>;
  for (const f of ROLE_FLAGS[role]) if (given[f] !== undefined) flags[FLAG_TO_KEY[f]] = given[f];
  // A data node's --port is its dn_port.
  if (role === 'dn' && flags.port !== undefined) flags.dn_port = flags.port;
  return flags;
}

/**
 * A rejection nobody handled is a bug, but it belongs to one request: it is logged and the service goes on
 * serving the others (Node's default would end the process and every request in flight).
 */
function logUnhandled(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
}

async function serve(argv: string[], role: 'serve' | 'sn'): Promise<void> {
  const flags = parseFlags(role, argv);
  if (!flags) return;
  if (role === 'sn' && !flags.dn_urls && !flags.dn_dns && !process.env.H5LAB_DN_URLS && !process.env.H5LAB_DN_DNS)
    throw new ConfigError('h5lab sn needs --dn-urls or --dn-dns');
  const config = loadConfig(flags);
  const logger = createLogger(config.log_level);
  logUnhandled(logger);
  const engine = await createEngine(config, logger);
  let where: string;
  if (config.socket) {
    await engine.http.listenSocket(config.socket);
    where = `unix:${config.socket}`;
  } else {
    const addr = await engine.http.listen(config.port, config.host);
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    where = `http://${host}:${addr.port}`;
  }
  if (engine.sn.auth.trustMode) logger.warn('no --password-file: any username is accepted without a password check (loopback only)');
  // Tests and the lab's launcher read this line to learn the address.
  const storage = config.s3_endpoint ? `s3_endpoint=${config.s3_endpoint}` : `root_dir=${config.root_dir}`;
  process.stdout.write(`h5lab listening on ${where} ${storage} bucket=${config.bucket_name}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing in-flight requests`);
    engine.close().then(
      () => process.exit(0),
      (e) => {
        logger.error(`shutdown failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest, 'serve');
    case 'sn':
      return serve(rest, 'sn');
    case 'dn':
      return dataNode(rest);
    case 'hash-password': {
      const pw = rest[0] ?? (await readStdinLine());
      if (!pw) throw new ConfigError('usage: h5lab hash-password PASSWORD (or on standard input)');
      process.stdout.write(hashPassword(pw) + '\n');
      return;
    }
    default:
      process.stdout.write(
        `usage: h5lab <command>\n\n  serve           run the HDF REST service\n  sn              run the service node of a cluster\n  dn              run one data node of a cluster\n  hash-password   hash a password for --password-file\n\nh5lab <command> --help for options\n`,
      );
      if (command && command !== 'help' && command !== '--help' && command !== '-h') process.exitCode = 2;
  }
}

async function dataNode(argv: string[]): Promise<void> {
  const flags = parseFlags('dn', argv);
  if (!flags) return;
  const config = loadConfig(flags);
  const logger = createLogger(config.log_level);
  logUnhandled(logger);
  if (!config.socket && !isLoopback(config.host) && !config.cluster_token)
    throw new ConfigError('a data node listening beyond loopback needs a cluster token (H5LAB_CLUSTER_TOKEN)');
  const node = await runDataNode(config, logger);
  process.stdout.write(`h5lab data node listening on ${node.url}\n`);
  const stop = () => void node.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function readStdinLine(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data.split(/\r?\n/)[0].trim();
}

main(process.argv.slice(2)).catch((e) => {
  const log = createLogger('error');
  log.error(e instanceof ConfigError || (e as Error).name !== 'Error' ? (e as Error).message : (e as Error).stack ?? String(e));
  process.exit(2);
});
