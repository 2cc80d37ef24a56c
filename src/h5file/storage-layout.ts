/** Public description of where a dataset's raw data lives in an HDF5 file. */

/** One entry of a dataset's filter pipeline, as stored in the file. */
export interface Hdf5Filter {
  id: number;
  /** The name stored in the file, or the library's name for its built-in filters (deflate, shuffle...). */
  name?: string;
  flags: number;
  clientData: number[];
}

export type ChunkIndexKind =
  | 'btree-v1'
  | 'single-chunk'
  | 'implicit'
  | 'fixed-array'
  | 'extensible-array'
  | 'btree-v2';

export interface ChunkLocation {
  /** Chunk grid index: the chunk's first element offset divided by the chunk dimensions. */
  coords: number[];
  /** Absolute byte offset of the stored (possibly filtered) chunk in the file. */
  offset: number;
  /** Stored size in bytes. */
  size: number;
  /** Bit i set: filter i of the pipeline was skipped for this chunk. */
  filterMask: number;
}

export type DatasetStorage =
  /** offset is null when no space has been allocated (nothing was ever written). */
  | { kind: 'contiguous'; offset: number | null; size: number }
  | { kind: 'compact'; data: Uint8Array }
  | {
      kind: 'chunked';
      /** How the file indexes the chunks (informational; the chunk list is complete either way). */
      index: ChunkIndexKind;
      /** Chunk shape in elements, without HDF5's trailing element-size dimension. */
      chunkDims: number[];
      filters: Hdf5Filter[];
      /**
       * H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS: edge chunks that the extent cuts are stored without the
       * filters (their filter mask does not say so).
       */
      partialEdgeChunksUnfiltered: boolean;
      /** Allocated chunks only, sorted by grid coordinates. */
      chunks: ChunkLocation[];
    }
  /** Virtual datasets are reported but their source mappings are not resolved. */
  | { kind: 'virtual' };

export interface DatasetInfo {
  path: string;
  dims: number[];
  /** null marks an unlimited dimension. */
  maxDims: (number | null)[];
  elementSize: number;
  storage: DatasetStorage;
}
