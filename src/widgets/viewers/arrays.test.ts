import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toType } from '../../client/index.js';
import type { ValueSlice } from '../data/models.js';
import { axisPositions, gridReader, imageAxes, mappedArray, plottable } from './arrays.js';

/** A 2 × 3 slice of dimensions 0 and 2 of a 3-D dataset, values 10·row + col. */
function slice2x3(): ValueSlice {
  return {
    data: new Int16Array([0, 1, 2, 10, 11, 12]),
    shape: [2, 3],
    type: toType('int16'),
    dtype: 'int16',
    axes: [
      { dim: 0, start: 0, step: 1, count: 2 },
      { dim: 2, start: 4, step: 2, count: 3 },
    ],
  };
}

describe('slices for H5Web', () => {
  it('keep the stored order when y comes first', () => {
    const a = mappedArray(slice2x3(), ['y', 5, 'x']);
    assert.deepEqual(a.shape, [2, 3]);
    assert.equal(a.get(1, 2), 12);
  });

  it('transpose into a contiguous copy when x comes first', () => {
    const a = mappedArray(slice2x3(), ['x', 5, 'y']);
    assert.deepEqual(a.shape, [3, 2]);
    assert.ok(a.data instanceof Int16Array);
    assert.deepEqual(Array.from(a.data as Int16Array), [0, 10, 1, 11, 2, 12]);
    assert.deepEqual(a.stride, [2, 1]);
  });

  it('move RGB channels last whatever the axes order', () => {
    const data = new Uint8Array(2 * 2 * 3).map((_, i) => i);
    const rgb: ValueSlice = {
      data,
      shape: [2, 2, 3],
      type: toType('uint8'),
      dtype: 'uint8',
      axes: [0, 1, 2].map((dim) => ({ dim, start: 0, step: 1, count: dim === 2 ? 3 : 2 })),
    };
    const a = mappedArray(rgb, ['x', 'y', null]);
    // Pixel (y=0, x=1) is stored at [1][0].
    assert.deepEqual([a.get(0, 1, 0), a.get(0, 1, 1), a.get(0, 1, 2)], [6, 7, 8]);
  });

  it('draw 64-bit integers and booleans as numbers', () => {
    assert.deepEqual(Array.from(plottable(new BigInt64Array([1n, -2n]))), [1, -2]);
    assert.deepEqual(plottable([true, false]), [1, 0]);
  });

  it('give axis positions as pixel edges or centres, in dataset coordinates', () => {
    assert.deepEqual(Array.from(axisPositions({ start: 4, step: 2, count: 3 }, false)), [4, 6, 8]);
    assert.deepEqual(Array.from(axisPositions({ start: 4, step: 2, count: 3 }, true)), [4, 6, 8, 10]);
    const axes = imageAxes(slice2x3().axes, ['x', 0, 'y']);
    assert.equal(axes.y.label, 'D2');
    assert.deepEqual(Array.from(axes.x.value), [0, 1, 2]);
  });

  it('read matrix cells whichever dimension holds the rows, with array elements as lists', () => {
    const rowsFirst = gridReader(slice2x3(), 0, 2, 3);
    assert.equal(rowsFirst(1, 2), 12);
    const colsFirst = gridReader(slice2x3(), 2, 3, 2);
    assert.equal(colsFirst(2, 1), 12);
    const pairs: ValueSlice = {
      data: new Float32Array([1, 2, 3, 4, 5, 6]),
      shape: [3, 2],
      type: toType('float32'),
      dtype: 'float32',
      axes: [{ dim: 0, start: 0, step: 1, count: 3 }],
    };
    assert.deepEqual(Array.from(gridReader(pairs, 0, 3, 1)(2, 0) as Float32Array), [5, 6]);
  });
});
