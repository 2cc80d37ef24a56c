/**
 * What the service layer may ask of a data node. Every argument and result is plain data (JSON plus byte
 * arrays), so the same calls work in-process (DataNode) and across processes (cluster/remote-data-node.ts).
 */
import type { Selection, SliceSel } from '../../core/selection.js';
import type { AttributeJson, DomainJson, LinkJson, ObjectJson } from '../model.js';
import type { ChunkSpec, FieldWrite } from './chunk-store.js';
import type { ChunkQuery } from './chunk-query.js';
import type { DomainSummary } from './summary.js';

export type PutStatus = 200 | 201;

export interface DataNodeApi {
  getDomain(bucket: string, path: string): Promise<DomainJson | undefined>;
  createDomain(bucket: string, path: string, json: DomainJson): Promise<void>;
  putAcl(bucket: string, path: string, user: string, acl: Record<string, unknown>): Promise<void>;
  deleteDomain(bucket: string, path: string): Promise<void>;
  listFolder(bucket: string, folderPath: string): Promise<string[]>;

  getObject<T extends ObjectJson = ObjectJson>(bucket: string, id: string): Promise<T>;
  hasObject(bucket: string, id: string): Promise<boolean>;
  createObject(bucket: string, json: ObjectJson): Promise<void>;
  deleteObject(bucket: string, id: string): Promise<void>;
  deleteRootTree(bucket: string, rootId: string): Promise<void>;

  getLink(bucket: string, groupId: string, title: string): Promise<LinkJson>;
  putLinks(bucket: string, groupId: string, links: Record<string, LinkJson>): Promise<Record<string, PutStatus>>;
  deleteLinks(bucket: string, groupId: string, titles: string[]): Promise<void>;

  getAttribute(bucket: string, objId: string, name: string): Promise<AttributeJson>;
  putAttributes(bucket: string, objId: string, attrs: Record<string, AttributeJson>, replace: boolean): Promise<Record<string, PutStatus>>;
  deleteAttributes(bucket: string, objId: string, names: string[]): Promise<void>;

  resizeDataset(bucket: string, spec: ChunkSpec, change: { dims?: number[]; extend?: number; dim?: number }): Promise<{ oldDims: number[]; dims: number[] }>;

  listChunks(bucket: string, datasetId: string): Promise<number[][]>;
  deleteChunk(bucket: string, spec: ChunkSpec, index: number[]): Promise<void>;
  fillChunk(bucket: string, spec: ChunkSpec, index: number[], sel: Selection): Promise<void>;
  readChunk(bucket: string, spec: ChunkSpec, index: number[], sel: Selection): Promise<Uint8Array | undefined>;
  /** Several chunks' selections in one call (one round trip to a data node in another process). */
  readChunks(bucket: string, spec: ChunkSpec, indices: number[][], sels: Selection[]): Promise<(Uint8Array | undefined)[]>;
  readChunkPoints(bucket: string, spec: ChunkSpec, index: number[], offsets: number[]): Promise<Uint8Array | undefined>;
  writeChunk(bucket: string, spec: ChunkSpec, index: number[], sel: Selection, data: Uint8Array, fields?: FieldWrite): Promise<void>;
  writeChunkPoints(bucket: string, spec: ChunkSpec, index: number[], offsets: number[], data: Uint8Array): Promise<void>;
  writeStoredChunk(bucket: string, spec: ChunkSpec, index: number[], stored: Uint8Array, extent: number[]): Promise<void>;
  readStoredChunk(bucket: string, spec: ChunkSpec, index: number[]): Promise<Uint8Array | undefined>;
  queryChunk(bucket: string, spec: ChunkSpec, index: number[], sel: SliceSel, base: number, query: ChunkQuery): Promise<unknown[][]>;

  readSummary(bucket: string, rootId: string): Promise<DomainSummary | undefined>;
  summarize(bucket: string, rootId: string): Promise<DomainSummary>;
  stats(): Promise<Record<string, unknown>>;
}
