/**
 * Lists the allocated chunks of a chunked dataset from whichever index its layout message names:
 * v1 B-tree, single chunk, implicit, fixed array, extensible array or v2 B-tree.
 */
import type { ArrayElements } from './array-elements.js';
import { readBTreeV1Leaves } from './btree-v1.js';
import { readBTreeV2Records } from './btree-v2.js';
import { ByteReader } from './byte-reader.js';
import { Hdf5FormatError } from './errors.js';
import { readExtensibleArray } from './extensible-array.js';
import type { FileContext } from './file-context.js';
import { readFixedArray } from './fixed-array.js';
import { ChunkIndexType, type Dataspace, type LayoutMessage } from './messages.js';
import type { ChunkLocation } from './storage-layout.js';

type ChunkedLayout = Extract<LayoutMessage, { kind: 'chunked' }>;

const BTREE_V2_UNFILTERED_CHUNKS = 10;
const BTREE_V2_FILTERED_CHUNKS = 11;

interface Geometry {
  readonly rank: number;
  readonly chunkDims: number[];
  /** Bytes of one unfiltered chunk. */
  readonly chunkBytes: number;
  readonly dims: number[];
  readonly maxDims: (number | null)[];
}

/**
 * Row-major strides over the chunk grid of the maximum extent, with dimensions taken in `order`.
 * HDF5 numbers chunks this way for the array indexes, so a chunk keeps its number when the dataset grows;
 * the first dimension in `order` is the only one whose extent never enters the strides (it may be unlimited).
 */
function gridStrides(g: Geometry, order: number[], what: string): number[] {
  const strides = new Array<number>(g.rank).fill(1);
  for (let i = g.rank - 2; i >= 0; i--) {
    const max = g.maxDims[order[i + 1]];
    if (max === null) throw new Hdf5FormatError(`${what} index used with more than one unlimited dimension`);
    strides[i] = strides[i + 1] * Math.ceil(max / g.chunkDims[order[i + 1]]);
  }
  return strides;
}

function coordsOf(index: number, strides: number[], order: number[]): number[] {
  const coords = new Array<number>(order.length);
  let rest = index;
  for (let i = 0; i < order.length; i++) {
    coords[order[i]] = Math.floor(rest / strides[i]);
    rest -= coords[order[i]] * strides[i];
  }
  return coords;
}

/** Decodes fixed/extensible array elements: an address, plus size and filter mask when filtered. */
function arrayChunks(
  ctx: FileContext,
  elements: ArrayElements,
  g: Geometry,
  strides: number[],
  order: number[],
): ChunkLocation[] {
  const filteredSizeWidth = elements.elementSize - ctx.offsetSize - 4;
  const filtered = elements.elementSize !== ctx.offsetSize;
  if (filtered && (filteredSizeWidth < 1 || filteredSizeWidth > 8)) {
    throw new Hdf5FormatError(`chunk index has an invalid element size ${elements.elementSize}`);
  }
  const chunks: ChunkLocation[] = [];
  for (const run of elements.runs) {
    const r = new ByteReader(run.bytes, ctx, 'chunk index elements', 0);
    for (let i = 0; i < run.count; i++) {
      const address = r.address();
      const size = filtered ? r.uint(filteredSizeWidth) : g.chunkBytes;
      const filterMask = filtered ? r.u32() : 0;
      if (address === null) continue;
      const coords = coordsOf(run.firstIndex + i, strides, order);
      chunks.push({ coords, offset: ctx.absolute(address), size, filterMask });
    }
  }
  return chunks;
}

async function btreeV1Chunks(ctx: FileContext, address: number, g: Geometry): Promise<ChunkLocation[]> {
  const leaves = await readBTreeV1Leaves(ctx, address, 1, 8 + 8 * (g.rank + 1));
  return leaves.map(({ key, childAddress }) => {
    const size = key.u32();
    const filterMask = key.u32();
    const coords = g.chunkDims.map((chunkDim) => key.u64() / chunkDim);
    return { coords, offset: ctx.absolute(childAddress), size, filterMask };
  });
}

