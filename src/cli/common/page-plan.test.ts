import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pageAt, planPages, selectOf } from './page-plan.js';

/** Every element index covered by the plan's pages, each counted once. */
function coverage(dims: number[], plan: ReturnType<typeof planPages>): number[] {
  const seen = new Array<number>(dims.reduce((a, b) => a * b, 1)).fill(0);
  for (let i = 0; i < plan.total; i++) {
    const p = pageAt(plan, dims, i);
    const idx = [...p.start];
    for (;;) {
      seen[idx.reduce((at, x, d) => at * dims[d] + x, 0)]++;
      let d = dims.length - 1;
      while (d >= 0 && idx[d] === p.start[d] + p.count[d] - 1) idx[d--] = p.start[d + 1];
      if (d < 0) break;
      idx[d]++;
    }
  }
  return seen;
}

describe('page plans', () => {
  it('cover every element exactly once, edges included', () => {
    for (const [dims, src, tgt] of [
      [[1000], [128], [300]],
      [[37, 41], [8, 16], [10, 10]],
      [[5, 6, 7, 9], [2, 2, 4, 8], [5, 6, 7, 9]],
    ] as [number[], number[], number[]][]) {
      const plan = planPages(dims, 4, src, tgt, 256);
      assert.ok(coverage(dims, plan).every((n) => n === 1), `dims ${dims}`);
    }
  });

  it('align pages to both chunk grids when their multiple is small, else to the target grid', () => {
    const both = planPages([10000, 100], 4, [250, 100], [1000, 100], 2_000_000);
    assert.equal(both.block[0] % 1000, 0);
    assert.equal(both.block[1], 100);
    assert.ok(both.block[0] * 100 * 4 <= 2_000_000);
    const coprime = planPages([10000], 8, [997], [1000], 100_000);
    assert.equal(coprime.block[0] % 1000, 0);
  });

  it('take whole rows first, so a page is one contiguous run when it fits', () => {
    const plan = planPages([1000, 200, 50], 4, [10, 20, 50], [10, 20, 50], 1_000_000);
    assert.deepEqual(plan.block.slice(1), [200, 50]);
    assert.equal(plan.block[0], 20);
    assert.equal(selectOf(pageAt(plan, [1000, 200, 50], 1), [5, 0, 0]), '[25:45,0:200,0:50]');
  });

  it('has one page for a scalar and none for an empty extent', () => {
    assert.equal(planPages([], 8).total, 1);
    assert.equal(planPages([0, 4], 8, [64, 4]).total, 0);
  });
});
