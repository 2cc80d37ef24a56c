/**
 * The service node's view of a cluster of data-node processes. Keys (object, chunk and domain ids) belong to
 * a live node by HSDS's rule, md5(key) mod the number of live nodes (nodes ordered by URL). A health loop
 * watches the nodes; when one stops answering (dead or hung) or comes back, the live set changes, the epoch
 * is bumped on every live node (see data-node-service.ts), and calls go to the new owners. Storage is the
 * source of truth and data nodes write through, so moving ownership loses nothing. A call that hits a node
 * going away is retried on the new owner: clients see at most a slower request. A node that froze and wakes
 * up cannot write over the new owners' data: its lease has lapsed (fence.ts), and it is taken back only
 * through a new epoch.
 */
import type { Selection } from '../../core/selection.js';
import type { ChunkSpec } from '../data/chunk-store.js';
import type { DataNodeApi } from '../data/data-node-api.js';
import { unavailable } from '../http/errors.js';
import type { Logger } from '../logger.js';
import { chunkId, partitionOf } from '../storage/ids.js';
import type { NodeRouter } from '../service/node-router.js';
import type { DomainRef } from '../service/service-node.js';
import { FAILURES_TO_DOWN, HEALTH_INTERVAL_MS, HEALTH_TIMEOUT_MS } from './cluster-timing.js';
import { NodeInfo, NodeUnavailable, RemoteDataNode, StaleEpoch } from './remote-data-node.js';

interface Member {
  url: string;
  node: RemoteDataNode;
  up: boolean;
  failures: number;
  info?: NodeInfo;
  /** Whether `info` is from the last health round (a node that failed it keeps its older info). */
  fresh: boolean;
}

export interface ClusterOptions {
  /** Current data-node URLs (static list, or re-read each health round, e.g. from DNS). */
  discover: () => Promise<string[]>;
  logger: Logger;
  healthIntervalMs?: number;
  healthTimeoutMs?: number;
  /** Consecutive failed health checks before a node counts as down. */
  failuresToDown?: number;
  callTimeoutMs?: number;
  /** Shared secret sent to data nodes. */
  token?: string;
}

const MAX_ATTEMPTS = 8;
/** How often the data-node list is re-read (DNS in Kubernetes). */
const DISCOVERY_INTERVAL_MS = 2000;

export class Cluster implements NodeRouter {
  private members = new Map<string, Member>();
  private live: Member[] = [];
  private epoch = 0;
  private changing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  /** The data-node URLs discovery last returned. */
  private urls: string[] = [];
  private stopped = false;
  private readonly interval: number;
  private readonly healthTimeout: number;
  private readonly failuresToDown: number;

  constructor(private readonly options: ClusterOptions) {
    this.interval = options.healthIntervalMs ?? HEALTH_INTERVAL_MS;
    this.healthTimeout = options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS;
    this.failuresToDown = options.failuresToDown ?? FAILURES_TO_DOWN;
  }

  get count(): number {
    return this.live.length;
  }

  ids(): string[] {
    return this.live.map((m) => m.info?.id ?? m.url);
  }

  /** First membership: waits until at least one node answers (or `waitMs` passes). */
  async start(waitMs = 30_000): Promise<void> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      await this.refresh();
      if (this.live.length > 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (this.live.length === 0) throw new Error('no data node answered');
    for (const m of this.members.values()) this.watch(m);
    const discovery = async () => {
      if (this.stopped) return;
      await this.discover().catch((e) => this.options.logger.warn(`data-node discovery failed: ${(e as Error).message}`));
      if (!this.stopped) this.timer = setTimeout(discovery, DISCOVERY_INTERVAL_MS);
    };
    this.timer = setTimeout(discovery, DISCOVERY_INTERVAL_MS);
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([...this.members.values()].map((m) => m.node.close()));
  }

  /** Checks every node now and changes membership if needed (at start, and when a call found it stale). */
  async refresh(): Promise<void> {
    await this.discover();
    await Promise.all([...this.members.values()].map((m) => this.check(m)));
    await this.reconsider();
  }

