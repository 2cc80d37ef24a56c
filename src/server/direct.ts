/**
 * Direct access: the whole engine as a function call, with no listening socket — what the CLI uses for
 * `--endpoint local`, what an AWS Lambda-style function runs, and what a notebook process can embed. A
 * request goes through the same routing, auth and handlers as over HTTP, via an in-memory request/response.
 */
import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { createEngine, Engine } from './app.js';
import type { EngineConfig } from './config.js';
import type { IncomingLike, ResponseLike } from './http/exchange.js';
import { createLogger, Logger } from './logger.js';

export interface DirectRequest {
  method: string;
  /** Path with query string, e.g. `/datasets/d-…/value?domain=/home/u/f.h5&select=[0:10]`. */
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
}

export interface DirectResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

class MemoryRequest implements IncomingLike {
  readonly headers: IncomingHttpHeaders;
  complete = false;

  constructor(
    readonly method: string,
    readonly url: string,
    headers: Record<string, string>,
    private readonly body: Uint8Array | undefined,
  ) {
    this.headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    if (body && this.headers['content-length'] === undefined) this.headers['content-length'] = String(body.length);
  }

  resume(): void {
    this.complete = true;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    if (this.body && this.body.length) yield Buffer.from(this.body.buffer, this.body.byteOffset, this.body.byteLength);
    this.complete = true;
  }
}

class MemoryResponse extends EventEmitter implements ResponseLike {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  destroyed = false;
  readonly headers: Record<string, string> = {};
  private readonly parts: Buffer[] = [];
  private finish!: () => void;
  readonly done = new Promise<void>((resolve) => (this.finish = resolve));

  setHeader(name: string, value: number | string | readonly string[]): void {
    this.headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }

  write(chunk: Uint8Array | string): boolean {
    this.headersSent = true;
    this.parts.push(Buffer.from(chunk));
    return true;
  }

  end(chunk?: Uint8Array | string): void {
    if (chunk !== undefined) this.write(chunk);
    this.headersSent = true;
    this.finish();
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('close');
    this.finish();
  }

  body(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}

export interface DirectEngine {
  handle(request: DirectRequest): Promise<DirectResponse>;
  engine: Engine;
  close(): Promise<void>;
}

/** An engine answering calls in this process (storage, caches and data nodes as configured). */
export async function createDirectEngine(config: EngineConfig, logger: Logger = createLogger(config.log_level)): Promise<DirectEngine> {
  const engine = await createEngine(config, logger);
  return {
    engine,
    async handle(request: DirectRequest): Promise<DirectResponse> {
      const req = new MemoryRequest(request.method, request.url, request.headers ?? {}, request.body);
      const res = new MemoryResponse();
      await engine.http.handle(req, res);
      await res.done;
      return { status: res.statusCode, statusText: res.statusMessage, headers: res.headers, body: res.body() };
    },
    close: () => engine.close(),
  };
}
