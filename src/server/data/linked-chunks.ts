/**
 * Link-mode layouts (HSDS "single object" design): a dataset whose chunk bytes live in a traditional HDF5
 * file, read by byte range. The service layer resolves the layout into this description for data nodes.
 */
export type LinkedChunkSource =
  | { class: 'H5D_CONTIGUOUS_REF'; fileUri: string; offset: number; size: number; datasetDims: number[] }
  | { class: 'H5D_CHUNKED_REF'; fileUri: string; chunks: Record<string, [number, number]> }
  | { class: 'H5D_CHUNKED_REF_INDIRECT'; fileUri?: string; chunkTable: string; hyperDims?: number[] };
