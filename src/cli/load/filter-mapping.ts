/**
 * A source dataset's HDF5 filter pipeline → the HSDS `filters` list of the copy, as h5pyd's hsload maps
 * them: deflate (with its level), shuffle, fletcher32, and the Blosc/LZ4/Zstd plugins as the server's own
 * compressors. Filters the server cannot apply are left out and reported (the values are copied decoded
 * either way). `-z`/`--compression` adds a compressor to datasets that have none.
 */
import type { FilterJson } from '../../client/index.js';
import { BUILTIN_FILTER_NAMES, type Hdf5Filter } from '../../h5file/index.js';

export interface Recompression {
  /** A name from the server's `compressors` (gzip, lz4, zstd, …). */
  name: string;
  level?: number;
}

export interface FilterChoice {
  filters: FilterJson[];
  /** Source filters not carried over, by name. */
  dropped: string[];
}

const FILTER_NAMES: Record<number, string> = {
  ...BUILTIN_FILTER_NAMES,
  // Registered plugin filters.
  32000: 'lzf',
  32001: 'blosc',
  32004: 'lz4',
  32008: 'bitshuffle',
  32015: 'zstd',
};

/** Blosc's compressor codes (the plugin's 7th client data value). */
const BLOSC_CODECS = ['blosclz', 'lz4', 'lz4hc', 'snappy', 'gzip', 'zstd'];

export const filterName = (id: number) => FILTER_NAMES[id] ?? `filter ${id}`;

function compressorFilter(name: string, level: number | undefined): FilterJson {
  if (name === 'gzip' || name === 'deflate') return { class: 'H5Z_FILTER_DEFLATE', id: 1, level: level ?? 4 };
  return level === undefined ? { class: 'H5Z_FILTER_USER', name } : { class: 'H5Z_FILTER_USER', name, level };
}

function mapFilter(f: Hdf5Filter, compressors: string[]): FilterJson | undefined {
  const supported = (name: string) => compressors.includes(name);
  switch (f.id) {
    case 1:
      return { class: 'H5Z_FILTER_DEFLATE', id: 1, level: f.clientData[0] ?? 4 };
    case 2:
      return { class: 'H5Z_FILTER_SHUFFLE', id: 2 };
    case 3:
      return { class: 'H5Z_FILTER_FLETCHER32', id: 3 };
    case 32001: {
      const name = BLOSC_CODECS[f.clientData[6] ?? 0] ?? 'blosclz';
      return supported(name) ? compressorFilter(name, f.clientData[4]) : undefined;
    }
    case 32004:
      return supported('lz4') ? compressorFilter('lz4', undefined) : undefined;
    case 32015:
      return supported('zstd') ? compressorFilter('zstd', f.clientData[0]) : undefined;
    default:
      return undefined;
  }
}

const isCompressor = (f: FilterJson) => f.class !== 'H5Z_FILTER_SHUFFLE' && f.class !== 'H5Z_FILTER_FLETCHER32';

export function chooseFilters(
  pipeline: readonly Hdf5Filter[],
  options: { ignoreFilters?: boolean; recompress?: Recompression; compressors: string[] },
): FilterChoice {
  const filters: FilterJson[] = [];
  const dropped: string[] = [];
  if (!options.ignoreFilters) {
    for (const f of pipeline) {
      const mapped = mapFilter(f, options.compressors);
      if (mapped) filters.push(mapped);
      else dropped.push(filterName(f.id));
    }
  }
  if (options.recompress && !filters.some(isCompressor)) filters.push(compressorFilter(options.recompress.name, options.recompress.level));
  return { filters, dropped };
}
