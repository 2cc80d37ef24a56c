/**
 * Filter names, ids and the normalization HSDS 0.9.4 applies to `creationProperties.filters` on
 * POST /datasets (hsds: hsds/util/dsetUtil.py FILTER_DEFS/getFilterItem, hsds/dset_sn.py POST_Dataset).
 * The stored form must match HSDS's so that a bucket written by either server reads the same in the other.
 */
import { badRequest } from '../../http/errors.js';

export interface FilterJson {
  class: string;
  id: number;
  name?: string;
  level?: number;
  [k: string]: unknown;
}

export interface FilterItem {
  class: string;
  id: number;
  name: string;
}

export const FILTER_DEFS: readonly FilterItem[] = [
  { class: 'H5Z_FILTER_NONE', id: 0, name: 'none' },
  { class: 'H5Z_FILTER_DEFLATE', id: 1, name: 'gzip' },
  { class: 'H5Z_FILTER_SHUFFLE', id: 2, name: 'shuffle' },
  { class: 'H5Z_FILTER_FLETCHER32', id: 3, name: 'fletcher32' },
  { class: 'H5Z_FILTER_SZIP', id: 4, name: 'szip' },
  { class: 'H5Z_FILTER_NBIT', id: 5, name: 'nbit' },
  { class: 'H5Z_FILTER_SCALEOFFSET', id: 6, name: 'scaleoffset' },
  { class: 'H5Z_FILTER_LZF', id: 32000, name: 'lzf' },
  { class: 'H5Z_FILTER_BLOSC', id: 32001, name: 'blosclz' },
  { class: 'H5Z_FILTER_SNAPPY', id: 32003, name: 'snappy' },
  { class: 'H5Z_FILTER_LZ4', id: 32004, name: 'lz4' },
  { class: 'H5Z_FILTER_LZ4HC', id: 32005, name: 'lz4hc' },
  { class: 'H5Z_FILTER_BITSHUFFLE', id: 32008, name: 'bitshuffle' },
  { class: 'H5Z_FILTER_ZSTD', id: 32015, name: 'zstd' },
];

/**
 * The domain JSON's `compressors`: HSDS lists numcodecs' Blosc compressors with zlib renamed gzip, plus
 * deflate. All of these are written by the chunk codec (gzip/deflate as zlib streams, the rest as Blosc).
 */
export const SUPPORTED_COMPRESSORS: string[] = ['blosclz', 'lz4', 'lz4hc', 'gzip', 'zstd', 'deflate'];

/** hsds: storUtil.getSupportedFilters. fletcher32, nbit and scaleoffset are stored but never applied. */
export const SUPPORTED_FILTERS: readonly string[] = [
  'shuffle',
  'fletcher32',
  'nbit',
  'scaleoffset',
  ...SUPPORTED_COMPRESSORS,
];

/** Python `==` between JSON scalars: booleans compare as 0/1, containers never equal a scalar. */
function pyEquals(a: unknown, b: string | number): boolean {
  const scalar = typeof a === 'boolean' ? Number(a) : a;
  return scalar === b;
}

/** hsds: dsetUtil.getFilterItem — look a filter up by class, id or name ("deflate" means gzip). */
export function filterItem(key: unknown): FilterItem | undefined {
  const wanted = key === 'deflate' ? 'gzip' : key;
  return FILTER_DEFS.find(
    (item) => pyEquals(wanted, item.class) || pyEquals(wanted, item.id) || pyEquals(wanted, item.name),
  );
}

/** Short, header-safe rendering of client input for error reasons. */
function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}

function isPythonInt(value: unknown): value is number | boolean {
  return typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value));
}

function normalizeDict(filter: Record<string, unknown>): FilterJson {
  if (!('class' in filter)) throw badRequest("expected 'class' key for filter property");
  let item: FilterItem | undefined;
  if (filter.class !== 'H5Z_FILTER_USER') item = filterItem(filter.class);
  else if ('id' in filter) item = filterItem(filter.id);
  else if ('name' in filter) item = filterItem(filter.name);
  if (!item) throw badRequest(`filter ${describe(filter.class)} not recognized`);

  // HSDS keeps the client's dict (and its key order) and appends the missing id/name.
  const out: Record<string, unknown> = { ...filter };
  if (!('id' in out)) out.id = item.id;
  else if (!pyEquals(out.id, item.id)) {
    throw badRequest(`Expected ${describe(filter.class)} to have id: ${item.id} but got ${describe(out.id)}`);
  }
  if (!('name' in out)) out.name = item.name;
  if (typeof out.name !== 'string' || !SUPPORTED_FILTERS.includes(out.name)) {
    throw badRequest(`filter ${describe(out)} is not supported`);
  }
  return out as FilterJson;
}

/**
 * `creationProperties.filters` as a client sends it (ids, names, dicts, H5Z_FILTER_USER) → the list HSDS
 * stores. Throws a 400 HttpError exactly where HSDS does. `chunked: false` reports a filtered dataset that
 * has no chunk layout (a null-space dataset), which HSDS rejects after the list check.
 */
export function normalizeFilters(input: unknown, options: { chunked?: boolean } = {}): FilterJson[] {
  if (!Array.isArray(input)) throw badRequest('Expected filters in creationProperties to be a list');
  if (input.length > 0 && options.chunked === false) {
    throw badRequest('Filters can only be used with chunked datasets');
  }
  return input.map((filter: unknown): FilterJson => {
    if (isPythonInt(filter) || typeof filter === 'string') {
      const item = filterItem(filter);
      if (!item) throw badRequest(`filter ${describe(filter)} not recognized`);
      if (!SUPPORTED_FILTERS.includes(item.name)) throw badRequest(`filter ${describe(filter)} is not supported`);
      return { ...item };
    }
    if (filter !== null && typeof filter === 'object' && !Array.isArray(filter)) {
      return normalizeDict(filter as Record<string, unknown>);
    }
    throw badRequest(`Unexpected type for filter: ${describe(filter)}`);
  });
}
