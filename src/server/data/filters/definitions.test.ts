/**
 * normalizeFilters against HSDS 0.9.4's POST /datasets rules (hsds/dset_sn.py, dsetUtil.getFilterItem,
 * storUtil.getSupportedFilters with numcodecs' Blosc compressors blosclz/lz4/lz4hc/zlib/zstd).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isHttpError } from '../../http/errors.js';
import { normalizeFilters, SUPPORTED_COMPRESSORS } from './definitions.js';

function rejects(input: unknown, reason: RegExp, options?: { chunked?: boolean }) {
  assert.throws(
    () => normalizeFilters(input, options),
    (e: unknown) => isHttpError(e) && e.status === 400 && reason.test(e.message),
  );
}

const DEFLATE = { class: 'H5Z_FILTER_DEFLATE', id: 1, name: 'gzip' };
const SHUFFLE = { class: 'H5Z_FILTER_SHUFFLE', id: 2, name: 'shuffle' };

describe('normalizeFilters accepts what HSDS accepts', () => {
  test('integer ids and names become {class, id, name}', () => {
    assert.deepEqual(normalizeFilters([1]), [DEFLATE]);
    assert.deepEqual(normalizeFilters(['gzip']), [DEFLATE]);
    assert.deepEqual(normalizeFilters(['deflate']), [DEFLATE]);
    assert.deepEqual(normalizeFilters(['H5Z_FILTER_DEFLATE']), [DEFLATE]);
    assert.deepEqual(normalizeFilters([2, 'lz4']), [SHUFFLE, { class: 'H5Z_FILTER_LZ4', id: 32004, name: 'lz4' }]);
    assert.deepEqual(normalizeFilters([32015]), [{ class: 'H5Z_FILTER_ZSTD', id: 32015, name: 'zstd' }]);
  });

  test('no-op filters are accepted and stored', () => {
    assert.deepEqual(
      normalizeFilters([3, 'nbit', 'H5Z_FILTER_SCALEOFFSET']).map((f) => f.name),
      ['fletcher32', 'nbit', 'scaleoffset'],
    );
  });

  test("h5pyd's dicts keep their keys and gain the missing name", () => {
    const input = [
      { class: 'H5Z_FILTER_SHUFFLE', id: 2, name: 'shuffle' },
      { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 4 },
    ];
    const out = normalizeFilters(input);
    assert.deepEqual(out, [SHUFFLE, { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 4, name: 'gzip' }]);
    assert.deepEqual(Object.keys(out[1]), ['class', 'id', 'level', 'name']);
    assert.deepEqual(input[1], { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 4 }, 'input is not modified');
  });

  test('H5Z_FILTER_USER by name or id gets the id or name filled in, class kept', () => {
    assert.deepEqual(normalizeFilters([{ class: 'H5Z_FILTER_USER', name: 'lz4', level: 3 }]), [
      { class: 'H5Z_FILTER_USER', name: 'lz4', level: 3, id: 32004 },
    ]);
    assert.deepEqual(normalizeFilters([{ class: 'H5Z_FILTER_USER', id: 32015 }]), [
      { class: 'H5Z_FILTER_USER', id: 32015, name: 'zstd' },
    ]);
    assert.deepEqual(normalizeFilters([{ class: 'H5Z_FILTER_USER', name: 'blosclz' }]), [
      { class: 'H5Z_FILTER_USER', name: 'blosclz', id: 32001 },
    ]);
  });

  test('a dict whose class is a name is looked up like HSDS does', () => {
    assert.deepEqual(normalizeFilters([{ class: 'deflate' }]), [{ class: 'deflate', id: 1, name: 'gzip' }]);
  });

  test('Python treats true as 1 (deflate)', () => {
    assert.deepEqual(normalizeFilters([true]), [DEFLATE]);
  });

  test('empty list, also for unchunked datasets', () => {
    assert.deepEqual(normalizeFilters([]), []);
    assert.deepEqual(normalizeFilters([], { chunked: false }), []);
  });

  test('advertised compressors are exactly HSDS 0.9.4 defaults', () => {
    assert.deepEqual(SUPPORTED_COMPRESSORS, ['blosclz', 'lz4', 'lz4hc', 'gzip', 'zstd', 'deflate']);
    for (const name of SUPPORTED_COMPRESSORS) assert.equal(normalizeFilters([name]).length, 1);
  });
});

describe('normalizeFilters rejects with 400 where HSDS does', () => {
  test('filters that exist but are not supported', () => {
    rejects(['szip'], /is not supported/);
    rejects([4], /is not supported/);
    rejects(['lzf'], /is not supported/);
    rejects([32000], /is not supported/);
    rejects(['bitshuffle'], /is not supported/);
    rejects(['snappy'], /is not supported/);
    rejects([0], /is not supported/);
    rejects([false], /is not supported/);
    rejects([{ class: 'H5Z_FILTER_LZF' }], /is not supported/);
    rejects([{ class: 'H5Z_FILTER_USER', name: 'szip' }], /is not supported/);
  });

  test('unknown filters', () => {
    rejects(['foo'], /filter foo not recognized/);
    rejects([999], /filter 999 not recognized/);
    rejects([{ class: 'H5Z_FILTER_FOO' }], /not recognized/);
    rejects([{ class: 'H5Z_FILTER_USER' }], /not recognized/);
    rejects([{ class: 'H5Z_FILTER_USER', name: 'brotli' }], /not recognized/);
  });

  test('malformed entries', () => {
    rejects([{ id: 1 }], /expected 'class' key/);
    rejects([{ class: 'H5Z_FILTER_DEFLATE', id: 2 }], /to have id: 1 but got 2/);
    rejects([{ class: 'H5Z_FILTER_USER', id: 'lz4' }], /to have id: 32004/);
    rejects([{ class: 'H5Z_FILTER_DEFLATE', name: 'zlib' }], /is not supported/);
    rejects([1.5], /Unexpected type for filter/);
    rejects([null], /Unexpected type for filter/);
    rejects([[1]], /Unexpected type for filter/);
  });

  test('not a list', () => {
    rejects('gzip', /Expected filters in creationProperties to be a list/);
    rejects({ class: 'H5Z_FILTER_DEFLATE' }, /to be a list/);
    rejects(null, /to be a list/);
  });

  test('filters on a dataset without chunks', () => {
    rejects([1], /Filters can only be used with chunked datasets/, { chunked: false });
  });
});
