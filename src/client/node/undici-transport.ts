/**
 * Node transport on undici keep-alive pools (one pool per origin): about a third of fetch's per-request cost,
 * which matters for metadata walks made of many small requests.
 */
import { Pool } from 'undici';
import { HttpRequest, HttpResponse, Transport, toTransportError } from '../transport.js';

export interface UndiciTransportOptions {
  /** Sockets per origin (default 16, as h5pyd's session pool). */
  connections?: number;
  /** Idle keep-alive time in ms before a socket is closed (default 4 s). */
  keepAliveTimeout?: number;
}

export class UndiciTransport implements Transport {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly options: UndiciTransportOptions = {}) {}

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.options.connections ?? 16,
        keepAliveTimeout: this.options.keepAliveTimeout ?? 4000,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    try {
      const res = await this.poolFor(url.origin).request({
        method: req.method,
        path: url.pathname + url.search,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
      });
      const body = new Uint8Array(await res.body.arrayBuffer());
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: res.statusCode, statusText: res.statusText ?? '', headers, body };
    } catch (err) {
      throw toTransportError(err, req.url);
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}
