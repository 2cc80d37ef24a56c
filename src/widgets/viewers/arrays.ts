/**
 * From value slices to what H5Web's visualizations take: ndarrays of plain numeric arrays, with the kept
 * dimensions in display order (y, x, channels), contiguous.
 */
import ndarray from 'ndarray';
import type { ArrayData, NumericArray } from '../../client/index.js';
import type { AxisRead, ValueSlice } from '../data/models.js';
import { displayOrder, type DimensionMapping } from '../dimension-mapper/mapping.js';

/** What H5Web plots: arrays of numbers (64-bit integers are converted to Float64Array first). */
export type PlotArray = Exclude<NumericArray, BigInt64Array | BigUint64Array> | number[];

/** Numeric values as an array H5Web can draw: 64-bit integers become float64, booleans 0/1. */
export function plottable(data: ArrayData): PlotArray {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  if (ArrayBuffer.isView(data)) return data as PlotArray;
  return Array.from(data as unknown[], (v) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v ? 1 : 0));
}

/** A C-order copy of a (possibly transposed) ndarray, in the same kind of array. */
export function contiguous(a: ndarray.NdArray<PlotArray>): ndarray.NdArray<PlotArray> {
  const size = a.size;
  const out: PlotArray = Array.isArray(a.data) ? new Array<number>(size) : new (a.data.constructor as new (n: number) => PlotArray)(size);
  const rank = a.shape.length;
  if (rank === 2) {
    const [rows, cols] = a.shape;
    const [s0, s1] = a.stride;
    for (let i = 0, k = 0; i < rows; i++) {
      let offset = a.offset + i * s0;
      for (let j = 0; j < cols; j++, k++, offset += s1) out[k] = a.data[offset];
    }
  } else {
    const index = new Array<number>(rank).fill(0);
    for (let k = 0; k < size; k++) {
      let offset = a.offset;
      for (let d = 0; d < rank; d++) offset += index[d] * a.stride[d];
      out[k] = a.data[offset];
      for (let d = rank - 1; d >= 0 && ++index[d] === a.shape[d]; d--) index[d] = 0;
    }
  }
  return ndarray(out, [...a.shape]);
}

/** The slice as an ndarray with its dimensions ordered y, x, then locked ones (channels). */
export function mappedArray(slice: ValueSlice, mapping: DimensionMapping): ndarray.NdArray<PlotArray> {
  const values = ndarray(plottable(slice.data), slice.shape.slice(0, slice.axes.length));
  const order = displayOrder(slice.axes, mapping);
  if (order.every((k, i) => k === i)) return values;
  return contiguous(values.transpose(...order));
}

/**
 * Coordinates of the positions read along a kept axis, as pixel edges when `edges` (count + 1 values, the
 * form heatmaps take) or as centres (lines).
 */
export function axisPositions(axis: Pick<AxisRead, 'start' | 'step' | 'count'>, edges: boolean): Float64Array {
  const n = axis.count + (edges ? 1 : 0);
  return Float64Array.from({ length: n }, (_, i) => axis.start + i * axis.step);
}

/** Labels and pixel edges of the x and y axes of an image slice (heatmaps, RGB), in dataset coordinates. */
export function imageAxes(
  axes: readonly AxisRead[],
  mapping: DimensionMapping,
): Record<'x' | 'y', { label: string; value: Float64Array }> {
  const params = (axis: 'x' | 'y') => {
    const read = axes.find((a) => mapping[a.dim] === axis);
    if (!read) throw new RangeError(`the mapping shows no dimension on the ${axis} axis`);
    return { label: `D${read.dim}`, value: axisPositions(read, true) };
  };
  return { x: params('x'), y: params('y') };
}

/** Reads cell (row, col) of a block slice; the dataset may store the row dimension after the column one. */
export type CellReader = (row: number, col: number) => unknown;

/**
 * Cells of a block read for a matrix: `rowDim` is the dataset dimension shown as rows; elements of array
 * types (trailing dimensions of the slice) come as one list per cell.
 */
export function gridReader(slice: ValueSlice, rowDim: number, rows: number, cols: number): CellReader {
  const width = slice.shape.slice(slice.axes.length).reduce((a, b) => a * b, 1);
  const rowsFirst = slice.axes.length < 2 || slice.axes[0].dim === rowDim;
  const data = slice.data as ArrayLike<unknown> & { slice(start: number, end: number): unknown };
  return (row, col) => {
    const i = rowsFirst ? row * cols + col : col * rows + row;
    return width === 1 ? data[i] : data.slice(i * width, (i + 1) * width);
  };
}
