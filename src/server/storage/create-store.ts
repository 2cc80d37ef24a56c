/**
 * The object store a configuration asks for: S3 when an endpoint is set, else the POSIX store in root_dir.
 */
import type { EngineConfig } from '../config.js';
import type { ObjectStore } from './object-store.js';
import { PosixStore } from './posix-store.js';
import { S3Store } from './s3-store.js';
import { CountingStore } from './counting-store.js';

type StoreConfig = Pick<
  EngineConfig,
  'root_dir' | 's3_endpoint' | 's3_region' | 's3_path_style' | 'aws_access_key_id' | 'aws_secret_access_key' | 'aws_session_token'
>;

/** `guard` wraps the store inside the request counting (a data-node process adds its fence there). */
export async function createStore(config: StoreConfig, guard: (store: ObjectStore) => ObjectStore = (s) => s): Promise<ObjectStore> {
  return new CountingStore(guard(await openStore(config)));
}

async function openStore(config: StoreConfig): Promise<ObjectStore> {
  if (!config.s3_endpoint) return PosixStore.open(config.root_dir);
  return new S3Store({
    endpoint: config.s3_endpoint,
    region: config.s3_region,
    forcePathStyle: config.s3_path_style ?? !isAwsEndpoint(config.s3_endpoint),
    credentials: staticCredentials(config),
  });
}

/** AWS's own endpoints address buckets as virtual hosts; other S3 servers generally want path style. */
export function isAwsEndpoint(endpoint: string): boolean {
  return /(^|\.)amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
}

/** Credentials from the configuration; "xxx" is HSDS's placeholder for "not set". */
function staticCredentials(config: StoreConfig) {
  const set = (v: string | undefined) => (v && v !== 'xxx' ? v : undefined);
  const accessKeyId = set(config.aws_access_key_id);
  const secretAccessKey = set(config.aws_secret_access_key);
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken: set(config.aws_session_token) };
}
