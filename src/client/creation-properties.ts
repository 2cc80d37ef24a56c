/**
 * Dataset creation properties: h5py-style options (chunks, compression, shuffle, …) → the HSDS
 * `creationProperties` JSON h5pyd sends, and back from a dataset's JSON to h5py's properties.
 */

export type Compression = 'gzip' | 'deflate' | 'lz4' | 'lz4hc' | 'blosclz' | 'zstd' | 'snappy' | (string & {});

export interface FilterOptions {
  /** Chunk shape; `true` lets the server choose. */
  chunks?: number[] | boolean;
  /** A compressor name the server lists in `compressors`, or a gzip level 0–9. */
  compression?: Compression | number;
  /** Compression level (gzip: 0–9, default 4). */
  compressionOpts?: number;
  /** Byte shuffle (`true`) or bit shuffle (`'bitshuffle'`) before compression. */
  shuffle?: boolean | 'bitshuffle';
  fletcher32?: boolean;
}

export interface FilterJson {
  class: string;
  id?: number;
  name?: string;
  level?: number;
  [key: string]: unknown;
}

const DEFAULT_GZIP_LEVEL = 4;

/** creationProperties for the given options; throws for a compressor the server does not list. */
export function creationProperties(
  options: FilterOptions & { fillvalue?: unknown; trackOrder?: boolean },
  rank: number,
  compressors: string[],
): Record<string, unknown> {
  const cpl: Record<string, unknown> = {};
  const filters: FilterJson[] = [];
  const hasFilter = options.compression !== undefined || options.shuffle || options.fletcher32;
  if (rank === 0 && (options.chunks || hasFilter)) throw new TypeError("scalar datasets don't support chunk/filter options");
  if (options.chunks === false && hasFilter) throw new TypeError('chunks must not be false with compression');
  if (Array.isArray(options.chunks)) {
    if (options.chunks.length !== rank) throw new TypeError(`chunks must have the same rank (${rank}) as the dataset`);
    if (!options.chunks.every((c) => Number.isInteger(c) && c > 0)) throw new TypeError('chunk sizes must be positive integers');
    cpl.layout = { class: 'H5D_CHUNKED', dims: [...options.chunks] };
    // As h5pyd: allocate with the fill value so resized regions read the fill value.
    cpl.fillTime = 'H5D_FILL_TIME_ALLOC';
  } else if (options.chunks === true) {
    cpl.layout = { class: 'H5D_CHUNKED' };
  }
  if (options.fletcher32) filters.push({ class: 'H5Z_FILTER_FLETCHER32', id: 3 });
  if (options.shuffle === 'bitshuffle') filters.push({ class: 'H5Z_FILTER_BITSHUFFLE', id: 32008, name: 'bitshuffle' });
  else if (options.shuffle) filters.push({ class: 'H5Z_FILTER_SHUFFLE', id: 2, name: 'shuffle' });
  const compressor = compressionFilter(options.compression, options.compressionOpts, compressors);
  if (compressor) filters.push(compressor);
  if (filters.length) cpl.filters = filters;
  if (options.fillvalue !== undefined) cpl.fillValue = options.fillvalue;
  if (options.trackOrder) cpl.CreateOrder = 1;
  return cpl;
}

function compressionFilter(compression: string | number | undefined, level: number | undefined, compressors: string[]): FilterJson | undefined {
  if (compression === undefined) {
    if (level !== undefined) throw new TypeError('compressionOpts needs a compression method');
    return undefined;
  }
  if (typeof compression === 'number') {
    if (level !== undefined) throw new TypeError('give the gzip level either as compression or as compressionOpts');
    return gzip(compression);
  }
  if (compression === 'gzip' || compression === 'deflate') return gzip(level ?? DEFAULT_GZIP_LEVEL);
  if (!compressors.includes(compression))
    throw new TypeError(`unknown compression '${compression}'; this server supports: ${compressors.join(', ')}`);
  const filter: FilterJson = { class: 'H5Z_FILTER_USER', name: compression };
  if (level !== undefined) {
    if (!Number.isInteger(level) || level < 0 || level > 9) throw new TypeError(`compression level must be an integer 0-9, not ${level}`);
    filter.level = level;
  }
  return filter;
}

function gzip(level: number): FilterJson {
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new TypeError(`gzip level must be an integer 0-9, not ${level}`);
  return { class: 'H5Z_FILTER_DEFLATE', id: 1, level };
}

const COMPRESSOR_BY_ID: Record<number, string> = { 1: 'gzip', 32000: 'lzf', 32001: 'blosclz', 32003: 'snappy', 32004: 'lz4', 32005: 'lz4hc', 32015: 'zstd' };
const COMPRESSOR_BY_CLASS: Record<string, string> = {
  H5Z_FILTER_DEFLATE: 'gzip',
  H5Z_FILTER_LZF: 'lzf',
  H5Z_FILTER_SZIP: 'szip',
  H5Z_FILTER_BLOSC: 'blosclz',
  H5Z_FILTER_SNAPPY: 'snappy',
  H5Z_FILTER_LZ4: 'lz4',
  H5Z_FILTER_LZ4HC: 'lz4hc',
  H5Z_FILTER_ZSTD: 'zstd',
};

export function filtersOf(cpl: Record<string, unknown>): FilterJson[] {
  const f = cpl.filters;
  return Array.isArray(f) ? (f as FilterJson[]).filter((x) => x && typeof x === 'object') : [];
}

/** h5py's `compression` and `compression_opts` of a dataset. */
export function compressionOf(cpl: Record<string, unknown>): { compression: string | null; compressionOpts: number | null } {
  for (const f of filtersOf(cpl)) {
    const name =
      f.class === 'H5Z_FILTER_USER'
        ? f.name
        : (COMPRESSOR_BY_CLASS[f.class] ?? (f.id !== undefined ? COMPRESSOR_BY_ID[f.id] : undefined));
    if (name) return { compression: name === 'deflate' ? 'gzip' : name, compressionOpts: typeof f.level === 'number' ? f.level : null };
  }
  return { compression: null, compressionOpts: null };
}

export function hasFilter(cpl: Record<string, unknown>, cls: string): boolean {
  return filtersOf(cpl).some((f) => f.class === cls);
}
