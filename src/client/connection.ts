/**
 * A Connection is one server endpoint with its credentials and bucket: it builds HDF REST requests (domain and
 * bucket parameters, Basic or Bearer authorization, JSON with bare NaN/Infinity and 64-bit integers, binary
 * bodies), retries transient failures with exponential backoff and jitter, and turns failures into HsError.
 */
import { parseJson, stringifyJson } from '../core/json.js';
import { base64 } from './base64.js';
import { HsConfig, normalizeEndpoint } from './config.js';
import { HsError, HsErrorInit } from './errors.js';
import { FetchTransport, HttpRequest, HttpResponse, Transport, TransportError } from './transport.js';

export interface ConnectionOptions extends HsConfig {
  transport?: Transport;
  /** Extra attempts after a 500/502/503/504 or a network failure (default 5). */
  retries?: number;
  /** First backoff delay in ms (default 100); doubles per attempt, with jitter. */
  retryDelayMs?: number;
  /** Upper bound of one backoff delay in ms (default 5000). */
  maxRetryDelayMs?: number;
  /** Per-request time limit in ms (default 180 s, as h5pyd). */
  timeoutMs?: number;
}

export type QueryValue = string | number | boolean | undefined | null;
export type Method = HttpRequest['method'];

export interface RestRequest {
  method: Method;
  /** Path below the endpoint, starting with '/'. */
  path: string;
  domain?: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  binary?: Uint8Array;
  /** Ask for `application/octet-stream` (value endpoints honour it). */
  acceptBinary?: boolean;
  /** Statuses to return instead of throwing (e.g. 404 for existence checks). */
  allow?: number[];
  /** A POST that only reads (point selections, bulk lookups) and may be repeated safely. */
  idempotent?: boolean;
  /** What was asked for, for error messages ("link 'x' in /g"). */
  what?: string;
  signal?: AbortSignal;
}

