/**
 * From a dataset's JSON to what data nodes need for its chunks, and the dataset's extent as value requests
 * see it (HSDS treats a scalar dataset as dims [1] with one chunk [1]).
 */
import { badRequest } from '../http/errors.js';
import type { DatasetJson } from '../model.js';
import type { ChunkSpec } from '../data/chunk-store.js';
import type { FilterJson } from '../data/filters/definitions.js';
import { pipelineOf, type LinkedChunkSource } from '../data/linked-chunks.js';

/** Dims for value I/O: [1] for scalar, undefined for H5S_NULL. */
export function valueDims(d: DatasetJson): number[] | undefined {
  if (d.shape.class === 'H5S_NULL') return undefined;
  if (d.shape.class === 'H5S_SCALAR' || !d.shape.dims || d.shape.dims.length === 0) return [1];
  return d.shape.dims;
}

export function isScalar(d: DatasetJson): boolean {
  return d.shape.class === 'H5S_SCALAR' || (d.shape.class === 'H5S_SIMPLE' && (d.shape.dims ?? []).length === 0);
}

/** Link-mode description from `creationProperties.layout`, when the dataset is a *_REF layout. */
export function linkedSourceOf(d: DatasetJson): LinkedChunkSource | undefined {
  const l = d.creationProperties?.layout as Record<string, unknown> | undefined;
  if (!l || typeof l.class !== 'string') return undefined;
  switch (l.class) {
    case 'H5D_CONTIGUOUS_REF':
      return {
        class: 'H5D_CONTIGUOUS_REF',
        fileUri: String(l.file_uri),
        offset: Number(l.offset),
        size: Number(l.size),
        datasetDims: valueDims(d) ?? [],
      };
    case 'H5D_CHUNKED_REF':
      return { class: 'H5D_CHUNKED_REF', fileUri: String(l.file_uri), chunks: (l.chunks ?? {}) as Record<string, [number, number]> };
    case 'H5D_CHUNKED_REF_INDIRECT':
      return {
        class: 'H5D_CHUNKED_REF_INDIRECT',
        fileUri: l.file_uri === undefined ? undefined : String(l.file_uri),
        chunkTable: String(l.chunk_table),
        hyperDims: l.hyper_dims as number[] | undefined,
      };
    default:
      return undefined;
  }
}

export function chunkSpecOf(d: DatasetJson): ChunkSpec {
  const dims = valueDims(d);
  if (!dims) throw badRequest('Null space datasets have no data');
  // Compact datasets have no chunk dims: the whole dataset is their one chunk.
  const chunkDims = isScalar(d) ? [1] : d.layout?.dims ?? (d.layout?.class === 'H5D_COMPACT' ? dims : undefined);
  if (!chunkDims || chunkDims.length !== dims.length) throw new Error(`dataset ${d.id} has no usable chunk layout`);
  const cp = d.creationProperties ?? {};
  const linked = linkedSourceOf(d);
  return {
    datasetId: d.id,
    type: d.type,
    chunkDims,
    filters: cp.filters as FilterJson[] | undefined,
    fillValue: cp.fillValue,
    fillValueEncoding: cp.fillValue_encoding as string | undefined,
    partitionCount: d.layout?.partition_count,
    linked,
    pipeline: linked ? pipelineOf((cp.layout as Record<string, unknown> | undefined)?.h5lab_pipeline, cp.filters as FilterJson[] | undefined) : undefined,
    initializer: cp.initializer as string[] | undefined,
  };
}
