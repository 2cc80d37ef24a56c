/**
 * One incoming request: typed access to its route params, query, headers and body, with the HDF REST API's
 * conventions (domain from `domain=` or `X-Hdf-domain`, bucket from `bucket=`/`X-Hdf-bucket`, boolean params).
 */
import type { IncomingLike, ResponseLike } from './exchange.js';
import { parseJson } from '../../core/json.js';
import { badRequest, tooLarge } from './errors.js';
import type { Params } from './router.js';

export class RequestContext {
  readonly url: URL;
  private bodyCache?: Promise<Buffer>;

  constructor(
    readonly req: IncomingLike,
    readonly res: ResponseLike,
    readonly params: Params,
  ) {
    this.url = new URL(req.url ?? '/', 'http://localhost');
  }

  get method(): string {
    return this.req.method ?? 'GET';
  }

  get path(): string {
    return this.url.pathname;
  }

  query(name: string): string | undefined {
    return this.url.searchParams.get(name) ?? undefined;
  }

  has(name: string): boolean {
    return this.url.searchParams.has(name);
  }

  /**
   * HSDS mixes two notions of a true flag; we accept the union the clients send: missing, empty, "0",
   * "false" and "f" are false, anything else true.
   */
  bool(name: string, body?: unknown): boolean {
    let v: unknown = this.query(name);
    if (v === undefined && body && typeof body === 'object' && name in body) v = (body as Record<string, unknown>)[name];
    if (v === undefined || v === null || v === false) return false;
    if (v === true) return true;
    const s = String(v).trim().toLowerCase();
    return !(s === '' || s === '0' || s === 'false' || s === 'f');
  }

  /** Non-negative integer query param (Limit etc.); 400 when malformed. */
  int(name: string): number | undefined {
    const v = this.query(name);
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v)) throw badRequest(`${name} must be a non-negative integer`);
    return Number(v);
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  get isBinaryRequest(): boolean {
    return (this.header('content-type') ?? '').includes('application/octet-stream');
  }

  /** HSDS answers binary only when Accept is exactly application/octet-stream. */
  get wantsBinary(): boolean {
    return (this.header('accept') ?? '').trim() === 'application/octet-stream';
  }

  hasBody(): boolean {
    const len = this.header('content-length');
    if (len !== undefined) return Number(len) > 0;
    return this.header('transfer-encoding') !== undefined;
  }

  /** Whole body, refused with 413 beyond `limit` bytes (checked before reading when the length is declared). */
  body(limit: number): Promise<Buffer> {
    if (!this.bodyCache) this.bodyCache = this.readAll(limit);
    return this.bodyCache;
  }

  private async readAll(limit: number): Promise<Buffer> {
    const declared = Number(this.header('content-length') ?? NaN);
    if (declared > limit) {
      this.req.resume();
      throw tooLarge(`request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
    }
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        this.req.resume();
        throw tooLarge(`request body exceeds the limit of ${limit} bytes`);
      }
      parts.push(chunk);
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
  }

  /** Parsed JSON body (NaN/Infinity accepted, as Python's json does), or undefined when there is none. */
  async json(limit: number): Promise<unknown> {
    if (!this.hasBody()) return undefined;
    const buf = await this.body(limit);
    if (buf.length === 0) return undefined;
    try {
      return parseJson(buf.toString('utf8'));
    } catch {
      throw badRequest('Unable to load JSON body');
    }
  }

  /** JSON body that must be an object. */
  async jsonObject(limit: number, what = 'request'): Promise<Record<string, unknown>> {
    const body = await this.json(limit);
    if (body === undefined) throw badRequest(`${what} requires a JSON body`);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest(`${what} body must be a JSON object`);
    return body as Record<string, unknown>;
  }

  /** Body stream for streamed binary writes. */
  bodyStream(): AsyncIterable<Buffer> {
    return this.req as AsyncIterable<Buffer>;
  }
}
