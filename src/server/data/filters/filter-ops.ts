/**
 * Which compressor, level and shuffle a dataset's stored filter list means for its chunk objects — the
 * same reading HSDS 0.9.4 makes (hsds: dsetUtil.getCompressionFilter, getShuffleFilter, getFilterOps).
 * Filters that are neither (fletcher32, nbit) are ignored; scaleoffset counts as a compressor that does
 * nothing, as in HSDS.
 */
import type { FilterJson } from './definitions.js';

export type ShuffleKind = 'none' | 'byte' | 'bit';

export interface FilterOps {
  /** 'zlib' for gzip/deflate, otherwise the Blosc codec name HSDS would pass (lz4, zstd, ...). */
  compressor?: string;
  /** 0..9, HSDS default 5. */
  level: number;
  shuffle: ShuffleKind;
}

const COMPRESSION_CLASSES = new Set([
  'H5Z_FILTER_DEFLATE',
  'H5Z_FILTER_SZIP',
  'H5Z_FILTER_SCALEOFFSET',
  'H5Z_FILTER_LZF',
  'H5Z_FILTER_BLOSC',
  'H5Z_FILTER_SNAPPY',
  'H5Z_FILTER_LZ4',
  'H5Z_FILTER_LZ4HC',
  'H5Z_FILTER_ZSTD',
]);
const USER_COMPRESSION_NAMES = new Set(['gzip', 'szip', 'lzf', 'blosclz', 'snappy', 'lz4', 'lz4hc', 'zstd']);
const SHUFFLE_CLASSES = new Set(['H5Z_FILTER_SHUFFLE', 'H5Z_FILTER_BITSHUFFLE']);

export const DEFAULT_LEVEL = 5;

function compressionFilter(filters: FilterJson[]): FilterJson | undefined {
  return filters.find(
    (f) =>
      COMPRESSION_CLASSES.has(f.class) ||
      (f.class === 'H5Z_FILTER_USER' && typeof f.name === 'string' && USER_COMPRESSION_NAMES.has(f.name)),
  );
}

/** Python int() of the stored level, clamped to what zlib and Blosc accept. */
function levelOf(filter: FilterJson): number {
  if (!('level' in filter)) return DEFAULT_LEVEL;
  const level = Math.trunc(Number(filter.level));
  if (!Number.isFinite(level)) return DEFAULT_LEVEL;
  return Math.min(9, Math.max(0, level));
}

function shuffleKind(filter: FilterJson | undefined): ShuffleKind {
  if (!filter) return 'none';
  const name = filter.name ?? (filter.class === 'H5Z_FILTER_SHUFFLE' ? 'shuffle' : 'bitshuffle');
  if (name === 'shuffle') return 'byte';
  if (name === 'bitshuffle') return 'bit';
  return 'none';
}

export function filterOpsFor(filters: FilterJson[] | undefined, isVlen: boolean): FilterOps {
  const list = (filters ?? []).filter((f) => f !== null && typeof f === 'object' && 'class' in f);
  // HSDS never shuffles variable-length data: the length-prefixed stream has no fixed element size.
  const shuffle = isVlen ? 'none' : shuffleKind(list.find((f) => SHUFFLE_CLASSES.has(f.class)));
  const compression = compressionFilter(list);
  if (!compression) return { level: DEFAULT_LEVEL, shuffle };
  let compressor = compression.class === 'H5Z_FILTER_DEFLATE' ? 'zlib' : (compression.name ?? 'lz4');
  if (compressor === 'gzip' || compressor === 'deflate') compressor = 'zlib';
  const level = levelOf(compression);
  return compressor === 'scaleoffset' ? { level, shuffle } : { compressor, level, shuffle };
}