async function btreeV2Chunks(ctx: FileContext, address: number, g: Geometry): Promise<ChunkLocation[]> {
  const { type, recordSize, records } = await readBTreeV2Records(ctx, address);
  if (type !== BTREE_V2_UNFILTERED_CHUNKS && type !== BTREE_V2_FILTERED_CHUNKS) {
    throw new Hdf5FormatError(`v2 B-tree at address ${address} has record type ${type}, not a chunk index`);
  }
  const sizeWidth = recordSize - ctx.offsetSize - 4 - 8 * g.rank;
  if (type === BTREE_V2_FILTERED_CHUNKS && (sizeWidth < 1 || sizeWidth > 8)) {
    throw new Hdf5FormatError(`v2 B-tree at address ${address} has an invalid record size ${recordSize}`);
  }
  return records.map((record) => {
    const r = new ByteReader(record, ctx, 'v2 B-tree chunk record', address);
    const chunkAddress = r.address();
    const filtered = type === BTREE_V2_FILTERED_CHUNKS;
    const size = filtered ? r.uint(sizeWidth) : g.chunkBytes;
    const filterMask = filtered ? r.u32() : 0;
    // Records hold scaled offsets: the chunk grid coordinates themselves.
    const coords = Array.from({ length: g.rank }, () => r.u64());
    if (chunkAddress === null) throw new Hdf5FormatError(`v2 B-tree at address ${address} has a chunk without address`);
    return { coords, offset: ctx.absolute(chunkAddress), size, filterMask };
  });
}

function implicitChunks(ctx: FileContext, address: number, g: Geometry): ChunkLocation[] {
  // Every chunk of the current extent is allocated, in one block ordered like a fixed array.
  const order = g.chunkDims.map((_, d) => d);
  const strides = gridStrides(g, order, 'implicit');
  const grid = g.dims.map((dim, d) => Math.ceil(dim / g.chunkDims[d]));
  const total = grid.reduce((a, b) => a * b, 1);
  const currentStrides = gridStrides({ ...g, maxDims: g.dims }, order, 'implicit');
  const chunks: ChunkLocation[] = [];
  for (let n = 0; n < total; n++) {
    const coords = coordsOf(n, currentStrides, order);
    const index = coords.reduce((sum, c, d) => sum + c * strides[d], 0);
    chunks.push({ coords, offset: ctx.absolute(address + index * g.chunkBytes), size: g.chunkBytes, filterMask: 0 });
  }
  return chunks;
}

const compareCoords = (a: ChunkLocation, b: ChunkLocation) => {
  for (let d = 0; d < a.coords.length; d++) if (a.coords[d] !== b.coords[d]) return a.coords[d] - b.coords[d];
  return 0;
};

export async function readChunkLocations(
  ctx: FileContext,
  layout: ChunkedLayout,
  space: Dataspace,
): Promise<ChunkLocation[]> {
  const rank = layout.dims.length - 1;
  if (rank !== space.dims.length) {
    throw new Hdf5FormatError(`chunk rank ${rank} does not match dataspace rank ${space.dims.length}`);
  }
  const chunkDims = layout.dims.slice(0, rank);
  if (chunkDims.some((d) => d === 0)) throw new Hdf5FormatError('chunk dimensions include a zero');
  const g: Geometry = {
    rank,
    chunkDims,
    chunkBytes: chunkDims.reduce((a, b) => a * b, layout.dims[rank]),
    dims: space.dims,
    maxDims: space.maxDims,
  };
  if (layout.address === null) return [];
  const identity = chunkDims.map((_, d) => d);

  let chunks: ChunkLocation[];
  switch (layout.indexType) {
    case ChunkIndexType.btreeV1:
      chunks = await btreeV1Chunks(ctx, layout.address, g);
      break;
    case ChunkIndexType.singleChunk:
      chunks = [
        {
          coords: new Array<number>(rank).fill(0),
          offset: ctx.absolute(layout.address),
          size: layout.singleChunk?.size ?? g.chunkBytes,
          filterMask: layout.singleChunk?.filterMask ?? 0,
        },
      ];
      break;
    case ChunkIndexType.implicit:
      chunks = implicitChunks(ctx, layout.address, g);
      break;
    case ChunkIndexType.fixedArray: {
      const elements = await readFixedArray(ctx, layout.address);
      chunks = arrayChunks(ctx, elements, g, gridStrides(g, identity, 'fixed array'), identity);
      break;
    }
    case ChunkIndexType.extensibleArray: {
      // The unlimited dimension is moved to the front (slowest) so appending never renumbers chunks.
      const unlimited = space.maxDims.indexOf(null);
      const order = unlimited > 0 ? [unlimited, ...identity.filter((d) => d !== unlimited)] : identity;
      const elements = await readExtensibleArray(ctx, layout.address);
      chunks = arrayChunks(ctx, elements, g, gridStrides(g, order, 'extensible array'), order);
      break;
    }
    case ChunkIndexType.btreeV2:
      chunks = await btreeV2Chunks(ctx, layout.address, g);
      break;
    default:
      throw new Hdf5FormatError(`unknown chunk index type ${layout.indexType}`);
  }
  return chunks.sort(compareCoords);
}