  /** Adds nodes that appeared (watched from then on) and forgets those gone that are not live. */
  private async discover(): Promise<void> {
    this.urls = await this.options.discover();
    for (const url of this.urls) {
      if (this.members.has(url)) continue;
      const m: Member = { url, node: new RemoteDataNode(url, this.options.callTimeoutMs, this.options.token), up: false, failures: 0, fresh: false };
      this.members.set(url, m);
      if (this.timer !== undefined) this.watch(m);
    }
    for (const [url, m] of this.members) {
      if (!this.urls.includes(url) && !m.up) {
        this.members.delete(url);
        void m.node.close();
      }
    }
  }

  /**
   * Each node is checked on its own schedule, so a node that hangs (each check waits out the timeout) does
   * not delay the checks that renew the other nodes' leases.
   */
  private watch(m: Member): void {
    const round = async () => {
      if (this.stopped || this.members.get(m.url) !== m) return;
      await this.check(m);
      await this.reconsider().catch((e) => this.options.logger.warn(`cluster membership change failed: ${(e as Error).message}`));
      if (!this.stopped) setTimeout(round, this.interval).unref?.();
    };
    setTimeout(round, this.interval).unref?.();
  }

  private async check(m: Member): Promise<void> {
    try {
      m.info = await m.node.info(this.healthTimeout);
      m.failures = 0;
      m.fresh = true;
    } catch {
      m.fresh = false;
      m.failures++;
    }
  }

  /** Changes membership when the set of healthy nodes differs from the live set, or a node needs a new epoch. */
  private reconsider(): Promise<void> {
    this.changing = this.changing.then(async () => {
      const healthy = (m: Member) => this.urls.includes(m.url) && (m.fresh || (m.up && m.failures < this.failuresToDown));
      const next = [...this.members.values()].filter(healthy);
      // A node that restarted answers with another epoch, and one whose lease lapsed is fenced: either must
      // be brought into a new epoch.
      const behind = next.some((m) => m.up && m.fresh && m.info && (m.info.epoch !== this.epoch || m.info.fence !== undefined));
      if (behind || !sameMembers(next, this.live)) await this.moveTo(next);
    });
    return this.changing;
  }

  private markDown(m: Member): void {
    if (!m.up) return;
    m.failures = this.failuresToDown;
    m.fresh = false;
    m.node.abandonCalls();
    void this.reconsider();
  }

  /** Moves every node of `next` to a new epoch (dropping those that do not confirm), then routes over them. */
  private async moveTo(next: Member[]): Promise<void> {
    let candidates = [...next].sort((a, b) => (a.url < b.url ? -1 : 1));
    for (;;) {
      const epoch = this.epoch + 1;
      // Confirmed within a health timeout: a node that cannot is dropped, not waited for by every call.
      const results = await Promise.allSettled(candidates.map((m) => m.node.setEpoch(epoch, m.info?.fence, this.healthTimeout)));
      const failed = candidates.filter((_, i) => results[i].status === 'rejected');
      this.epoch = epoch;
      if (failed.length === 0) break;
      for (const m of failed) m.fresh = false;
      candidates = candidates.filter((m) => !failed.includes(m));
    }
    for (const m of this.members.values()) {
      if (m.up && !candidates.includes(m)) m.node.abandonCalls();
      m.up = candidates.includes(m);
      // The fence token was sent with the epoch; the node's next answer says whether it took.
      if (m.up) m.fresh = false;
    }
    const before = this.live.map((m) => m.url).join(', ');
    this.live = candidates;
    this.options.logger.info(`cluster epoch ${this.epoch}: data nodes [${this.live.map((m) => m.url).join(', ')}] (was [${before}])`);
  }

