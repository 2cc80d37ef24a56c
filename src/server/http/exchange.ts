/**
 * The parts of a request and a response the engine uses. Node's IncomingMessage/ServerResponse satisfy
 * them; so do the in-memory pair of direct access (no socket), see ../direct.ts.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface IncomingLike extends AsyncIterable<Buffer> {
  readonly method?: string;
  readonly url?: string;
  readonly headers: IncomingHttpHeaders;
  readonly complete: boolean;
  resume(): unknown;
}

export interface ResponseLike {
  statusCode: number;
  statusMessage: string;
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
  write(chunk: Uint8Array | string): boolean;
  end(chunk?: Uint8Array | string): unknown;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
  destroy(): unknown;
}
