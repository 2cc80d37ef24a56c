/** Reader of HDF5 file metadata that locates each dataset's raw data, reading only the bytes it needs. */
export { openFileSource, withReadCache, type ByteSource } from './byte-source.js';
export { Hdf5FormatError, Hdf5PathError } from './errors.js';
export { Hdf5Locator } from './locator.js';
export { BUILTIN_FILTER_NAMES } from './messages.js';
export type { ChunkIndexKind, ChunkLocation, DatasetInfo, DatasetStorage, Hdf5Filter } from './storage-layout.js';
