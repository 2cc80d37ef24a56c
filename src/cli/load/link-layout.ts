/**
 * Link mode: the layout that makes a dataset read its values from the source file by byte range instead of
 * holding a copy. Contiguous data → H5D_CONTIGUOUS_REF (offset, size); chunked data → H5D_CHUNKED_REF with
 * the chunk map in the layout for modest chunk counts, H5D_CHUNKED_REF_INDIRECT with a chunk-table dataset
 * (offset int64, size int32 per chunk) for more. The file's filter pipeline (ids, flags, client data) is
 * recorded as `h5lab_pipeline`, so the server undoes it exactly.
 *
 * A dataset is copied instead when linking cannot serve it right: variable-length or reference types,
 * compound layouts with padding (the file's bytes would not be the packed REST form), compact or virtual
 * storage, small datasets (as h5pyd: 512 elements or fewer), chunks stored with a filter skipped (a non-zero
 * filter mask, or edge chunks left unfiltered by H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS), or filters the
 * server cannot decode.
 */
import type { Metadata } from 'h5wasm/node';
import type { DatasetInfo } from '../../h5file/index.js';
import { isWireIdentical, memoryLayout } from '../../h5file/h5-memory-layout.js';
import { H5T, hasVariablePart } from '../../h5file/h5-rest-types.js';
import { filterName } from './filter-mapping.js';

/** h5pyd's MIN_DSET_ELEMENTS_FOR_LINKING: smaller datasets are copied. */
const MIN_ELEMENTS_TO_LINK = 512;
/** Up to this many chunks the chunk map is kept in the layout; more go to a chunk-table dataset. */
const MAX_CHUNK_MAP = 256;

/** HDF5 filters the server's link-mode reader decodes. */
const DECODABLE_FILTERS = new Set([1, 2, 3, 32000, 32001, 32004, 32008, 32015]);

export type LinkDecision =
  | { link: false; reason: string }
  | { link: true; layout: Record<string, unknown> }
  | { link: true; table: { grid: number[]; entries: Uint8Array }; layout: Record<string, unknown> };

/** The chunk-table element: (offset int64, size int32), packed little-endian. */
export const CHUNK_TABLE_TYPE = {
  class: 'H5T_COMPOUND',
  fields: [
    { name: 'offset', type: { class: 'H5T_INTEGER', base: 'H5T_STD_I64LE' } },
    { name: 'size', type: { class: 'H5T_INTEGER', base: 'H5T_STD_I32LE' } },
  ],
} as const;

/** Whether a type holds object references anywhere. */
export function containsReference(md: Metadata): boolean {
  if (md.type === H5T.reference) return true;
  if (md.type === H5T.compound) return md.compound_type!.members.some(containsReference);
  if (md.type === H5T.array) return containsReference(md.array_type!);
  return false;
}

export function linkDecision(md: Metadata, info: DatasetInfo, fileUri: string): LinkDecision {
  if (md.shape === null || md.shape.length === 0) return { link: false, reason: 'it is scalar or empty' };
  const elements = md.shape.reduce((a, b) => a * b, 1);
  if (elements <= MIN_ELEMENTS_TO_LINK) return { link: false, reason: `it has ${MIN_ELEMENTS_TO_LINK} elements or fewer` };
  if (hasVariablePart(md)) return { link: false, reason: 'its type has variable-length parts' };
  if (containsReference(md)) return { link: false, reason: 'its type holds object references' };
  if (!isWireIdentical(memoryLayout(md, { readByH5wasm: false }))) return { link: false, reason: 'its compound type has padding' };
  const storage = info.storage;
  switch (storage.kind) {
    case 'compact':
      return { link: false, reason: 'it is stored compact' };
    case 'virtual':
      return { link: false, reason: 'it is a virtual dataset' };
    case 'contiguous':
      if (storage.offset === null) return { link: false, reason: 'no data was ever written to it' };
      return { link: true, layout: { class: 'H5D_CONTIGUOUS_REF', file_uri: fileUri, offset: storage.offset, size: storage.size } };
    case 'chunked': {
      const unknown = storage.filters.filter((f) => !DECODABLE_FILTERS.has(f.id));
      if (unknown.length) return { link: false, reason: `the server cannot decode its ${unknown.map((f) => filterName(f.id)).join(', ')} filter` };
      if (storage.chunks.some((c) => c.filterMask !== 0)) return { link: false, reason: 'some chunks were stored with a filter skipped' };
      if (storage.partialEdgeChunksUnfiltered) return { link: false, reason: 'its edge chunks are stored unfiltered' };
      const pipeline = storage.filters.map((f) => ({ id: f.id, flags: f.flags, clientData: f.clientData }));
      const base = { dims: storage.chunkDims, h5lab_pipeline: pipeline };
      if (storage.chunks.length <= MAX_CHUNK_MAP) {
        const chunks = Object.fromEntries(storage.chunks.map((c) => [c.coords.join('_'), [c.offset, c.size]]));
        return { link: true, layout: { class: 'H5D_CHUNKED_REF', file_uri: fileUri, ...base, chunks } };
      }
      const grid = info.dims.map((n, d) => Math.max(1, Math.ceil(n / storage.chunkDims[d])));
      const strides = grid.map((_, d) => grid.slice(d + 1).reduce((a, b) => a * b, 1));
      const entries = new Uint8Array(grid.reduce((a, b) => a * b, 1) * 12);
      const view = new DataView(entries.buffer);
      for (const c of storage.chunks) {
        if (c.coords.some((x, d) => x >= grid[d])) continue; // beyond the current extent of a shrunk dataset
        const at = c.coords.reduce((sum, x, d) => sum + x * strides[d], 0) * 12;
        view.setBigInt64(at, BigInt(c.offset), true);
        view.setInt32(at + 8, c.size, true);
      }
      return { link: true, table: { grid, entries }, layout: { class: 'H5D_CHUNKED_REF_INDIRECT', file_uri: fileUri, ...base } };
    }
  }
}
