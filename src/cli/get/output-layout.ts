/**
 * How a domain dataset is stored in the HDF5 file hsget writes. The layout hsload recorded is restored:
 * the source's chunk shape (creationProperties.layout, not the shape the server chose), contiguous and
 * compact storage, and for linked datasets the file's own filter pipeline (`h5lab_pipeline`). Filters
 * come from the dataset's filter list: deflate (its level), shuffle and Fletcher-32 as HDF5's own filters,
 * LZF as h5py's; the server's other compressors (lz4, zstd, Blosc…) become deflate, so that any HDF5
 * reader can open the file. Datasets that must be chunked (filters, extensible shapes) without a recorded
 * chunk shape use the server's.
 */
import { encodeValues } from '../../core/codec.js';
import { isVariable, normalizeNested, type TypeJson } from '../../core/types.js';
import { MAX_COMPACT_DATA, type DatasetLayoutSpec } from '../../h5file/h5-file-writer.js';
import { fileSize } from '../../h5file/h5-write-datatype.js';
import { lzfClientData, WRITABLE_FILTERS } from '../../h5file/h5-write-filters.js';
import type { PipelineFilter } from '../../h5file/h5-write-messages.js';
import { fromBase64 } from '../../client/index.js';
import type { DatasetJson } from '../../client/json-types.js';

export interface OutputDataset {
  type: TypeJson;
  dims: number[] | null;
  maxdims?: (number | null)[];
  layout: DatasetLayoutSpec;
  /** REST binary fill element, when one was set. */
  fill?: Uint8Array;
  /** What was changed on the way, for the log. */
  notes: string[];
}

const DEFAULT_GZIP_LEVEL = 4;
/** HDF5 filter flag: the filter may be skipped for a chunk it cannot help. */
const OPTIONAL = 1;

interface FilterJsonLike {
  class?: string;
  id?: number;
  name?: string;
  level?: number;
}

function pipelineFromFilters(filters: FilterJsonLike[], type: TypeJson, chunks: number[], notes: string[]): PipelineFilter[] {
  let shuffle = false;
  let fletcher = false;
  let compressor: PipelineFilter | undefined;
  for (const f of filters) {
    const cls = f.class ?? '';
    if (cls === 'H5Z_FILTER_SHUFFLE' || f.id === 2) shuffle = true;
    else if (cls === 'H5Z_FILTER_FLETCHER32' || f.id === 3) fletcher = true;
    else if (cls === 'H5Z_FILTER_DEFLATE' || f.id === 1) compressor = { id: 1, flags: OPTIONAL, clientData: [f.level ?? DEFAULT_GZIP_LEVEL] };
    else if (cls === 'H5Z_FILTER_LZF' || f.id === 32000) compressor = { id: 32000, flags: OPTIONAL, clientData: lzfClientData(chunks.reduce((a, b) => a * b, fileSize(type))), name: 'lzf' };
    else if (['H5Z_FILTER_NBIT', 'H5Z_FILTER_SCALEOFFSET', 'H5Z_FILTER_SZIP', 'H5Z_FILTER_BITSHUFFLE'].includes(cls) || (f.id !== undefined && [4, 5, 6, 32008].includes(f.id)))
      notes.push(`filter ${f.name ?? cls} not written`);
    else {
      notes.push(`${f.name ?? cls} compression written as gzip`);
      compressor ??= { id: 1, flags: OPTIONAL, clientData: [DEFAULT_GZIP_LEVEL] };
    }
  }
  const out: PipelineFilter[] = [];
  // HDF5 records no element size for variable-length strings and sequences (the filter then does nothing).
  const variableElement = type.class === 'H5T_VLEN' || (type.class === 'H5T_STRING' && type.length === 'H5T_VARIABLE');
  if (shuffle) out.push({ id: 2, flags: OPTIONAL, clientData: variableElement ? [] : [fileSize(type)] });
  if (compressor) out.push(compressor);
  if (fletcher) out.push({ id: 3, flags: 0, clientData: [] });
  return out;
}

/** A linked dataset's recorded HDF5 pipeline, when this writer can apply every filter of it. */
function recordedPipeline(layout: Record<string, unknown> | undefined): PipelineFilter[] | undefined {
  const recorded = layout?.h5lab_pipeline;
  if (!Array.isArray(recorded)) return undefined;
  const pipeline = recorded as PipelineFilter[];
  return pipeline.every((f) => WRITABLE_FILTERS.has(f.id)) ? pipeline.map((f) => ({ ...f, name: f.id === 32000 ? 'lzf' : undefined })) : undefined;
}

function fillOf(json: DatasetJson, type: TypeJson): Uint8Array | undefined {
  const cp = json.creationProperties ?? {};
  if (cp.fillValue === undefined || cp.fillValue === null || isVariable(type) || type.class === 'H5T_REFERENCE') return undefined;
  if (cp.fillValue_encoding === 'base64') return fromBase64(String(cp.fillValue));
  return encodeValues(type, [cp.fillValue]);
}

export function outputDataset(json: DatasetJson): OutputDataset {
  const type = normalizeNested(json.type);
  const notes: string[] = [];
  const shape = json.shape;
  const dims = shape.class === 'H5S_NULL' ? null : shape.class === 'H5S_SCALAR' ? [] : [...(shape.dims ?? [])];
  const maxdims = dims && dims.length && shape.maxdims ? shape.maxdims.map((m) => (m === 0 || m === 'H5S_UNLIMITED' ? null : m)) : undefined;
  const fill = fillOf(json, type);
  const base = { type, dims, maxdims, fill, notes };
  const cpLayout = json.creationProperties?.layout as Record<string, unknown> | undefined;
  const recordedClass = typeof cpLayout?.class === 'string' ? cpLayout.class : undefined;
  // Compact storage holds the values in the object header, up to 64 KiB.
  const compact = recordedClass === 'H5D_COMPACT' && (dims ?? []).reduce((a, b) => a * b, fileSize(type)) <= MAX_COMPACT_DATA;
  if (!dims || dims.length === 0) return { ...base, layout: { kind: compact ? 'compact' : 'contiguous' } };

  const filters = (json.creationProperties?.filters ?? []) as FilterJsonLike[];
  const recordedChunks = Array.isArray(cpLayout?.dims) && /CHUNKED/.test(recordedClass ?? '') ? (cpLayout!.dims as number[]) : undefined;
  const needsChunks = filters.length > 0 || maxdims !== undefined;
  if (!recordedChunks && !needsChunks) {
    if (compact) return { ...base, layout: { kind: 'compact' } };
    if (recordedClass === 'H5D_CONTIGUOUS' || recordedClass === 'H5D_CONTIGUOUS_REF' || recordedClass === 'H5D_COMPACT') return { ...base, layout: { kind: 'contiguous' } };
  }
  let chunks = recordedChunks ?? json.layout?.dims;
  if (!chunks || chunks.length !== dims.length) {
    if (!needsChunks) return { ...base, layout: { kind: 'contiguous' } };
    // Filters and extensible shapes need chunks: one chunk of the current extent.
    chunks = dims.map((n) => Math.max(1, n));
  }
  // A chunk extent must be at least 1 and, along fixed dimensions, at most the dimension's maximum.
  chunks = chunks.map((c, d) => Math.max(1, maxdims?.[d] === null ? c : Math.min(c, maxdims?.[d] ?? dims[d]) || 1));
  const pipeline = recordedPipeline(cpLayout) ?? pipelineFromFilters(filters, type, chunks, notes);
  return { ...base, layout: { kind: 'chunked', chunks, filters: pipeline } };
}
