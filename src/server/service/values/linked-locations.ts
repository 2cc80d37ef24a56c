/**
 * Where the chunks of a link-mode dataset are, resolved on the service node before the data nodes read them
 * (as HSDS does): H5D_CONTIGUOUS_REF by arithmetic on the file offset, H5D_CHUNKED_REF from the chunk map in
 * the layout, H5D_CHUNKED_REF_INDIRECT by a point read of the chunk-table dataset (offset, size[, file_uri]).
 */
import { decodeValues } from '../../../core/codec.js';
import { fixedSize } from '../../../core/types.js';
import { badRequest } from '../../http/errors.js';
import type { DatasetJson } from '../../model.js';
import type { ChunkSpec } from '../../data/chunk-store.js';
import type { ChunkLocation } from '../../data/linked-chunks.js';
import { chunkSpecOf } from '../chunk-spec.js';
import type { DomainRef, ServiceNode } from '../service-node.js';
import { readPoints } from './value-read.js';

/** Chunk specs carrying each chunk's location, keyed by chunk index ("i_j"). */
export async function locateChunks(sn: ServiceNode, ref: DomainRef, spec: ChunkSpec, indices: number[][]): Promise<Map<string, ChunkSpec>> {
  const out = new Map<string, ChunkSpec>();
  const linked = spec.linked!;
  const itemSize = fixedSize(spec.type);
  const chunkBytes = spec.chunkDims.reduce((a, b) => a * b, 1) * itemSize;
  // Data nodes read each chunk at its `located` place: the whole chunk map stays here rather than travel with
  // every chunk's call.
  const sent = linked.class === 'H5D_CHUNKED_REF' ? { ...linked, chunks: {} } : linked;
  const at = (index: number[], located: ChunkLocation | null) => out.set(index.join('_'), { ...spec, linked: sent, located });
  if (linked.class === 'H5D_CONTIGUOUS_REF') {
    for (const index of indices) {
      let offset = linked.offset;
      let extent = itemSize;
      for (let d = index.length - 1; d >= 0; d--) {
        offset += index[d] * spec.chunkDims[d] * extent;
        extent *= linked.datasetDims[d];
      }
      const end = linked.offset + linked.size;
      at(index, offset >= end ? null : { uri: linked.fileUri, offset, size: Math.min(chunkBytes, end - offset) });
    }
    return out;
  }
  if (linked.class === 'H5D_CHUNKED_REF') {
    for (const index of indices) {
      const item = linked.chunks[index.join('_')];
      at(index, item ? { uri: linked.fileUri, offset: Number(item[0]), size: Number(item[1]) } : null);
    }
    return out;
  }
  if (linked.hyperDims && linked.hyperDims.some((h, d) => h !== spec.chunkDims[d]))
    throw badRequest('H5D_CHUNKED_REF_INDIRECT with hyper_dims is not supported');
  const table = await sn.nodes.forObject(linked.chunkTable).getObject<DatasetJson>(ref.bucket, linked.chunkTable);
  const tableSpec = chunkSpecOf(table);
  if (tableSpec.linked) throw badRequest('a chunk table may not itself be a linked dataset');
  if (tableSpec.chunkDims.length !== spec.chunkDims.length) throw badRequest('chunk table rank differs from the dataset rank');
  if (indices.length === 0) return out;
  const block = await readPoints({ sn, ref, spec: tableSpec }, indices);
  const rows = decodeValues(block.type, block.bytes, indices.length) as unknown[][];
  indices.forEach((index, i) => {
    const [offset, size, uri] = rows[i];
    const fileUri = linked.fileUri ?? (typeof uri === 'string' && uri ? uri : undefined);
    if (!fileUri) throw badRequest('chunk table has no file_uri for a chunk and the layout names none');
    at(index, Number(size) > 0 ? { uri: fileUri, offset: Number(offset), size: Number(size) } : null);
  });
  return out;
}
