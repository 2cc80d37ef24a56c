import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decompress } from 'lzfjs';
import { inflateSync } from 'node:zlib';
import { applyFilters, lzfCompress } from './h5-write-filters.js';

const repetitive = Uint8Array.from({ length: 20000 }, (_, i) => (i % 97) ^ ((i >> 9) & 3));

describe('filters applied when writing chunks', () => {
  it('LZF output decodes with an independent LZF decoder', () => {
    const packed = lzfCompress(repetitive)!;
    assert.ok(packed.length < repetitive.length / 4);
    assert.deepEqual(Buffer.from(decompress(packed)), Buffer.from(repetitive));
    const short = Uint8Array.from([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
    assert.deepEqual(Buffer.from(decompress(lzfCompress(short)!)), Buffer.from(short));
  });

  it('LZF gives up on data it cannot shrink, and the optional filter is then skipped for the chunk', async () => {
    let x = 2463534242;
    const noise = Uint8Array.from({ length: 4096 }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    });
    assert.equal(lzfCompress(noise), undefined);
    const out = await applyFilters(noise, [{ id: 32000, flags: 1, clientData: [4, 261, 4096] }]);
    assert.equal(out.mask, 1);
    assert.deepEqual(out.data, noise);
  });

  it('shuffles bytes by element size before deflate, as HDF5 does', async () => {
    const values = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const out = await applyFilters(values, [{ id: 2, flags: 1, clientData: [4] }, { id: 1, flags: 1, clientData: [6] }]);
    assert.deepEqual(Array.from(inflateSync(out.data)), [1, 5, 2, 6, 3, 7, 4, 8, 9]);
    assert.equal(out.mask, 0);
  });

  it('skips shuffle when it has no element size (variable-length types)', async () => {
    const out = await applyFilters(Uint8Array.from([1, 2, 3, 4]), [{ id: 2, flags: 1, clientData: [] }]);
    assert.equal(out.mask, 1);
    assert.deepEqual(Array.from(out.data), [1, 2, 3, 4]);
  });

  it('appends the Fletcher-32 checksum of the filtered bytes', async () => {
    const out = await applyFilters(Uint8Array.from([0, 1, 0, 2]), [{ id: 3, flags: 0, clientData: [] }]);
    // sum1 = 1 + 2 = 3, sum2 = 1 + 3 = 4: (4 << 16) | 3, little-endian.
    assert.deepEqual(Array.from(out.data), [0, 1, 0, 2, 3, 0, 4, 0]);
  });
});
