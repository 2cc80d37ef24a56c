/**
 * Byte shuffle layout per the HDF5 shuffle filter: planes of byte j, trailing partial element untouched.
 * (Whole-chunk shuffles of real data are covered by the HSDS and h5py vectors.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shuffleBytes, unshuffleBytes } from './byte-shuffle.js';

const seq = (n: number, from = 0) => Uint8Array.from({ length: n }, (_, i) => from + i);

test('4-byte elements with a trailing partial element', () => {
  assert.deepEqual([...shuffleBytes(seq(9), 4)], [0, 4, 1, 5, 2, 6, 3, 7, 8]);
  assert.deepEqual([...unshuffleBytes(Uint8Array.from([0, 4, 1, 5, 2, 6, 3, 7, 8]), 4)], [...seq(9)]);
});

test('8-byte elements', () => {
  assert.deepEqual([...shuffleBytes(seq(16), 8)], [0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15]);
});

test('a single element or 1-byte items are left alone', () => {
  assert.deepEqual([...shuffleBytes(seq(7), 4)], [...seq(7)]);
  assert.deepEqual([...shuffleBytes(seq(5), 1)], [...seq(5)]);
});

test('unaligned views give the same result as aligned copies', () => {
  for (const itemSize of [2, 3, 4, 8]) {
    const backing = seq(8 * 33 + 5, 1);
    const unaligned = backing.subarray(1, 1 + 8 * 33 + 3);
    const aligned = unaligned.slice();
    const shuffled = shuffleBytes(unaligned, itemSize);
    assert.deepEqual(shuffled, shuffleBytes(aligned, itemSize), `itemSize ${itemSize}`);
    assert.deepEqual(unshuffleBytes(shuffled.subarray(0), itemSize), aligned, `itemSize ${itemSize}`);
  }
});

test('4- and 8-byte elements through words give the byte-by-byte layout, aligned or not', () => {
  for (const size of [4, 8]) {
    for (const offset of [0, 1]) {
      const data = Uint8Array.from({ length: 8 * 37 + 3 + offset }, (_, i) => (i * 131 + 7) & 0xff).subarray(offset);
      const n = Math.floor(data.length / size);
      const expected = new Uint8Array(data.length);
      for (let i = 0; i < n; i++) for (let j = 0; j < size; j++) expected[j * n + i] = data[i * size + j];
      expected.set(data.subarray(n * size), n * size);
      assert.deepEqual(shuffleBytes(data, size), expected, `size ${size}, offset ${offset}`);
    }
  }
});
