/**
 * The chunk layout of a new dataset, computed exactly as HSDS 0.9.4 does (hsds/util/chunkUtil.py, and the
 * layout part of hsds/dset_sn.py POST_Dataset and validateChunkLayout), so that a dataset created here gets
 * the same chunk shape, and so the same chunk keys, as on HSDS. The shape heuristics are ports of HSDS's
 * functions under the same names, quirks included (they decide where data lands in storage).
 */
import { badRequest } from '../http/errors.js';
import type { DatasetJson, LayoutJson, ShapeJson } from '../model.js';
import { VARIABLE } from '../../core/types.js';
import { isValidId } from '../storage/ids.js';

/** Bytes per element, or H5T_VARIABLE for types with variable-length parts. */
export type ItemSize = number | typeof VARIABLE;

/** HSDS's defaults for the heuristics' limits (callers pass the configured min/max chunk sizes). */
export const CHUNK_MIN = 512 * 1024;
export const CHUNK_MAX = 2048 * 1024;
/** Bytes assumed per element of a variable-length type. */
export const DEFAULT_TYPE_SIZE = 128;
/** Elements assumed for a dataset with unlimited dimensions when choosing its partition count. */
const MAX_ELEMENT_GUESS = 10 ** 6;
/** Extent assumed for an unlimited dimension when guessing a chunk shape. */
const UNLIMITED_GUESS = 1024;

/** Bytes of one chunk: the product of its extents times the item size. */
export function getChunkSize(layout: readonly number[], typeSize: ItemSize): number {
  let size = typeSize === VARIABLE ? DEFAULT_TYPE_SIZE : typeSize;
  for (const n of layout) {
    if (n <= 0) throw new RangeError('Invalid chunk layout');
    size *= n;
  }
  return size;
}

/** Bytes of the whole dataspace, counting zero (not yet extended) dimensions as one. */
function dsetSize(shape: ShapeJson, typeSize: ItemSize): number | undefined {
  if (shape.class === 'H5S_NULL') return undefined;
  const size = typeSize === VARIABLE ? DEFAULT_TYPE_SIZE : typeSize;
  if (shape.class === 'H5S_SCALAR') return size;
  return (shape.dims ?? []).reduce((acc, n) => (n === 0 ? acc : acc * n), size);
}

/** Starting chunk shape when none is given: the whole (maximum) extent, unlimited dimensions as 1024. */
export function guessChunk(shape: ShapeJson): number[] | undefined {
  if (shape.class === 'H5S_NULL') return undefined;
  if (shape.class === 'H5S_SCALAR') return [1];
  const extent = shape.maxdims ?? shape.dims ?? [];
  return extent.map((n) => (n !== 0 ? n : UNLIMITED_GUESS));
}

/**
 * Grows a chunk shape to more than `chunkMin` bytes by doubling extents from the last dimension, extensible
 * dimensions first. A small, non-extensible dataset becomes a single chunk.
 */
export function expandChunk(layoutIn: readonly number[], typeSize: ItemSize, shape: ShapeJson, chunkMin = CHUNK_MIN): number[] | undefined {
  if (shape.class === 'H5S_NULL') return undefined;
  if (shape.class === 'H5S_SCALAR') return [1];
  const layout = [...layoutIn];
  const dims = shape.dims ?? [];
  const rank = dims.length;
  const maxdims = shape.maxdims;
  let extendable = 0;
  if (maxdims) for (let n = 0; n < rank; n++) if (maxdims[n] === 0 || maxdims[n] > dims[n]) extendable++;

  if ((dsetSize(shape, typeSize) as number) <= chunkMin && extendable === 0) return [...dims];

  let chunkSize = getChunkSize(layout, typeSize);
  if (chunkSize >= chunkMin) return layout;
  while (chunkSize < chunkMin) {
    const before = chunkSize;
    for (let n = 0; n < rank; n++) {
      const dim = rank - n - 1;
      if (extendable > 0) {
        const max = (maxdims as number[])[dim];
        if (max === 0) {
          layout[dim] *= 2;
          chunkSize = getChunkSize(layout, typeSize);
          if (chunkSize > chunkMin) break;
        } else if (max > layout[dim]) {
          layout[dim] *= 2;
          // HSDS compares with the current extent here, then trims to the maximum.
          if (layout[dim] >= dims[dim]) {
            layout[dim] = max;
            extendable--;
          }
          chunkSize = getChunkSize(layout, typeSize);
          if (chunkSize > chunkMin) break;
        }
      } else if (dims[dim] > layout[dim]) {
        layout[dim] = Math.min(layout[dim] * 2, dims[dim]);
        chunkSize = getChunkSize(layout, typeSize);
        if (chunkSize > chunkMin) break;
      }
    }
    if (chunkSize <= before || chunkSize > chunkMin) break;
  }
  return layout;
}

