/**
 * Response writers with HSDS's exact wire details: JSON as `application/json; charset=utf-8` (value reads
 * use plain `application/json`), binary as exactly `application/octet-stream` (h5pyd compares with string
 * equality), errors as plain text `"<status>: <reason>"` with the message as the HTTP reason phrase.
 */
import type { ResponseLike } from './exchange.js';
import { stringifyJson } from '../../core/json.js';

export interface Reply {
  status: number;
  /** JSON body (serialized with bare NaN/Infinity unless ignoreNan). */
  json?: unknown;
  /** Raw binary body. */
  binary?: Uint8Array;
  /** Streamed binary body: chunks are written as produced (large dataset reads). */
  stream?: AsyncIterable<Uint8Array>;
  /** Known length of a streamed body, when fixed-size. */
  contentLength?: number;
  contentType?: string;
  ignoreNan?: boolean;
  headers?: Record<string, string>;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const VALUE_JSON_TYPE = 'application/json';
export const BINARY_TYPE = 'application/octet-stream';

export const json = (body: unknown, status = 200, extra: Partial<Reply> = {}): Reply => ({ status, json: body, ...extra });
export const binary = (body: Uint8Array, status = 200): Reply => ({ status, binary: body });
export const empty = (status = 204): Reply => ({ status });

/** The reason phrase must be a single Latin-1 line; keep it short and printable. */
export function reasonPhrase(message: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = message.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 300 ? clean.slice(0, 297) + '...' : clean;
}

export function writeError(res: ResponseLike, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${status}: ${message}`;
  res.statusCode = status;
  res.statusMessage = reasonPhrase(message);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

export async function writeReply(res: ResponseLike, reply: Reply, headOnly: boolean): Promise<void> {
  res.statusCode = reply.status;
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  if (reply.json !== undefined) {
    const text = stringifyJson(reply.json, reply.ignoreNan);
    res.setHeader('Content-Type', reply.contentType ?? JSON_TYPE);
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(headOnly ? undefined : text);
    return;
  }
  if (reply.binary !== undefined) {
    res.setHeader('Content-Type', reply.contentType ?? BINARY_TYPE);
    res.setHeader('Content-Length', reply.binary.length);
    res.end(headOnly ? undefined : reply.binary);
    return;
  }
  if (reply.stream !== undefined) {
    res.setHeader('Content-Type', reply.contentType ?? BINARY_TYPE);
    if (reply.contentLength !== undefined) res.setHeader('Content-Length', reply.contentLength);
    for await (const chunk of reply.stream) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await writable(res);
    }
    res.end();
    return;
  }
  res.end();
}

/** Resolves when the response can take more, or is closed; leaves no listener behind (a stream has many pages). */
function writable(res: ResponseLike): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
