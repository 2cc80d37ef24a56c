/**
 * Dimension mappings as H5Web's DimensionMapper edits them: per dataset dimension, the axis it is shown on
 * ('x', 'y'), the index it is sliced at (a number), or null for a dimension always read whole (RGB channels).
 * Pure functions from a mapping to the selection to read and to the order of the values read.
 */
import type { AxisRead, DimSelection } from '../data/models.js';

export type MappedAxis = 'x' | 'y';
export type DimensionMapping = (number | MappedAxis | null)[];

/** Slices at 0 first, then y and x on the last free dimensions, then `locked` whole dimensions (as H5Web). */
export function initialMapping(dims: readonly number[], axes: 0 | 1 | 2, locked = 0): DimensionMapping {
  const axisCount = Math.min(axes, dims.length);
  const lockedCount = Math.min(axisCount + locked, dims.length) - axisCount;
  const sliced = dims.length - axisCount - lockedCount;
  const axisNames: MappedAxis[] = axisCount === 2 ? ['y', 'x'] : axisCount === 1 ? ['x'] : [];
  return [...Array.from({ length: sliced }, () => 0), ...axisNames, ...Array.from({ length: lockedCount }, () => null)];
}

/** The dataset dimension shown on an axis; undefined when the mapping does not use it. */
export function dimOf(mapping: DimensionMapping, axis: MappedAxis): number | undefined {
  const d = mapping.indexOf(axis);
  return d < 0 ? undefined : d;
}

/**
 * What to read for a mapping: sliced dimensions at their index, mapped and locked dimensions whole, or over
 * `ranges` for the axes given there (the visible block of a matrix).
 */
export function selectionFor(
  dims: readonly number[],
  mapping: DimensionMapping,
  ranges: Partial<Record<MappedAxis, [start: number, stop: number]>> = {},
): DimSelection[] {
  if (mapping.length !== dims.length) throw new RangeError(`mapping has ${mapping.length} entries for ${dims.length} dimensions`);
  return mapping.map((m, d) => {
    if (typeof m === 'number') return Math.min(Math.max(0, m), dims[d] - 1);
    const range = m === null ? undefined : ranges[m];
    return range ? { start: range[0], stop: range[1] } : { start: 0, stop: dims[d] };
  });
}

/**
 * How to reorder the kept dimensions of a slice (dataset order) into y, x, then locked dimensions: the
 * permutation of kept-axis positions. The identity when the dataset stores y before x.
 */
export function displayOrder(axes: readonly AxisRead[], mapping: DimensionMapping): number[] {
  const position = (role: number | MappedAxis | null): number[] =>
    axes.flatMap((a, k) => (mapping[a.dim] === role ? [k] : []));
  return [...position('y'), ...position('x'), ...position(null)];
}