/** Shrinks a chunk shape to at most `chunkMax` bytes by halving (rounding up) extents from the first dimension. */
export function shrinkChunk(layoutIn: readonly number[], typeSize: ItemSize, chunkMax = CHUNK_MAX): number[] {
  const layout = [...layoutIn];
  let chunkSize = getChunkSize(layout, typeSize);
  if (chunkSize <= chunkMax) return layout;
  while (chunkSize > chunkMax) {
    const before = chunkSize;
    for (let dim = 0; dim < layout.length; dim++) {
      if (layout[dim] <= 1) continue;
      layout[dim] = Math.ceil(layout[dim] / 2);
      chunkSize = getChunkSize(layout, typeSize);
      if (chunkSize <= chunkMax) break;
    }
    if (chunkSize >= before || chunkSize <= chunkMax) break;
  }
  return layout;
}

/**
 * Chunk shape for H5D_CONTIGUOUS_REF datasets (one contiguous byte range of an HDF5 file): whole trailing
 * extents while they stay under `chunkMax`, then one dimension halved until it fits, 1 for the rest.
 */
export function getContiguousLayout(shape: ShapeJson, itemSize: ItemSize, chunkMin = 1000 * 1000, chunkMax = 4 * 1000 * 1000): number[] | undefined {
  if (itemSize === VARIABLE) throw new RangeError('ContiguousLayout can only be used with fixed-length types');
  if (chunkMax < chunkMin) throw new RangeError('chunk_max cannot be less than chunk_min');
  if (shape.class === 'H5S_NULL') return undefined;
  if (shape.class === 'H5S_SCALAR') return [1];
  const dims = shape.dims ?? [];
  const rank = dims.length;
  if (rank === 0) throw new RangeError('rank must be positive for Contiguous Layout');
  for (const n of dims) {
    if (n < 0) throw new RangeError('extents must be positive for Contiguous Layout');
    if (n === 0) return [...dims];
  }
  let nsize = itemSize;
  const layout = new Array<number>(rank).fill(1);
  for (let i = 0; i < rank; i++) {
    const dim = rank - i - 1;
    const extent = dims[dim];
    if (extent * nsize < chunkMax) {
      layout[dim] = extent;
      nsize *= extent;
      continue;
    }
    let n = extent;
    while (n > 1) {
      n = Math.ceil(n / 2);
      if (n * nsize < chunkMax) break;
    }
    layout[dim] = n;
    break;
  }
  return layout;
}

/**
 * How many key partitions a dataset's chunks are spread over so that no storage folder holds more than
 * `maxChunksPerFolder` chunks; undefined when one folder is enough.
 */
export function partitionCount(shape: ShapeJson, chunkDims: readonly number[], maxChunksPerFolder: number): number | undefined {
  const dims = shape.dims ?? [];
  const maxdims = shape.maxdims;
  const unlimited = maxdims ? maxdims.filter((n) => n === 0).length : 0;
  // Exact integer product, as Python's ints: counts can pass 2^53 for huge unlimited datasets.
  let numChunks = 1n;
  for (let i = 0; i < dims.length; i++) {
    let extent = dims[i];
    if (maxdims) {
      // The final extent of an unlimited dimension is unknown: assume 10^6 elements in a square array.
      extent = maxdims[i] !== 0 ? maxdims[i] : Math.trunc(Math.pow(MAX_ELEMENT_GUESS, 1 / unlimited));
    }
    // A zero chunk extent only occurs for an empty, fixed dimension: it holds no chunks.
    numChunks *= chunkDims[i] === 0 ? 0n : BigInt(Math.ceil(extent / chunkDims[i]));
  }
  if (numChunks <= BigInt(maxChunksPerFolder)) return undefined;
  return Math.ceil(trueDivide(numChunks, BigInt(maxChunksPerFolder)));
}

