/**
 * The HTTP front of the service node: routing, CORS, common headers, error mapping and graceful shutdown.
 * Every failure becomes an HTTP answer — a bad request is a 4xx with a message, an unexpected fault a 500
 * that is logged — and never takes the process down.
 */
import { createServer, Server } from 'node:http';
import type { IncomingLike, ResponseLike } from './exchange.js';
import type { AddressInfo } from 'node:net';
import { SelectionError } from '../../core/selection.js';
import { TypeError_ } from '../../core/types.js';
import { ValueError } from '../../core/codec.js';
import { JsonSyntaxError } from '../../core/json.js';
import { QueryError } from '../query/expression.js';
import { HttpError } from './errors.js';
import { RequestContext } from './request-context.js';
import { Reply, writeError, writeReply } from './responses.js';
import { Router } from './router.js';
import type { Logger } from '../logger.js';

export type Handler = (ctx: RequestContext) => Promise<Reply>;

export interface HttpOptions {
  serverName: string;
  corsDomain: string;
  maxTaskCount: number;
  logger: Logger;
}

export class HttpFront {
  readonly server: Server;
  private inFlight = 0;
  private closing = false;
  private readonly idle: Array<() => void> = [];

  constructor(
    private readonly router: Router<Handler>,
    private readonly options: HttpOptions,
  ) {
    this.server = createServer({ keepAliveTimeout: 30_000, requestTimeout: 0 }, (req, res) => void this.handle(req, res));
  }

  private setCommonHeaders(req: IncomingLike, res: ResponseLike): void {
    res.setHeader('Server', this.options.serverName);
    res.setHeader('X-XSS-Protection', '1; mode=block');
    const cors = this.options.corsDomain;
    if (cors) {
      const origin = req.headers.origin;
      // With credentials allowed, browsers need the origin echoed rather than '*'.
      res.setHeader('Access-Control-Allow-Origin', cors === '*' && origin ? origin : cors);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', '*');
      if (cors === '*' && origin) res.setHeader('Vary', 'Origin');
    }
  }

  private preflight(req: IncomingLike, res: ResponseLike, path: string): void {
    const requested = String(req.headers['access-control-request-method'] ?? '').toUpperCase();
    const allowed = this.router.methodsFor(path);
    if (!requested || !allowed.includes(requested)) {
      writeError(res, 403, 'CORS preflight request failed');
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', requested);
    const reqHeaders = req.headers['access-control-request-headers'];
    if (reqHeaders) res.setHeader('Access-Control-Allow-Headers', String(reqHeaders));
    res.statusCode = 200;
    res.end();
  }

  /** Answers one request; also called directly, without a socket, by direct access. */
  async handle(req: IncomingLike, res: ResponseLike): Promise<void> {
    const started = performance.now();
    this.inFlight++;
    try {
      this.setCommonHeaders(req, res);
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'OPTIONS' && this.options.corsDomain) {
        this.preflight(req, res, path);
        return;
      }
      if (this.closing) {
        res.setHeader('Connection', 'close');
        throw new HttpError(503, 'server is shutting down');
      }
      if (this.inFlight > this.options.maxTaskCount) throw new HttpError(503, 'server busy, retry later');
      const { handler, params } = this.router.match(req.method ?? 'GET', path);
      const ctx = new RequestContext(req, res, params);
      const reply = await handler(ctx);
      await writeReply(res, reply, req.method === 'HEAD');
    } catch (e) {
      const { status, message } = toHttpError(e);
      if (status >= 500) this.options.logger.error(`${req.method} ${req.url} -> ${status}: ${(e as Error)?.stack ?? e}`);
      // Let the client finish sending so it reads our answer instead of a reset connection.
      if (!req.complete) req.resume();
      writeError(res, status, message);
    } finally {
      this.inFlight--;
      this.options.logger.debug(`${req.method} ${req.url} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`);
      if (this.inFlight === 0) this.idle.splice(0).forEach((f) => f());
    }
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  listenSocket(socketPath: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(socketPath, () => resolve());
    });
  }

  /** Stops accepting connections and waits for in-flight requests (so acknowledged writes complete). */
  async close(): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    this.server.closeAllConnections();
    await closed;
  }
}

export function toHttpError(e: unknown): { status: number; message: string } {
  if (e instanceof HttpError) return { status: e.status, message: e.message };
  if (e instanceof SelectionError) return { status: 400, message: `Invalid selection: ${e.message}` };
  if (e instanceof TypeError_ || e instanceof ValueError || e instanceof JsonSyntaxError || e instanceof QueryError)
    return { status: 400, message: e.message };
  return { status: 500, message: 'Internal Server Error' };
}
