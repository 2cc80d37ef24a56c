/**
 * A data node as its own process: the DataNode calls served over HTTP (loopback, a Unix socket, or the pod
 * network). The service node tags every call with the cluster epoch; when membership changes it moves every
 * data node to the new epoch, and a node then finishes the calls it has, empties its caches (the keys it owns
 * may have changed) and refuses calls of an older epoch with 421, which the service node retries elsewhere.
 * The node also acts only while its lease holds (fence.ts): health checks renew it, and an epoch change that
 * carries the fence's token lifts a fence.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataNode } from '../data/data-node.js';
import type { DataNodeApi } from '../data/data-node-api.js';
import { HttpError } from '../http/errors.js';
import { toHttpError } from '../http/http-server.js';
import type { Logger } from '../logger.js';
import { decodeFrame, encodeFrame } from './rpc-frame.js';
import { RENEW_HEADER, STALE_EPOCH } from './cluster-timing.js';
import type { Fence } from './fence.js';

/** The calls a service node may make (DataNodeApi); nothing else on the DataNode is reachable. */
export const DATA_NODE_CALLS: readonly (keyof DataNodeApi)[] = [
  'getDomain', 'createDomain', 'putAcl', 'deleteDomain', 'listFolder',
  'getObject', 'hasObject', 'createObject', 'deleteObject', 'deleteRootTree',
  'getLink', 'putLinks', 'deleteLinks',
  'getAttribute', 'putAttributes', 'deleteAttributes',
  'resizeDataset',
  'listChunks', 'deleteChunk', 'fillChunk', 'readChunk', 'readChunks', 'readChunkPoints', 'writeChunk', 'writeChunkPoints',
  'writeStoredChunk', 'readStoredChunk', 'queryChunk',
  'readSummary', 'summarize', 'stats',
];


export class DataNodeService {
  readonly id = `dn-${randomBytes(3).toString('hex')}`;
  readonly startTime = Date.now() / 1000;
  readonly server: Server;
  private epoch = 0;
  /** Calls served, for /info (the service node's grouping of chunk reads shows in it). */
  private calls = 0;
  private readonly running = new Map<number, number>();
  private drained: (() => void)[] = [];

  constructor(
    private readonly node: DataNode,
    private readonly fence: Fence,
    private readonly logger: Logger,
    /** When set, every request must carry it in x-h5lab-cluster-token. */
    private readonly token?: string,
  ) {
    this.server = createServer({ keepAliveTimeout: 60_000, requestTimeout: 0 }, (req, res) => void this.handle(req, res));
  }

  private async readBody(req: IncomingMessage): Promise<Uint8Array> {
    const parts: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) parts.push(c);
    return Buffer.concat(parts);
  }

  private reply(res: ServerResponse, status: number, value: unknown): void {
    const body = encodeFrame(value);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/x-h5lab-frame');
    res.setHeader('Content-Length', body.length);
    res.end(body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (this.token && !sameSecret(String(req.headers['x-h5lab-cluster-token'] ?? ''), this.token))
        throw new HttpError(401, 'cluster token required');
      if (req.method === 'GET' && req.url === '/info') {
        // Only the service node's health checks renew the lease (not, say, a Kubernetes probe).
        if (req.headers[RENEW_HEADER] === '1') this.fence.renew();
        const fence = this.fence.raised;
        this.reply(res, 200, {
          ok: { id: this.id, state: 'READY', epoch: this.epoch, ...(fence ? { fence } : {}), start_time: this.startTime, pid: process.pid, calls: this.calls, ...(await this.node.stats()) },
        });
        return;
      }
      if (req.method !== 'POST') throw new HttpError(405, 'Method Not Allowed');
      const msg = decodeFrame(await this.readBody(req)) as { method?: string; args?: unknown[]; epoch?: number };
      if (req.url === '/epoch') {
        const { fence } = msg as { fence?: string };
        await this.moveTo(Number(msg.epoch));
        if (this.fence.release(fence)) this.logger.info(`${this.id} taken back into the cluster at epoch ${this.epoch}`);
        this.reply(res, 200, { ok: this.epoch });
        return;
      }
      if (req.url !== '/call') throw new HttpError(404, 'Not Found');
      const method = msg.method as keyof DataNodeApi;
      if (!DATA_NODE_CALLS.includes(method) || !Array.isArray(msg.args)) throw new HttpError(400, `unknown data-node call ${String(msg.method)}`);
      if (msg.epoch !== this.epoch) throw new HttpError(STALE_EPOCH, `stale epoch ${msg.epoch}, node is at ${this.epoch}`);
      this.fence.check();
      this.calls++;
      const epoch = this.epoch;
      this.running.set(epoch, (this.running.get(epoch) ?? 0) + 1);
      try {
        const fn = this.node[method] as (...a: unknown[]) => Promise<unknown>;
        const result = await fn.apply(this.node, msg.args);
        this.reply(res, 200, { ok: result === undefined ? null : result });
      } finally {
        const left = (this.running.get(epoch) ?? 1) - 1;
        if (left === 0) this.running.delete(epoch);
        else this.running.set(epoch, left);
        if (this.olderRunning() === 0) this.drained.splice(0).forEach((f) => f());
      }
    } catch (e) {
      // The same status as the service node gives in one process (bad client input found here is a 400 too).
      const { status, message } = toHttpError(e);
      if (status >= 500 && status !== STALE_EPOCH) this.logger.error(`data node call failed: ${(e as Error).stack ?? e}`);
      if (!res.headersSent) this.reply(res, status, { error: { status, message: status === 500 ? ((e as Error).message ?? message) : message } });
    }
  }

  private olderRunning(): number {
    let n = 0;
    for (const [epoch, count] of this.running) if (epoch < this.epoch) n += count;
    return n;
  }

  /** Adopts a new epoch: refuse older calls, wait for those running, drop cached state. */
  private async moveTo(epoch: number): Promise<void> {
    if (!Number.isInteger(epoch) || epoch < 0) throw new HttpError(400, 'invalid epoch');
    if (epoch === this.epoch) return;
    this.epoch = epoch;
    if (this.olderRunning() > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    this.node.clearCaches();
    this.logger.info(`${this.id} moved to epoch ${epoch}`);
  }

  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const a = this.server.address() as { address: string; port: number };
        resolve(`http://${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}`);
      });
    });
  }

  listenSocket(path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(path, () => resolve(`unix:${path}`));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
