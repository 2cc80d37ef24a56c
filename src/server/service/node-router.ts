/**
 * Which data node owns what (HSDS partitions objects, chunks and domains by a hash of their id), as the
 * service layer sees it: in one process (DataNodes) or across processes (cluster/cluster.ts).
 */
import type { Selection } from '../../core/selection.js';
import type { ChunkSpec } from '../data/chunk-store.js';
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
  /**
   * Chunk selections read with one call per data node that owns some of them, answers in the order asked.
   * Routers whose calls cross processes have it (a call per chunk would cost a round trip each); in one
   * process a call costs nothing and chunks are read one call each.
   */
  readChunkGroups?(bucket: string, spec: ChunkSpec, indices: number[][], sels: Selection[]): Promise<(Uint8Array | undefined)[]>;
  /** Node states for GET /info. */
  describe(): Promise<Record<string, unknown>[]>;
  close?(): Promise<void>;
}
