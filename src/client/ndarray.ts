/**
 * NdArray: what reads return — flat C-order data with a shape, like a numpy array without the methods.
 * Numeric types come as TypedArrays (BigInt64Array/BigUint64Array for 64-bit integers, Float32Array for
 * float16); everything else as plain JS values (strings, booleans, objects for compound elements keyed by
 * field name, TypedArrays for numeric variable-length sequences).
 */
import { nest } from '../core/codec.js';
import { TypeJson } from '../core/types.js';
import { NumericArray } from './dtype.js';

export type ArrayData = NumericArray | unknown[];

export interface NdArray<D extends ArrayData = ArrayData> {
  data: D;
  /** [] for a scalar (one element in `data`). */
  shape: number[];
  /** numpy-like name of the element type ('float32', 'str', …). */
  dtype: string;
  /** HDF REST type JSON of the elements of `data`. */
  type: TypeJson;
}

export function isNdArray(v: unknown): v is NdArray {
  return (
    typeof v === 'object' &&
    v !== null &&
    'data' in v &&
    'shape' in v &&
    Array.isArray((v as NdArray).shape) &&
    (Array.isArray((v as NdArray).data) || ArrayBuffer.isView((v as NdArray).data))
  );
}

export const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** The values as nested JS arrays (the scalar itself for shape []). */
export function toNested(a: NdArray): unknown {
  return nest(Array.from(a.data as ArrayLike<unknown>), a.shape);
}

/** One element by its index per dimension (negative indices count from the end). */
export function at(a: NdArray, ...index: number[]): unknown {
  if (index.length !== a.shape.length) throw new RangeError(`expected ${a.shape.length} indices, got ${index.length}`);
  let offset = 0;
  index.forEach((i, d) => {
    const n = a.shape[d];
    const k = i < 0 ? i + n : i;
    if (k < 0 || k >= n) throw new RangeError(`index ${i} is out of bounds for axis ${d} with size ${n}`);
    offset = offset * n + k;
  });
  return (a.data as ArrayLike<unknown>)[offset];
}
