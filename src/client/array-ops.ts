/** Copies on flat C-order data (TypedArrays or plain arrays) used to assemble pages and reorder axes. */
import { ArrayData, product } from './ndarray.js';

/** A zero-filled (or empty) container of the same kind as `like`, holding `n` values. */
export function allocateLike(like: ArrayData, n: number): ArrayData {
  if (Array.isArray(like)) return new Array(n);
  return new (like.constructor as new (n: number) => ArrayData)(n);
}

/**
 * Copies `src`, a block of `rows` positions along `axis` of an array of shape `shape`, into `dst` (the whole
 * array) starting at position `at` along that axis. `itemWidth` values make up one element (array types).
 */
export function copyRows(dst: ArrayData, shape: readonly number[], axis: number, at: number, src: ArrayData, rows: number, itemWidth = 1): void {
  const outer = product(shape.slice(0, axis));
  const inner = product(shape.slice(axis + 1)) * itemWidth;
  const span = rows * inner;
  for (let o = 0; o < outer; o++) {
    const from = o * span;
    const to = (o * shape[axis] + at) * inner;
    if (Array.isArray(dst)) {
      for (let i = 0; i < span; i++) dst[to + i] = (src as ArrayLike<unknown>)[from + i];
    } else {
      (dst as Float64Array).set((src as Float64Array).subarray(from, from + span), to);
    }
  }
}

/** Moves axis `from` of an array of shape `shape` to position `to` (numpy's moveaxis), returning new data. */
export function moveAxis(data: ArrayData, shape: readonly number[], from: number, to: number, itemWidth = 1): ArrayData {
  if (from === to) return data;
  const order = shape.map((_, i) => i).filter((i) => i !== from);
  order.splice(to, 0, from);
  const outShape = order.map((i) => shape[i]);
  const srcStrides = stridesOf(shape).map((s) => s * itemWidth);
  const out = allocateLike(data, data.length);
  const rank = outShape.length;
  const index = new Array<number>(rank).fill(0);
  const total = product(outShape);
  let srcOffset = 0;
  for (let n = 0; n < total; n++) {
    const dstOffset = n * itemWidth;
    for (let k = 0; k < itemWidth; k++) (out as unknown[])[dstOffset + k] = (data as ArrayLike<unknown>)[srcOffset + k];
    // Advance the output index odometer and keep the source offset in step with it.
    for (let d = rank - 1; d >= 0; d--) {
      const stride = srcStrides[order[d]];
      if (++index[d] < outShape[d]) {
        srcOffset += stride;
        break;
      }
      srcOffset -= stride * (outShape[d] - 1);
      index[d] = 0;
    }
  }
  return out;
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}