/** Python's int / int: the exact quotient rounded once to the nearest double. */
function trueDivide(n: bigint, d: bigint): number {
  const shift = Math.max(0, 64 - (n.toString(2).length - d.toString(2).length));
  const scaled = n << BigInt(shift);
  // With 64+ quotient bits and a sticky bit for any remainder, Number() rounds as the exact quotient would.
  const q = ((scaled / d) << 1n) | (scaled % d === 0n ? 0n : 1n);
  return Number(q) / 2 ** (shift + 1);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** `layout.dims` as a list (a single integer stands for a one-dimensional shape), undefined when absent. */
export function layoutDims(layout: Record<string, unknown>): number[] | undefined {
  const dims = layout.dims;
  if (dims === undefined || dims === null) return undefined;
  return isInt(dims) ? [dims] : (dims as number[]);
}

/**
 * Checks `creationProperties.layout` against the dataset's shape and item size, with HSDS's messages.
 * `getChunkTable` loads the chunk-table dataset of an H5D_CHUNKED_REF_INDIRECT layout (404/410/400 as
 * any object lookup).
 */
export async function validateChunkLayout(
  shape: ShapeJson,
  itemSize: ItemSize,
  layout: unknown,
  getChunkTable: (id: string) => Promise<DatasetJson>,
): Promise<void> {
  if (!isObject(layout)) throw badRequest('class key not found in layout for creation property list');
  const spaceDims = shape.dims ?? [];
  const rank = spaceDims.length;
  const maxDims = shape.maxdims;
  const given = layout.dims;
  if (given !== undefined && given !== null) {
    if (!isInt(given) && !Array.isArray(given)) throw badRequest('Layout dims must be integer or integer array');
    const chunkDims = isInt(given) ? [given] : given;
    if (chunkDims.length === 0 || (isInt(given) && given === 0)) throw badRequest('Invalid layout value');
    if (chunkDims.length !== rank) throw badRequest('Layout rank does not match shape rank');
    for (let i = 0; i < rank; i++) {
      const extent = chunkDims[i];
      if (!isInt(extent)) throw badRequest('Layout dims must be integer or integer array');
      if (extent <= 0) throw badRequest('Invalid layout value');
      if (maxDims === undefined) {
        if (extent > spaceDims[i]) throw badRequest('Invalid layout value');
      } else if (maxDims[i] !== 0 && extent > maxDims[i]) {
        throw badRequest('Invalid layout value for extensible dimension');
      }
    }
  }
  if (!('class' in layout)) throw badRequest('class key not found in layout for creation property list');
  const layoutClass = layout.class;
  const hasDims = given !== undefined && given !== null;
  const referenceLayout = () => {
    if (itemSize === VARIABLE) throw badRequest('Datasets with variable types cannot be used with reference layouts');
  };
  switch (layoutClass) {
    case 'H5D_CONTIGUOUS_REF':
      referenceLayout();
      for (const key of ['file_uri', 'offset', 'size'])
        if (!(key in layout)) throw badRequest(`'${key}' key must be provided for H5D_CONTIGUOUS_REF layout`);
      if ('dims' in layout) throw badRequest("'dims' key can not be provided for H5D_CONTIGUOUS_REF layout");
      return;
    case 'H5D_CHUNKED_REF':
      referenceLayout();
      if (!('file_uri' in layout)) throw badRequest("'file_uri' key must be provided for H5D_CHUNKED_REF layout");
      if (!hasDims) throw badRequest("'dims' key must be provided for H5D_CHUNKED_REF layout");
      if (!('chunks' in layout)) throw badRequest("'chunks' key must be provided for H5D_CHUNKED_REF layout");
      return;
    case 'H5D_CHUNKED_REF_INDIRECT': {
      referenceLayout();
      if (!hasDims) throw badRequest("'dims' key must be provided for H5D_CHUNKED_REF_INDIRECT layout");
      if (!('chunk_table' in layout)) throw badRequest("'chunk_table' key must be provided for H5D_CHUNKED_REF_INDIRECT layout");
      const tableId = layout.chunk_table;
      if (typeof tableId !== 'string' || !isValidId(tableId, 'datasets')) throw badRequest(`Invalid chunk table id: ${String(tableId)}`);
      const table = await getChunkTable(tableId);
      if (table.shape.class === 'H5S_NULL') throw badRequest('Null space datasets can not be used as chunk tables');
      const tableRank = table.shape.class === 'H5S_SCALAR' ? 1 : (table.shape.dims ?? []).length;
      if (tableRank !== rank) throw badRequest('Chunk table rank must be same as dataspace rank');
      return;
    }
    case 'H5D_CHUNKED':
      if (!('dims' in layout)) throw badRequest('dims key not found in layout for creation property list');
      if (shape.class !== 'H5S_SIMPLE') throw badRequest(`Bad Request: chunked layout not valid with shape class: ${shape.class}`);
      return;
    case 'H5D_CONTIGUOUS':
    case 'H5D_COMPACT':
      if ('dims' in layout) throw badRequest(`dims key found in layout for creation property list for ${layoutClass} storage class`);
      return;
    default:
      throw badRequest(`Unexpected layout: ${String(layoutClass)}`);
  }
}

export interface ChunkLimits {
  minChunkSize: number;
  maxChunkSize: number;
  /** 0: no partitions. */
  maxChunksPerFolder: number;
}

export interface DatasetLayout {
  /** The dataset's top-level `layout` (undefined for null-space datasets). */
  layout?: LayoutJson;
  /** Whether filters may be used: HSDS allows them only where it sizes chunks itself or takes them from a file. */
  filtersAllowed: boolean;
}

/**
 * The effective layout of a new dataset from its shape, item size and the (validated) client layout:
 * H5D_CONTIGUOUS and no layout mean chunked with a guessed shape; chunk shapes outside
 * [minChunkSize, maxChunkSize] are expanded or shrunk (an empty, fixed dataset gets its own extents,
 * zeros included, as on HSDS); *_REF layouts are stored as H5D_CHUNKED with the reference description left
 * in creationProperties.
 */
export function datasetLayout(shape: ShapeJson, itemSize: ItemSize, props: Record<string, unknown> | undefined, limits: ChunkLimits): DatasetLayout {
  if (shape.class === 'H5S_NULL') {
    // A null space holds no data: only a compact layout is kept, as a label.
    return { layout: props?.class === 'H5D_COMPACT' ? { class: 'H5D_COMPACT' } : undefined, filtersAllowed: false };
  }
  const requested = props ? String(props.class) : 'H5D_CHUNKED';
  const layoutClass = requested === 'H5D_CONTIGUOUS' ? 'H5D_CHUNKED' : requested;
  if (layoutClass === 'H5D_COMPACT') return { layout: { class: 'H5D_COMPACT' }, filtersAllowed: false };
  const layout: LayoutJson = { class: 'H5D_CHUNKED' };

  if (layoutClass === 'H5D_CONTIGUOUS_REF') {
    layout.dims = getContiguousLayout(shape, itemSize, limits.minChunkSize, limits.maxChunkSize);
    return { layout, filtersAllowed: false };
  }
  const given = props ? layoutDims(props) : undefined;
  if (layoutClass !== 'H5D_CHUNKED') {
    // H5D_CHUNKED_REF and H5D_CHUNKED_REF_INDIRECT: the HDF5 file's chunks are used as they are.
    layout.dims = given;
    return { layout, filtersAllowed: true };
  }

  const start = given ?? (guessChunk(shape) as number[]);
  const size = getChunkSize(start, itemSize);
  let dims = start;
  if (size < limits.minChunkSize) dims = expandChunk(start, itemSize, shape, limits.minChunkSize) as number[];
  else if (size > limits.maxChunkSize) dims = shrinkChunk(start, itemSize, limits.maxChunkSize);
  layout.dims = dims;
  if (limits.maxChunksPerFolder > 0 && shape.dims) {
    const count = partitionCount(shape, layout.dims, limits.maxChunksPerFolder);
    if (count !== undefined) layout.partition_count = count;
  }
  return { layout, filtersAllowed: true };
}
