/**
 * h5lab's stored-chunk endpoint (`/datasets/{id}/h5lab-chunks/{index}`; HSDS has none): one chunk moved in
 * the form the server stores it — the whole chunk, edge chunks padded, encoded by the dataset's filters
 * (for shuffle and deflate: a zlib stream of the byte-shuffled chunk, as HDF5 writes it). Callers fall
 * back to value reads and writes when the answer is `unsupported` (a server without the endpoint, such as
 * HSDS) or `refused` (400: the dataset or the bytes do not qualify; the reason says why).
 */
import type { DomainSession } from './domain-session.js';

/** Names the HDF5 filters a stored chunk carries, in the order applied ("shuffle,deflate", "none"). */
export const CHUNK_FILTERS_HEADER = 'x-h5lab-chunk-filters';

export type StoredChunkWrite = { outcome: 'stored' } | { outcome: 'unsupported' } | { outcome: 'refused'; reason: string };

export type StoredChunkRead =
  /** `filters`: HDF5 filter names in the order applied ([] for none), or one other name ('blosc', 'bitshuffle'). */
  | { outcome: 'stored'; bytes: Uint8Array; filters: string[] }
  /** Never stored: the chunk reads as the fill value. */
  | { outcome: 'absent' }
  | { outcome: 'unsupported' }
  | { outcome: 'refused'; reason: string };

const chunkPath = (datasetId: string, coords: readonly number[]) => `/datasets/${datasetId}/h5lab-chunks/${coords.join('_')}`;

/** Stores chunk `coords` (grid coordinates) of a dataset from its stored bytes. */
export async function writeStoredChunk(session: DomainSession, datasetId: string, coords: readonly number[], stored: Uint8Array, what?: string): Promise<StoredChunkWrite> {
  const res = await session.request({ method: 'PUT', path: chunkPath(datasetId, coords), binary: stored, allow: [400, 404, 405], what });
  if (res.status < 300) return { outcome: 'stored' };
  if (res.status === 400) return { outcome: 'refused', reason: res.reason };
  return { outcome: 'unsupported' };
}

/** The stored bytes of chunk `coords` of a dataset. */
export async function readStoredChunk(session: DomainSession, datasetId: string, coords: readonly number[], what?: string): Promise<StoredChunkRead> {
  const res = await session.request({ method: 'GET', path: chunkPath(datasetId, coords), acceptBinary: true, allow: [400, 404, 405], what });
  const filters = res.headers[CHUNK_FILTERS_HEADER];
  if (res.status === 400) return { outcome: 'refused', reason: res.reason };
  if (filters === undefined) return { outcome: 'unsupported' };
  if (res.status === 404) return { outcome: 'absent' };
  return { outcome: 'stored', bytes: res.body, filters: filters === 'none' ? [] : filters.split(',') };
}
