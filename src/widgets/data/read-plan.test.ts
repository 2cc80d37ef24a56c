import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planRead, strideFor } from './read-plan.js';

describe('planRead', () => {
  it('keeps every position while an axis fits', () => {
    assert.equal(strideFor(2000, 2048), 1);
    assert.equal(strideFor(2048, 2048), 1);
    assert.equal(strideFor(10, undefined), 1);
  });

  it('strides an axis down to at most the maximum', () => {
    assert.equal(strideFor(2049, 2048), 2);
    assert.equal(strideFor(10_000, 2048), 5);
    const plan = planRead([10_000, 10_000], undefined, 2048);
    assert.deepEqual(plan.axes, [
      { dim: 0, start: 0, step: 5, count: 2000 },
      { dim: 1, start: 0, step: 5, count: 2000 },
    ]);
    assert.deepEqual(plan.index, [
      { start: 0, stop: 10_000, step: 5 },
      { start: 0, stop: 10_000, step: 5 },
    ]);
  });

  it('drops indexed dimensions and strides only the kept ones', () => {
    const plan = planRead([4, 3000, 7], [2, { start: 100, stop: 3000 }, { start: 0, stop: 7 }], 1000);
    assert.deepEqual(plan.index, [2, { start: 100, stop: 3000, step: 3 }, { start: 0, stop: 7, step: 1 }]);
    assert.deepEqual(plan.axes, [
      { dim: 1, start: 100, step: 3, count: 967 },
      { dim: 2, start: 0, step: 1, count: 7 },
    ]);
  });

  it('multiplies a requested step and clips ranges to the extent', () => {
    const plan = planRead([100], [{ start: -5, stop: 500, step: 2 }], 10);
    assert.deepEqual(plan.axes, [{ dim: 0, start: 0, step: 10, count: 10 }]);
  });

  it('refuses indices out of range and mismatched selections', () => {
    assert.throws(() => planRead([5], [5]), /out of range/);
    assert.throws(() => planRead([5, 5], [1]), /2-D/);
    assert.throws(() => planRead([5], [{ start: 0, stop: 5, step: 0 }]), /positive integer/);
  });
});
