/**
 * A data node in another process, called over HTTP with undici (keep-alive pool; Unix sockets for local
 * nodes). Errors the node answers come back as the same HttpErrors; a node that cannot be reached or does
 * not answer in time raises NodeUnavailable, and one at another epoch StaleEpoch — both tell the cluster
 * router to re-route and retry.
 */
import { Pool } from 'undici';
import type { DataNodeApi } from '../data/data-node-api.js';
import { HttpError } from '../http/errors.js';
import { decodeFrame, encodeFrame } from './rpc-frame.js';
import { RENEW_HEADER, STALE_EPOCH } from './cluster-timing.js';

export class NodeUnavailable extends Error {}
export class StaleEpoch extends Error {}

export interface NodeInfo {
  id: string;
  epoch: number;
  /** Set while the node is fenced (fence.ts): the token that takes it back. */
  fence?: string;
  start_time: number;
  [k: string]: unknown;
}

export class RemoteDataNode {
  private readonly pool: Pool;
  private readonly origin: string;

  private readonly headers: Record<string, string>;
  private readonly waiting = new Set<AbortController>();

  constructor(
    readonly url: string,
    private readonly timeoutMs = 30_000,
    token?: string,
  ) {
    this.headers = token ? { 'x-h5lab-cluster-token': token } : {};
    if (url.startsWith('unix:')) {
      this.origin = 'http://localhost';
      this.pool = new Pool(this.origin, { socketPath: url.slice(5), connections: 64 });
    } else {
      this.origin = url;
      this.pool = new Pool(url, { connections: 64 });
    }
  }

  private async post(path: string, message: unknown, timeoutMs: number): Promise<unknown> {
    const abort = new AbortController();
    this.waiting.add(abort);
    let frame: Uint8Array;
    try {
      let res;
      try {
        res = await this.pool.request({
          origin: this.origin,
          path,
          method: 'POST',
          body: encodeFrame(message),
          headers: { 'content-type': 'application/x-h5lab-frame', ...this.headers },
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal: abort.signal,
        });
      } catch (e) {
        throw new NodeUnavailable(`data node ${this.url} unreachable: ${(e as Error).message}`);
      }
      try {
        frame = new Uint8Array(await res.body.arrayBuffer());
      } catch (e) {
        throw new NodeUnavailable(`data node ${this.url} broke off its answer: ${(e as Error).message}`);
      }
    } finally {
      this.waiting.delete(abort);
    }
    const msg = decodeFrame(frame) as { ok?: unknown; error?: { status: number; message: string } };
    if (msg.error) {
      if (msg.error.status === STALE_EPOCH) throw new StaleEpoch(msg.error.message);
      throw new HttpError(msg.error.status, msg.error.message);
    }
    return msg.ok ?? undefined;
  }

  call(method: keyof DataNodeApi, args: unknown[], epoch: number): Promise<unknown> {
    return this.post('/call', { method, args, epoch }, this.timeoutMs);
  }

  /** Moves the node to `epoch`; `fence` is the token of its fence, to lift it (see fence.ts). */
  setEpoch(epoch: number, fence: string | undefined, timeoutMs: number): Promise<unknown> {
    return this.post('/epoch', { epoch, fence }, timeoutMs);
  }

  /** Abandons every call still waiting for this node (it has been given up on). */
  abandonCalls(): void {
    for (const abort of this.waiting) abort.abort(new Error('the node was dropped from the cluster'));
  }

  /** Health check: the node's identity and epoch, or NodeUnavailable within `timeoutMs`. */
  async info(timeoutMs: number): Promise<NodeInfo> {
    let res;
    try {
      res = await this.pool.request({ origin: this.origin, path: '/info', method: 'GET', headers: { ...this.headers, [RENEW_HEADER]: '1' }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    } catch (e) {
      throw new NodeUnavailable(`data node ${this.url} unreachable: ${(e as Error).message}`);
    }
    const msg = decodeFrame(new Uint8Array(await res.body.arrayBuffer())) as { ok?: NodeInfo };
    if (!msg.ok) throw new NodeUnavailable(`data node ${this.url} answered /info without data`);
    return msg.ok;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

