import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dimOf, displayOrder, initialMapping, selectionFor } from './mapping.js';

describe('dimension mappings', () => {
  it('start sliced at 0 with the axes on the last dimensions, channels locked last', () => {
    assert.deepEqual(initialMapping([4, 50, 60], 2), [0, 'y', 'x']);
    assert.deepEqual(initialMapping([4, 50, 60], 1), [0, 0, 'x']);
    assert.deepEqual(initialMapping([100], 2), ['x']);
    assert.deepEqual(initialMapping([5, 120, 160, 3], 2, 1), [0, 'y', 'x', null]);
    assert.deepEqual(initialMapping([], 2), []);
  });

  it('select sliced dimensions at their index, axes whole or over a range', () => {
    assert.deepEqual(selectionFor([4, 50, 60], [2, 'y', 'x']), [2, { start: 0, stop: 50 }, { start: 0, stop: 60 }]);
    assert.deepEqual(selectionFor([4, 50, 60], ['x', 7, 'y'], { y: [10, 20] }), [{ start: 0, stop: 4 }, 7, { start: 10, stop: 20 }]);
    assert.deepEqual(selectionFor([120, 160, 3], ['y', 'x', null], { x: [0, 32] }), [
      { start: 0, stop: 120 },
      { start: 0, stop: 32 },
      { start: 0, stop: 3 },
    ]);
    assert.equal(dimOf(['x', 0, 'y'], 'y'), 2);
    assert.equal(dimOf([0, 'x'], 'y'), undefined);
  });

  it('order kept dimensions y, x, then locked ones', () => {
    const axes = (dims: number[]) => dims.map((dim) => ({ dim, start: 0, step: 1, count: 1 }));
    assert.deepEqual(displayOrder(axes([1, 2]), [0, 'y', 'x']), [0, 1]);
    assert.deepEqual(displayOrder(axes([0, 2]), ['x', 3, 'y']), [1, 0]);
    assert.deepEqual(displayOrder(axes([0, 1, 2]), ['x', 'y', null]), [1, 0, 2]);
  });
});