export class RestResponse {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly headers: Record<string, string>,
    readonly body: Uint8Array,
  ) {}

  get contentType(): string {
    return this.headers['content-type'] ?? '';
  }

  /** HSDS marks binary answers with exactly this content type (no parameters). */
  get isBinary(): boolean {
    return this.contentType === 'application/octet-stream';
  }

  text(): string {
    return new TextDecoder().decode(this.body);
  }

  /** Parsed JSON body; NaN/Infinity accepted, integers beyond 2^53 as BigInt. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json<T = any>(): T {
    return (this.body.length ? parseJson(this.text()) : {}) as T;
  }
}

const RETRY_STATUSES = new Set([500, 502, 503, 504]);

export interface AboutJson {
  state: string;
  hsds_version?: string;
  name?: string;
  greeting?: string;
  about?: string;
  username?: string;
  isadmin?: boolean;
  node_count?: number;
  start_time?: number;
  [key: string]: unknown;
}

export class Connection {
  readonly endpoint: string;
  readonly username?: string;
  readonly bucket?: string;
  readonly transport: Transport;
  private readonly password?: string;
  private readonly apiKey?: string;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly timeoutMs: number;

  constructor(options: ConnectionOptions) {
    const endpoint = normalizeEndpoint(options.endpoint);
    if (!endpoint)
      throw new Error('no endpoint set: give an endpoint, or set hs_endpoint in ~/.hscfg or the HS_ENDPOINT environment variable');
    this.endpoint = endpoint;
    this.username = options.username || undefined;
    this.password = options.password || undefined;
    this.apiKey = options.apiKey || undefined;
    this.bucket = options.bucket || undefined;
    this.transport = options.transport ?? new FetchTransport();
    this.retries = options.retries ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 180_000;
  }

  /** Settings to open a second connection to the same server (external links, copies). */
  get config(): HsConfig {
    return { endpoint: this.endpoint, username: this.username, password: this.password, apiKey: this.apiKey, bucket: this.bucket };
  }

  private get credentials(): HsErrorInit['credentials'] {
    if (this.apiKey) return { kind: 'bearer' };
    if (this.username !== undefined && this.password !== undefined) return { kind: 'basic', user: this.username };
    return undefined;
  }

  private authorization(): string | undefined {
    if (this.apiKey) return `Bearer ${this.apiKey}`;
    if (this.username !== undefined && this.password !== undefined)
      return `Basic ${base64(new TextEncoder().encode(`${this.username}:${this.password}`))}`;
    return undefined;
  }

  url(path: string, domain?: string, query: Record<string, QueryValue> = {}): string {
    const params = new URLSearchParams();
    if (domain !== undefined) params.set('domain', domain);
    if (this.bucket) params.set('bucket', this.bucket);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
    const qs = params.toString();
    return `${this.endpoint}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Sends a request, retrying transient failures; throws HsError unless the status is < 400 or allowed. */
  async request(req: RestRequest): Promise<RestResponse> {
    const headers: Record<string, string> = {};
    const auth = this.authorization();
    if (auth) headers.Authorization = auth;
    let body: Uint8Array | string | undefined;
    if (req.binary) {
      headers['Content-Type'] = 'application/octet-stream';
      body = req.binary;
    } else if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = stringifyJson(req.json);
    }
    if (req.acceptBinary) headers.Accept = 'application/octet-stream';
    const url = this.url(req.path, req.domain, req.query);
    const repeatable = req.method !== 'POST' || req.idempotent === true;

    for (let attempt = 1; ; attempt++) {
      const canRetry = attempt <= this.retries;
      let res: HttpResponse;
      try {
        res = await this.transport.send({ method: req.method, url, headers, body, signal: this.signalFor(req.signal) });
      } catch (err) {
        if (req.signal?.aborted) throw err;
        const transportError = asTransportError(err, this.timeoutMs);
        if (!transportError) throw err;
        if (canRetry && (repeatable || !transportError.sent)) {
          await this.backoff(attempt, undefined, req.signal);
          continue;
        }
        throw this.error(req, 0, transportError.message, attempt, transportError);
      }
      if (RETRY_STATUSES.has(res.status) && canRetry && repeatable) {
        await this.backoff(attempt, res.headers['retry-after'], req.signal);
        continue;
      }
      const response = new RestResponse(res.status, reasonOf(res), res.headers, res.body);
      if (res.status >= 400 && !req.allow?.includes(res.status)) throw this.error(req, res.status, response.reason, attempt);
      return response;
    }
  }

  /** GET/PUT/POST/DELETE returning the parsed JSON body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async json<T = any>(method: Method, path: string, options: Omit<RestRequest, 'method' | 'path'> = {}): Promise<T> {
    return (await this.request({ ...options, method, path })).json<T>();
  }

  /** `GET /about`: server state and version; also checks the credentials when given. */
  about(signal?: AbortSignal): Promise<AboutJson> {
    return this.json<AboutJson>('GET', '/about', { signal });
  }

  async close(): Promise<void> {
    await this.transport.close?.();
  }

  private signalFor(user?: AbortSignal): AbortSignal | undefined {
    if (!(this.timeoutMs > 0) || typeof AbortSignal.timeout !== 'function') return user;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    if (!user) return timeout;
    return typeof AbortSignal.any === 'function' ? AbortSignal.any([user, timeout]) : user;
  }

  private async backoff(attempt: number, retryAfter: string | undefined, signal?: AbortSignal): Promise<void> {
    const exp = Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** (attempt - 1));
    // "Equal jitter": at least half the exponential delay, so clients that failed together spread out.
    let delay = exp / 2 + Math.random() * (exp / 2);
    const hinted = retryAfter !== undefined ? Number(retryAfter) * 1000 : NaN;
    if (Number.isFinite(hinted)) delay = Math.min(this.maxRetryDelayMs, Math.max(delay, hinted));
    await sleep(delay, signal);
  }

  private error(req: RestRequest, status: number, reason: string, attempts: number, cause?: unknown): HsError {
    return new HsError({
      status,
      reason,
      method: req.method,
      path: req.path,
      domain: req.domain,
      endpoint: this.endpoint,
      credentials: this.credentials,
      attempts,
      what: req.what,
      cause,
    });
  }
}

function asTransportError(err: unknown, timeoutMs: number): TransportError | undefined {
  if (err instanceof TransportError) return err;
  if (err instanceof Error && err.name === 'TimeoutError')
    return new TransportError(`no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`, 'ETIMEDOUT', true, { cause: err });
  return undefined;
}

/** The reason phrase, or HSDS's "404: reason" body when the transport gives no status text. */
function reasonOf(res: HttpResponse): string {
  if (res.statusText) return res.statusText;
  if (res.status < 400 || res.body.length > 2048) return '';
  const m = /^\d{3}: (.*)$/s.exec(new TextDecoder().decode(res.body).trim());
  return m ? m[1] : '';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
