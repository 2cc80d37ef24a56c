/**
 * Whether a dataset's chunks can go to the server as they are stored in the source file (see
 * stored-chunk-copy.ts): the file's bytes of a chunk must be exactly what the server stores for the copy.
 *
 * The server keeps a chunk as the whole chunk (edge chunks padded) in the REST binary form, byte-shuffled
 * by the element size when the copy has the shuffle filter, then as a zlib stream when it has deflate
 * (data/filters/pipeline.ts, HSDS's zlib-then-unshuffle reading). HDF5's shuffle (2) and deflate (1)
 * filters write the same: shuffle by the element size recorded in its client data, then a zlib stream
 * (any level: the level only changes how small the stream is). So the source must be chunked with the
 * copy's chunk shape, its pipeline exactly [], [shuffle], [deflate] or [shuffle, deflate] with the copy
 * having the same filters and no others, every chunk stored with no filter skipped (filter mask 0), edge
 * chunks filtered like the others (no H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS), and its elements stored
 * exactly in REST form (fixed-size, no references, file byte order = REST byte order, compounds packed).
 * Small chunks are not worth a request each: their datasets go by value pages.
 */
import type { Metadata } from 'h5wasm/node';
import type { FilterJson } from '../../client/index.js';
import { fixedSize, type TypeJson } from '../../core/types.js';
import type { ChunkLocation, DatasetInfo } from '../../h5file/index.js';
import { isWireIdentical, memoryLayout } from '../../h5file/h5-memory-layout.js';
import { hasVariablePart } from '../../h5file/h5-rest-types.js';
import { containsReference } from './link-layout.js';

/** Chunks smaller than this (uncompressed) are copied by value pages. */
export const MIN_STORED_CHUNK_BYTES = 64 * 1024;

const SHUFFLE = 2;
const DEFLATE = 1;

export interface StoredChunkPlan {
  chunkDims: number[];
  /** Chunks along each dimension of the dataset's extent. */
  grid: number[];
  /** The file's allocated chunks inside the extent, in C order of their coordinates. */
  chunks: ChunkLocation[];
}

export type StoredChunkDecision = { use: true; plan: StoredChunkPlan } | { use: false; reason: string };

/** Whether an element type is stored in the file exactly as in REST binary form. */
export function storedAsRest(md: Metadata, type: TypeJson, elementSize: number): boolean {
  if (hasVariablePart(md) || containsReference(md)) return false;
  return isWireIdentical(memoryLayout(md, { readByH5wasm: false })) && fixedSize(type) === elementSize;
}

const isDeflate = (f: FilterJson) => f.class === 'H5Z_FILTER_DEFLATE' || (f.class === 'H5Z_FILTER_USER' && (f.name === 'gzip' || f.name === 'deflate'));
const isShuffle = (f: FilterJson) => f.class === 'H5Z_FILTER_SHUFFLE';

/** The copy's filters as HDF5 filter ids in the order the server applies them, or undefined if others. */
function copyPipeline(filters: FilterJson[]): number[] | undefined {
  if (filters.some((f) => !isDeflate(f) && !isShuffle(f))) return undefined;
  const shuffles = filters.filter(isShuffle).length;
  const deflates = filters.filter(isDeflate).length;
  if (shuffles > 1 || deflates > 1) return undefined;
  return [...(shuffles ? [SHUFFLE] : []), ...(deflates ? [DEFLATE] : [])];
}

export function storedChunkDecision(
  md: Metadata,
  type: TypeJson,
  info: DatasetInfo,
  copy: { chunkDims?: number[]; filters: FilterJson[] },
): StoredChunkDecision {
  const no = (reason: string): StoredChunkDecision => ({ use: false, reason });
  const storage = info.storage;
  if (storage.kind !== 'chunked') return no('it is not chunked');
  if (info.dims.length === 0) return no('it is scalar');
  if (!storedAsRest(md, type, info.elementSize)) return no('its elements are not stored in the form the server keeps');
  const chunkDims = storage.chunkDims;
  if (!copy.chunkDims || copy.chunkDims.length !== chunkDims.length || copy.chunkDims.some((c, d) => c !== chunkDims[d]))
    return no(`the server chunks it [${copy.chunkDims ?? []}], not as the file [${chunkDims}]`);
  if (chunkDims.reduce((a, b) => a * b, info.elementSize) < MIN_STORED_CHUNK_BYTES) return no('its chunks are small');
  if (storage.partialEdgeChunksUnfiltered) return no('its edge chunks are stored unfiltered');
  const source = storage.filters.map((f) => f.id);
  const target = copyPipeline(copy.filters);
  if (!target || source.length !== target.length || source.some((id, i) => id !== target[i]))
    return no(`its filters (${storage.filters.map((f) => f.name ?? f.id).join(', ') || 'none'}) are not stored as the server stores its copy`);
  const shuffle = storage.filters.find((f) => f.id === SHUFFLE);
  if (shuffle && shuffle.clientData[0] !== info.elementSize) return no('its shuffle filter has another element size');
  const grid = info.dims.map((n, d) => Math.ceil(n / chunkDims[d]));
  // Chunks beyond the extent (of a dataset shrunk after they were written) are not part of the copy.
  const chunks = storage.chunks.filter((c) => c.coords.every((x, d) => x < grid[d]));
  if (chunks.some((c) => c.filterMask !== 0)) return no('some chunks were stored with a filter skipped');
  return { use: true, plan: { chunkDims: [...chunkDims], grid, chunks } };
}