  private async invoke(key: string, method: keyof DataNodeApi, args: unknown[]): Promise<unknown> {
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      await this.changing;
      if (this.live.length === 0) {
        await this.refresh().catch(() => undefined);
        if (this.live.length === 0) throw unavailable('no data node is available');
      }
      const m = this.live[this.live.length === 1 ? 0 : partitionOf(key, this.live.length)];
      try {
        return await m.node.call(method, args, this.epoch);
      } catch (e) {
        if (e instanceof NodeUnavailable) {
          this.markDown(m);
        } else if (e instanceof StaleEpoch) {
          await this.refresh().catch(() => undefined);
        } else {
          throw e;
        }
        lastError = e;
        await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      }
    }
    throw unavailable(`data nodes did not answer: ${(lastError as Error)?.message ?? 'unknown'}`);
  }

  /**
   * Calls `method` once per live node with the positions of `keys` it owns (`argsFor` builds the arguments
   * for those positions; the node answers one result per position). Positions whose node fails or is at
   * another epoch are grouped again over the nodes then live and retried, as `invoke` does for one key.
   */
  private async invokeGrouped(keys: string[], method: keyof DataNodeApi, argsFor: (positions: number[]) => unknown[]): Promise<unknown[]> {
    const results = new Array<unknown>(keys.length);
    let pending = keys.map((_, i) => i);
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      await this.changing;
      if (this.live.length === 0) {
        await this.refresh().catch(() => undefined);
        if (this.live.length === 0) throw unavailable('no data node is available');
      }
      const groups = new Map<Member, number[]>();
      for (const i of pending) {
        const m = this.live[this.live.length === 1 ? 0 : partitionOf(keys[i], this.live.length)];
        const group = groups.get(m);
        if (group) group.push(i);
        else groups.set(m, [i]);
      }
      const retry: number[] = [];
      await Promise.all(
        [...groups].map(async ([m, positions]) => {
          try {
            const answers = (await m.node.call(method, argsFor(positions), this.epoch)) as unknown[];
            positions.forEach((p, j) => (results[p] = answers[j]));
          } catch (e) {
            if (e instanceof NodeUnavailable) this.markDown(m);
            else if (e instanceof StaleEpoch) await this.refresh().catch(() => undefined);
            else throw e;
            lastError = e;
            retry.push(...positions);
          }
        }),
      );
      pending = retry;
    }
    if (pending.length > 0) throw unavailable(`data nodes did not answer: ${(lastError as Error)?.message ?? 'unknown'}`);
    return results;
  }

  async readChunkGroups(bucket: string, spec: ChunkSpec, indices: number[][], sels: Selection[]): Promise<(Uint8Array | undefined)[]> {
    const keys = indices.map((index) => chunkId(spec.datasetId, index));
    const answers = await this.invokeGrouped(keys, 'readChunks', (positions) => [
      bucket,
      spec,
      positions.map((p) => indices[p]),
      positions.map((p) => sels[p]),
    ]);
    // A chunk never written crosses the wire as null.
    return answers.map((a) => (a ?? undefined) as Uint8Array | undefined);
  }

  private routed(key: string): DataNodeApi {
    return new Proxy({} as DataNodeApi, {
      // Not a thenable: awaiting the routed node itself must not turn into a call.
      get: (_, method) => (method === 'then' ? undefined : (...args: unknown[]) => this.invoke(key, method as keyof DataNodeApi, args)),
    });
  }

  forObject(id: string): DataNodeApi {
    return this.routed(id);
  }

  forDomain(ref: DomainRef): DataNodeApi {
    return this.routed(`${ref.bucket}${ref.path}`);
  }

  forChunk(datasetId: string, index: readonly number[]): DataNodeApi {
    return this.routed(chunkId(datasetId, index));
  }

  /** Node states for GET /info, asked of each node now (counters move between health rounds). */
  async describe(): Promise<Record<string, unknown>[]> {
    const members = [...this.members.values()];
    const fresh = await Promise.all(members.map((m) => m.node.info(this.healthTimeout).catch(() => m.info)));
    return members.map((m, i) => ({
      id: fresh[i]?.id ?? m.url,
      url: m.url,
      state: m.up ? 'READY' : 'DOWN',
      pid: fresh[i]?.pid,
      calls: fresh[i]?.calls,
      epoch: fresh[i]?.epoch,
      meta_cache: fresh[i]?.meta_cache,
      chunk_cache: fresh[i]?.chunk_cache,
      storage_requests: fresh[i]?.storage_requests,
    }));
  }
}

function sameMembers(a: Member[], b: Member[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(b.map((m) => m.url));
  return a.every((m) => s.has(m.url));
}
