/**
 * Which data node owns what: HSDS partitions objects, chunks and domains over data nodes by a hash of their
 * id (`md5(id)[:5] mod N`), so every read and write of one item goes through one node — that is what gives
 * read-your-writes on eventually consistent stores and lets one node serialize writes to a chunk.
 */
import { chunkId, partitionOf } from '../storage/ids.js';
import type { DataNodeApi } from '../data/data-node-api.js';
import type { DomainRef } from './service-node.js';
import type { NodeRouter } from './node-router.js';

export class DataNodes implements NodeRouter {
  constructor(readonly nodes: DataNodeApi[]) {
    if (nodes.length === 0) throw new Error('at least one data node is required');
  }

  get count(): number {
    return this.nodes.length;
  }

  ids(): string[] {
    return this.nodes.map((_, i) => `dn-${i}`);
  }

  private pick(key: string): DataNodeApi {
    return this.nodes.length === 1 ? this.nodes[0] : this.nodes[partitionOf(key, this.nodes.length)];
  }

  forObject(id: string): DataNodeApi {
    return this.pick(id);
  }

  forDomain(ref: DomainRef): DataNodeApi {
    return this.pick(`${ref.bucket}${ref.path}`);
  }

  forChunk(datasetId: string, index: readonly number[]): DataNodeApi {
    return this.pick(chunkId(datasetId, index));
  }

  /** Node states for GET /info. */
  async describe(): Promise<Record<string, unknown>[]> {
    return Promise.all(this.nodes.map(async (dn, i) => ({ id: `dn-${i}`, state: 'READY', ...(await dn.stats()) })));
  }
}
