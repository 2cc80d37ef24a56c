/**
 * The options every tool takes (h5pyd's config.py): server and credentials, logging, verbosity. Server
 * settings given here win over HS_* variables, which win over .hscfg (the SDK's precedence).
 */
import type { HsConfig } from '../../client/index.js';
import { LOG_LEVELS } from './logger.js';
import { OptionSpec, OptionValues } from './options.js';

export const CONNECTION_OPTIONS: OptionSpec[] = [
  { name: 'endpoint', flags: ['-e', '--endpoint'], value: 'ENDPOINT', help: "server endpoint, e.g. http://127.0.0.1:5101, or 'local' (in-process engine)" },
  { name: 'user', flags: ['-u', '--user'], value: 'USERNAME', help: 'user name credential' },
  { name: 'password', flags: ['-p', '--password'], value: 'PASSWORD', help: 'password credential' },
  { name: 'api_key', flags: ['--api_key'], value: 'API_KEY', help: 'user api key' },
  { name: 'bucket', flags: ['--bucket'], value: 'BUCKET', help: 'storage bucket to use (S3 bucket or top-level directory)' },
];

export const LOGGING_OPTIONS: OptionSpec[] = [
  { name: 'loglevel', flags: ['--loglevel'], value: 'LEVEL', choices: [...LOG_LEVELS, 'warn'], help: 'logging verbosity (default error)' },
  { name: 'logfile', flags: ['--logfile'], value: 'FILENAME', help: 'file to send log output to (otherwise stderr)' },
  { name: 'verbose', flags: ['-v', '--verbose'], help: 'verbose output' },
  { name: 'ignore', flags: ['--ignore'], help: "don't exit on error" },
  { name: 'help', flags: ['-h', '--help'], help: 'this message' },
];

/** Server settings given on the command line (undefined where not given). */
export function connectionFlags(options: OptionValues): HsConfig {
  const str = (k: string) => (typeof options[k] === 'string' ? (options[k] as string) : undefined);
  return { endpoint: str('endpoint'), username: str('user'), password: str('password'), apiKey: str('api_key'), bucket: str('bucket') };
}
