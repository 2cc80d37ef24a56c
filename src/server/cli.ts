/**
 * `h5lab` command: `serve` runs the engine on the embedded POSIX store or an S3 bucket; `hash-password` prints a password
 * hash for the password file. Flags mirror the config keys (also settable as H5LAB_* environment variables).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { createEngine } from './app.js';
import { hashPassword } from './auth/password-file.js';
import { createLogger } from './logger.js';

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
};

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(Object.keys(FLAG_TO_KEY).map((f) => [f, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return;
  }
  const flags: Record<string, unknown> = {};
  const given = values as Record<string, unknown>;
  for (const [flag, key] of Object.entries(FLAG_TO_KEY)) if (given[flag] !== undefined) flags[key] = given[flag];
  const config = loadConfig(flags);
  const logger = createLogger(config.log_level);
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
      return serve(rest);
    case 'hash-password': {
      const pw = rest[0] ?? (await readStdinLine());
      if (!pw) throw new ConfigError('usage: h5lab hash-password PASSWORD (or on standard input)');
      process.stdout.write(hashPassword(pw) + '\n');
      return;
    }
    default:
      process.stdout.write(`usage: h5lab <command>\n\n  serve           run the HDF REST service\n  hash-password   hash a password for --password-file\n\nh5lab serve --help for options\n`);
      if (command && command !== 'help' && command !== '--help' && command !== '-h') process.exitCode = 2;
  }
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
