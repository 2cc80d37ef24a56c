/**
 * Engine configuration. Sources, later wins: built-in defaults (HSDS 0.9.4's), a config file (`--config`,
 * YAML or JSON, HSDS key names such as `max_request_size: 100m`), environment variables (`H5LAB_<KEY>`,
 * e.g. H5LAB_ROOT_DIR, H5LAB_MAX_REQUEST_SIZE), then command-line flags. The S3 settings also come from the
 * standard AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION), below
 * their H5LAB_* forms, and HSDS config files' `aws_s3_gateway` and `aws_region` are read as s3_endpoint and
 * s3_region.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export interface EngineConfig {
  host: string;
  port: number;
  /** Listen on a Unix socket instead of host:port when set. */
  socket?: string;
  root_dir: string;
  /** S3-compatible endpoint URL: when set, the engine stores in S3 buckets instead of root_dir. */
  s3_endpoint?: string;
  s3_region: string;
  /** Path-style bucket addressing; undefined means on for endpoints other than AWS's. */
  s3_path_style?: boolean;
  /** Static S3 credentials; without them the AWS SDK's default credential chain applies. */
  aws_access_key_id?: string;
  aws_secret_access_key?: string;
  aws_session_token?: string;
  bucket_name: string;
  password_file?: string;
  groups_file?: string;
  admin_user: string;
  admin_group?: string;
  allow_noauth: boolean;
  default_public: boolean;
  allow_any_bucket_read: boolean;
  allow_any_bucket_write: boolean;
  top_level_domains: string[];
  max_request_size: number;
  /** JSON request bodies beyond this are refused with 413. */
  max_json_body: number;
  min_chunk_size: number;
  max_chunk_size: number;
  /** Chunks of one dataset per storage folder before its chunk keys are partitioned (0: never). */
  max_chunks_per_folder: number;
  metadata_mem_cache_size: number;
  chunk_mem_cache_size: number;
  domain_req_max_objects_limit: number;
  max_tasks_per_node_per_request: number;
  /** Concurrent requests beyond this get 503 (h5pyd retries). */
  max_task_count: number;
  /** Stream large binary reads page by page; off (serverless) they are refused with 413 like JSON ones. */
  http_streaming: boolean;
  cors_domain: string;
  server_name: string;
  hsds_endpoint: string;
  /** Directories from which link-mode (`*_REF`) datasets may read HDF5 files, besides the store itself. */
  link_roots: string[];
  /** `serve`: run this many data-node processes on this machine (0: data node in the service process). */
  dn_count: number;
  /** `sn`: data-node URLs (http://host:port or unix:/path). */
  dn_urls: string[];
  /** `sn`: DNS name whose A records are the data nodes (a Kubernetes headless Service), with dn_port. */
  dn_dns?: string;
  dn_port: number;
  /** Shared secret on service-node ↔ data-node calls (required when data nodes listen beyond loopback). */
  cluster_token?: string;
  log_level: 'error' | 'warn' | 'info' | 'debug';
}

export const HSDS_VERSION = '0.9.4';

export const DEFAULTS: EngineConfig = {
  host: '127.0.0.1',
  port: 5101,
  root_dir: './data',
  s3_region: 'us-east-1',
  bucket_name: 'hsdstest',
  admin_user: 'admin',
  allow_noauth: true,
  default_public: false,
  allow_any_bucket_read: true,
  allow_any_bucket_write: true,
  top_level_domains: [],
  max_request_size: 100 * 1024 * 1024,
  max_json_body: 16 * 1024 * 1024,
  min_chunk_size: 1024 * 1024,
  max_chunk_size: 4 * 1024 * 1024,
  max_chunks_per_folder: 0,
  metadata_mem_cache_size: 128 * 1024 * 1024,
  chunk_mem_cache_size: 128 * 1024 * 1024,
  domain_req_max_objects_limit: 500,
  max_tasks_per_node_per_request: 16,
  max_task_count: 100,
  http_streaming: true,
  cors_domain: '*',
  server_name: 'Highly Scalable Data Service (HSDS)',
  hsds_endpoint: 'http://hsds.hdf.test',
  link_roots: [],
  dn_count: 0,
  dn_urls: [],
  dn_port: 6101,
  log_level: 'warn',
};

export class ConfigError extends Error {}

/** "100m" → 104857600 (k/m/g are powers of 1024, as in HSDS's config.yml). */
export function parseSize(v: unknown, key: string): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgKMG]?)[bB]?\s*$/.exec(String(v));
  if (!m) throw new ConfigError(`${key}: expected a size such as 100m, got ${String(v)}`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * mult);
}

