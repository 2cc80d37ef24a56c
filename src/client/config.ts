/**
 * Client settings as h5pyd reads them, without touching the file system (browser-safe); node/hscfg.ts finds
 * and reads the file.
 *
 * .hscfg syntax: `key = value` lines, blank lines and lines starting with `#` ignored, a trailing ` # comment`
 * after the value dropped. Precedence (h5pyd's File/HttpConn): explicit options, then the `HS_<KEY>`
 * environment variable (for every key of the file and the standard ones), then the file. Empty values and
 * "none" (any case) mean unset for user, password, api key and bucket; a trailing slash on the endpoint is
 * dropped.
 */

export interface HsConfig {
  endpoint?: string;
  username?: string;
  password?: string;
  apiKey?: string;
  bucket?: string;
}

/** Raw `key = value` settings, keys as written (hs_endpoint, hs_username, …). */
export type HscfgValues = Record<string, string>;

export interface HscfgProblem {
  line: number;
  text: string;
}

const STANDARD_KEYS = ['hs_endpoint', 'hs_username', 'hs_password', 'hs_api_key', 'hs_bucket'] as const;

/** Parses .hscfg text. Lines without `=` are reported through `problems` and skipped, as h5pyd does. */
export function parseHscfg(text: string, problems?: HscfgProblem[]): HscfgValues {
  const out: HscfgValues = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const s = raw.trim();
    if (!s || s.startsWith('#')) return;
    const eq = s.indexOf('=');
    if (eq < 0) {
      problems?.push({ line: i + 1, text: raw });
      return;
    }
    // Split at the first '=' only: API keys and passwords may contain '=' (base64 padding).
    const key = s.slice(0, eq).trim();
    let value = s.slice(eq + 1).trim();
    const comment = /\s+#/.exec(value);
    if (comment) value = value.slice(0, comment.index);
    out[key] = value;
  });
  return out;
}

/** .hscfg text as hsconfigure writes it. */
export function formatHscfg(config: HsConfig): string {
  const lines = [
    '# HDFCloud configuration file',
    `hs_endpoint = ${config.endpoint ?? ''}`,
    `hs_username = ${config.username ?? ''}`,
    `hs_password = ${config.password ?? ''}`,
    `hs_api_key = ${config.apiKey ?? ''}`,
  ];
  if (config.bucket) lines.push(`hs_bucket = ${config.bucket}`);
  return lines.join('\n') + '\n';
}

export type Environment = Record<string, string | undefined>;

/** Merges file values, environment and explicit options with h5pyd's precedence. */
export function resolveConfig(file: HscfgValues = {}, env: Environment = {}, explicit: HsConfig = {}): HsConfig & { values: HscfgValues } {
  const values: HscfgValues = { ...file };
  for (const key of new Set([...Object.keys(file), ...STANDARD_KEYS])) {
    const fromEnv = env[key.toUpperCase()];
    if (fromEnv !== undefined) values[key] = fromEnv;
  }
  const pick = (given: string | undefined, key: string) => (given !== undefined ? given : values[key]);
  return {
    endpoint: normalizeEndpoint(pick(explicit.endpoint, 'hs_endpoint')),
    username: unsetIfNone(pick(explicit.username, 'hs_username')),
    password: unsetIfNone(pick(explicit.password, 'hs_password')),
    apiKey: unsetIfNone(pick(explicit.apiKey, 'hs_api_key')),
    bucket: unsetIfNone(pick(explicit.bucket, 'hs_bucket')),
    values,
  };
}

function unsetIfNone(v: string | undefined): string | undefined {
  return v === undefined || v === '' || v.toLowerCase() === 'none' ? undefined : v;
}

/** Drops trailing slashes (a known h5pyd complaint: `http://host:5101/` used to break every request). */
export function normalizeEndpoint(endpoint: string | undefined): string | undefined {
  if (endpoint === undefined) return undefined;
  const e = endpoint.trim().replace(/\/+$/, '');
  return e === '' || e.toLowerCase() === 'none' ? undefined : e;
}

/**
 * Splits a domain given as a URL, as h5pyd accepts them: `http(s)://host:port/home/u/f.h5` names the endpoint
 * too, `hdf5://home/u/f.h5` is the path `/home/u/f.h5`; plain paths pass through.
 */
export function splitDomainUrl(domain: string): { endpoint?: string; path: string } {
  const m = /^(https?:\/\/[^/]+)(\/.*)?$/.exec(domain);
  if (m) {
    if (!m[2]) throw new TypeError(`'${domain}' has no domain path after the server address`);
    return { endpoint: m[1], path: m[2] };
  }
  if (domain.startsWith('hdf5://')) return { path: domain.slice('hdf5:/'.length) };
  return { path: domain };
}
