/**
 * Which data node owns what (HSDS partitions objects, chunks and domains by a hash of their id), as the
 * service layer sees it: in one process (DataNodes) or across processes (cluster/cluster.ts).
 */
import type { DataNodeApi } from '../data/data-node-api.js';
import type { DomainRef } from './service-node.js';

export interface NodeRouter {
  /** Number of live data nodes. */
  readonly count: number;
  /** Ids of the live data nodes (`dn_ids` in answers). */
  ids(): string[];
  forObject(id: string): DataNodeApi;
  forDomain(ref: DomainRef): DataNodeApi;
  forChunk(datasetId: string, index: readonly number[]): DataNodeApi;
  /** Node states for GET /info. */
  describe(): Promise<Record<string, unknown>[]>;
  close?(): Promise<void>;
}