const SIZE_KEYS = new Set<keyof EngineConfig>([
  'max_request_size',
  'max_json_body',
  'min_chunk_size',
  'max_chunk_size',
  'metadata_mem_cache_size',
  'chunk_mem_cache_size',
]);

/** Boolean keys without a default value. */
const OPTIONAL_BOOLEAN_KEYS = new Set<string>(['s3_path_style']);

function parseBoolean(key: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const s = String(value).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
  throw new ConfigError(`${key}: expected true or false, got ${String(value)}`);
}

function coerce(key: keyof EngineConfig, value: unknown): unknown {
  const def = DEFAULTS[key];
  if (SIZE_KEYS.has(key)) return parseSize(value, key);
  if (typeof def === 'number' || key === 'port') {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new ConfigError(`${key}: expected a number, got ${String(value)}`);
    return n;
  }
  if (typeof def === 'boolean' || OPTIONAL_BOOLEAN_KEYS.has(key)) {
    if ((value === null || value === '') && OPTIONAL_BOOLEAN_KEYS.has(key)) return undefined;
    return parseBoolean(key, value);
  }
  if (Array.isArray(def)) {
    if (Array.isArray(value)) return value.map(String);
    return String(value)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return value === null || value === undefined ? undefined : String(value);
}

const KNOWN_KEYS = new Set<string>([
  ...Object.keys(DEFAULTS),
  'socket',
  'password_file',
  'groups_file',
  'admin_group',
  's3_endpoint',
  's3_path_style',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'dn_dns',
  'cluster_token',
]);

/** HSDS config keys that h5lab knows under another name. */
const HSDS_KEY_ALIASES: Record<string, string> = { aws_s3_gateway: 's3_endpoint', aws_region: 's3_region' };

/** Merges partial settings (unknown keys of HSDS config files are ignored, not errors). */
export function applySettings(base: EngineConfig, settings: Record<string, unknown>): EngineConfig {
  const out = { ...base } as Record<string, unknown>;
  for (const [name, v] of Object.entries(settings)) {
    const k = HSDS_KEY_ALIASES[name] ?? name;
    if (v === undefined || !KNOWN_KEYS.has(k)) continue;
    out[k] = coerce(k as keyof EngineConfig, v);
  }
  return out as unknown as EngineConfig;
}

export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  const parsed = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`config file ${file} must hold a mapping`);
  return parsed as Record<string, unknown>;
}

/** The AWS SDK's standard variables, overridden by their H5LAB_* forms. */
const AWS_ENV: Record<string, string> = {
  AWS_ACCESS_KEY_ID: 'aws_access_key_id',
  AWS_SECRET_ACCESS_KEY: 'aws_secret_access_key',
  AWS_SESSION_TOKEN: 'aws_session_token',
  AWS_REGION: 's3_region',
};

/** Settings from H5LAB_<KEY> environment variables (and the standard AWS ones). */
export function envSettings(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [envName, key] of Object.entries(AWS_ENV)) if (env[envName] !== undefined) out[key] = env[envName];
  for (const key of KNOWN_KEYS) {
    const v = env[`H5LAB_${key.toUpperCase()}`];
    if (v !== undefined) out[key] = v;
  }
  // Flag-style aliases documented for `h5lab serve`.
  const aliases: Record<string, string> = { H5LAB_BUCKET: 'bucket_name', H5LAB_ROOT: 'root_dir' };
  for (const [envName, key] of Object.entries(aliases)) if (env[envName] !== undefined) out[key] = env[envName];
  return out;
}

export function loadConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): EngineConfig {
  let cfg = DEFAULTS;
  const file = (flags.config as string | undefined) ?? env.H5LAB_CONFIG;
  if (file) cfg = applySettings(cfg, readConfigFile(file));
  cfg = applySettings(cfg, envSettings(env));
  cfg = applySettings(cfg, flags);
  validate(cfg);
  return cfg;
}

function validate(cfg: EngineConfig): void {
  if (!Number.isInteger(cfg.port) || cfg.port < 0 || cfg.port > 65535) throw new ConfigError(`invalid port ${cfg.port}`);
  if (!/^[A-Za-z0-9_.-]+$/.test(cfg.bucket_name)) throw new ConfigError(`invalid bucket name ${cfg.bucket_name}`);
  if (cfg.min_chunk_size > cfg.max_chunk_size) throw new ConfigError('min_chunk_size is larger than max_chunk_size');
  if (cfg.s3_endpoint && !/^https?:\/\/[^/]/.test(cfg.s3_endpoint))
    throw new ConfigError(`s3_endpoint: expected an http:// or https:// URL, got ${cfg.s3_endpoint}`);
}
