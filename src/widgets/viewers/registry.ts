/**
 * Which viewers can show a dataset, by shape, type and attributes, in order of preference: the first one is
 * opened, the others are offered. Declarative and free of React, so the choice is testable on its own.
 */
import { isNumericType } from '../../client/index.js';
import { normalizeNested, type TypeJson } from '../../core/types.js';
import type { AttributeEntry, DatasetEntity } from '../data/models.js';

export type ViewerId = 'scalar' | 'rgb' | 'heatmap' | 'line' | 'compound' | 'matrix';

export interface ViewerSpec {
  label: string;
  /** Dimensions shown as axes; the dimension mapper slides through the others. */
  axes: 0 | 1 | 2;
  /** Trailing dimensions always read whole (the channels of an RGB image). */
  lockedDims: number;
  supports(dataset: DatasetEntity, attrs: readonly AttributeEntry[]): boolean;
}

/** h5py's complex numbers: a compound of two floats named r and i. */
export function isComplexType(input: TypeJson): boolean {
  const t = normalizeNested(input);
  if (t.class !== 'H5T_COMPOUND' || t.fields.length !== 2) return false;
  const [r, i] = t.fields;
  return r.name === 'r' && i.name === 'i' && normalizeNested(r.type).class === 'H5T_FLOAT' && normalizeNested(i.type).class === 'H5T_FLOAT';
}

export function isTableType(input: TypeJson): boolean {
  return normalizeNested(input).class === 'H5T_COMPOUND' && !isComplexType(input);
}

/** The HDF5 Image and Palette convention: `CLASS = "IMAGE"` on the dataset. */
export function isImage(attrs: readonly AttributeEntry[]): boolean {
  const value = attrs.find((a) => a.name === 'CLASS')?.value;
  const text = value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
  return typeof text === 'string' && text.replace(/\0+$/, '') === 'IMAGE';
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Has values to show along at least `rank` dimensions. */
function hasValues(dataset: DatasetEntity, rank: number): boolean {
  return dataset.shape !== null && dataset.shape.length >= rank && size(dataset.shape) > 0;
}

export const VIEWERS = {
  scalar: {
    label: 'Value',
    axes: 0,
    lockedDims: 0,
    supports: (d) => d.shape === null || d.shape.length === 0 || size(d.shape) === 0,
  },
  rgb: {
    label: 'RGB',
    axes: 2,
    lockedDims: 1,
    supports: (d, attrs) => hasValues(d, 3) && isNumericType(d.type) && d.shape!.at(-1) === 3 && isImage(attrs),
  },
  heatmap: {
    label: 'Heatmap',
    axes: 2,
    lockedDims: 0,
    supports: (d) => hasValues(d, 2) && isNumericType(d.type),
  },
  line: {
    label: 'Line',
    axes: 1,
    lockedDims: 0,
    supports: (d) => hasValues(d, 1) && isNumericType(d.type),
  },
  compound: {
    label: 'Table',
    axes: 1,
    lockedDims: 0,
    supports: (d) => hasValues(d, 1) && isTableType(d.type),
  },
  matrix: {
    label: 'Matrix',
    axes: 2,
    lockedDims: 0,
    supports: (d) => hasValues(d, 1) && !isTableType(d.type),
  },
} satisfies Record<ViewerId, ViewerSpec>;

/** Preference order: the most specific view of the data first. */
const ORDER: readonly ViewerId[] = ['scalar', 'rgb', 'heatmap', 'line', 'compound', 'matrix'];

/** The viewers that can show `dataset`, best first. */
export function viewersFor(dataset: DatasetEntity, attrs: readonly AttributeEntry[]): ViewerId[] {
  return ORDER.filter((id) => VIEWERS[id].supports(dataset, attrs));
}
