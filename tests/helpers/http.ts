/**
 * A thin HTTP helper for engine tests: requests with a domain, Basic credentials, JSON or binary bodies, and
 * the parsed answer (JSON with bare NaN/Infinity accepted, as HSDS emits it).
 */
import { parseJson } from '../../src/core/json.js';

export interface Answer {
  status: number;
  reason: string;
  headers: Headers;
  text: string;
  bytes: Uint8Array;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  domain?: string;
  user?: string;
  password?: string;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  binary?: Uint8Array;
  headers?: Record<string, string>;
  accept?: 'binary' | 'json';
}

export function basic(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

export class Api {
  constructor(
    readonly url: string,
    readonly user?: string,
    readonly password?: string,
    readonly domain?: string,
  ) {}

  as(user?: string, password?: string): Api {
    return new Api(this.url, user, password, this.domain);
  }

  in(domain: string): Api {
    return new Api(this.url, this.user, this.password, domain);
  }

  async request(method: string, path: string, o: RequestOptions = {}): Promise<Answer> {
    const u = new URL(this.url + path);
    const domain = o.domain ?? this.domain;
    if (domain !== undefined) u.searchParams.set('domain', domain);
    for (const [k, v] of Object.entries(o.query ?? {})) u.searchParams.set(k, String(v));
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const user = o.user ?? this.user;
    const password = o.password ?? this.password ?? '';
    if (user !== undefined && !('Authorization' in headers)) headers.Authorization = basic(user, password);
    let body: BodyInit | undefined;
    if (o.binary) {
      headers['Content-Type'] = 'application/octet-stream';
      body = o.binary as unknown as BodyInit;
    } else if (o.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    }
    if (o.accept === 'binary') headers.Accept = 'application/octet-stream';
    const res = await fetch(u, { method, headers, body });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    // Binary bodies can be hundreds of MB: decode text only for text answers.
    const text = type === 'application/octet-stream' ? '' : new TextDecoder().decode(bytes);
    let json: unknown;
    if (type.startsWith('application/json') && text.length) json = parseJson(text);
    return { status: res.status, reason: res.statusText, headers: res.headers, text, bytes, json };
  }

  get = (path: string, o?: RequestOptions) => this.request('GET', path, o);
  put = (path: string, o?: RequestOptions) => this.request('PUT', path, o);
  post = (path: string, o?: RequestOptions) => this.request('POST', path, o);
  delete = (path: string, o?: RequestOptions) => this.request('DELETE', path, o);
}

let counter = 0;
/** A fresh domain path under /home/test_user1/ for one test. */
export function uniqueDomain(prefix = 'test'): string {
  return `/home/test_user1/${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}.h5`;
}

/** Creates /home/test_user1 (as admin) if missing, so test domains can be created there. */
export async function ensureHome(url: string, user = 'test_user1'): Promise<void> {
  const admin = new Api(url, 'admin', 'admin');
  const r = await admin.put('/', { domain: `/home/${user}`, body: { folder: true, owner: user } });
  if (r.status !== 201 && r.status !== 409) throw new Error(`cannot create /home/${user}: ${r.status} ${r.text}`);
}
