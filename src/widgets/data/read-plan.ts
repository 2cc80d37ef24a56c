/**
 * Turns a per-dimension selection into the index the SDK reads, downsampling by stride: a kept dimension with
 * more than `maxPointsPerAxis` positions is read every n-th position, so that a 10k×10k dataset arrives as at
 * most max×max values. Each kept dimension reports the positions read, for axes and tooltips.
 */
import type { IndexItem } from '../../client/index.js';
import type { AxisRead, DimSelection } from './models.js';

export interface ReadPlan {
  /** One item per dataset dimension: an index, or a {start, stop, step} slice. */
  index: IndexItem[];
  axes: AxisRead[];
}

/** The smallest stride that leaves at most `max` of `count` positions. */
export function strideFor(count: number, max: number | undefined): number {
  if (max === undefined || !(max >= 1) || count <= max) return 1;
  return Math.ceil(count / Math.floor(max));
}

export function planRead(dims: readonly number[], selection?: readonly DimSelection[], maxPointsPerAxis?: number): ReadPlan {
  if (selection && selection.length !== dims.length)
    throw new RangeError(`selection has ${selection.length} entries for a ${dims.length}-D dataset`);
  const index: IndexItem[] = [];
  const axes: AxisRead[] = [];
  dims.forEach((n, dim) => {
    const sel = selection?.[dim] ?? { start: 0, stop: n };
    if (typeof sel === 'number') {
      if (!Number.isInteger(sel) || sel < 0 || sel >= n) throw new RangeError(`index ${sel} is out of range for dimension ${dim} of size ${n}`);
      index.push(sel);
      return;
    }
    const start = Math.max(0, sel.start);
    const stop = Math.min(n, sel.stop);
    const baseStep = sel.step ?? 1;
    if (!Number.isInteger(baseStep) || baseStep < 1) throw new RangeError(`step ${baseStep} of dimension ${dim} must be a positive integer`);
    const span = Math.max(0, Math.ceil((stop - start) / baseStep));
    const step = baseStep * strideFor(span, maxPointsPerAxis);
    const count = Math.max(0, Math.ceil((stop - start) / step));
    index.push({ start, stop, step });
    axes.push({ dim, start, step, count });
  });
  return { index, axes };
}
