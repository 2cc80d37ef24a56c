/**
 * Strided N-D copies between C-order buffers, described per output axis by lists of element offsets.
 *
 * A selection on an array becomes one offset list per axis of the selected block (zipped coordinate lists
 * share one axis). Copying between two selections of the same block shape is then a nested loop adding one
 * offset per axis; the innermost axis is copied as a single block whenever both sides are contiguous there.
 */
import { DimSel, Selection, sliceCount } from './selection.js';

export type AxisOffsets = Int32Array | number[];

/** Strides (in elements) of a C-order array. */
export function stridesOf(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length);
  let s = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= dims[d];
  }
  return strides;
}

function dimPositions(s: DimSel): number[] {
  if (s.kind === 'coords') return s.coords;
  const n = sliceCount(s);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = s.start + i * s.step;
  return out;
}

/** Element offsets per axis of `sel` applied to an array of shape `dims`. */
export function axisOffsets(sel: Selection, dims: readonly number[]): number[][] {
  const strides = stridesOf(dims);
  const axes: number[][] = [];
  let coordAxis: number[] | undefined;
  sel.forEach((s, d) => {
    const pos = dimPositions(s);
    if (s.kind === 'coords') {
      if (!coordAxis) {
        coordAxis = pos.map((p) => p * strides[d]);
        axes.push(coordAxis);
      } else {
        for (let i = 0; i < coordAxis.length; i++) coordAxis[i] += pos[i] * strides[d];
      }
    } else {
      axes.push(pos.map((p) => p * strides[d]));
    }
  });
  return axes;
}

/** Offsets per axis for the whole of a C-order block of the given shape (the packed side of a copy). */
export function packedOffsets(shape: readonly number[]): number[][] {
  const strides = stridesOf(shape);
  return shape.map((n, d) => {
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = i * strides[d];
    return out;
  });
}

function isUnitRun(offsets: readonly number[]): boolean {
  for (let i = 1; i < offsets.length; i++) if (offsets[i] !== offsets[i - 1] + 1) return false;
  return true;
}

/** True when offsets are first, first+step, first+2·step, … */
function isStrided(offsets: readonly number[], step: number): boolean {
  for (let i = 1; i < offsets.length; i++) if (offsets[i] - offsets[i - 1] !== step) return false;
  return true;
}

/**
 * Walks matching axis offset lists and reports maximal runs that are contiguous on both sides, as
 * (source byte offset, destination byte offset, byte length). Trailing axes contiguous on both sides are
 * merged into one run, so whole rows or planes of a chunk are one run rather than one per element.
 */
export function forEachRun(
  srcAxes: readonly (readonly number[])[],
  dstAxes: readonly (readonly number[])[],
  itemSize: number,
  run: (srcByte: number, dstByte: number, bytes: number) => void,
): void {
  const rank = srcAxes.length;
  if (rank !== dstAxes.length) throw new Error('hyperslab: rank mismatch');
  if (rank === 0) {
    run(0, 0, itemSize);
    return;
  }
  for (let a = 0; a < rank; a++) if (srcAxes[a].length !== dstAxes[a].length) throw new Error('hyperslab: shape mismatch');
  let last = rank - 1;
  if (isUnitRun(srcAxes[last]) && isUnitRun(dstAxes[last])) {
    let runLen = srcAxes[last].length;
    let sStart = srcAxes[last][0];
    let dStart = dstAxes[last][0];
    while (last > 0 && isStrided(srcAxes[last - 1], runLen) && isStrided(dstAxes[last - 1], runLen)) {
      sStart += srcAxes[last - 1][0];
      dStart += dstAxes[last - 1][0];
      runLen *= srcAxes[last - 1].length;
      last--;
    }
    const runBytes = runLen * itemSize;
    const loop = (axis: number, sBase: number, dBase: number): void => {
      if (axis === last) {
        run((sBase + sStart) * itemSize, (dBase + dStart) * itemSize, runBytes);
        return;
      }
      const sa = srcAxes[axis];
      const da = dstAxes[axis];
      for (let i = 0; i < sa.length; i++) loop(axis + 1, sBase + sa[i], dBase + da[i]);
    };
    loop(0, 0, 0);
    return;
  }
  const sLast = srcAxes[last];
  const dLast = dstAxes[last];
  const loop = (axis: number, sBase: number, dBase: number): void => {
    if (axis === last) {
      for (let i = 0; i < sLast.length; i++) run((sBase + sLast[i]) * itemSize, (dBase + dLast[i]) * itemSize, itemSize);
      return;
    }
    const sa = srcAxes[axis];
    const da = dstAxes[axis];
    for (let i = 0; i < sa.length; i++) loop(axis + 1, sBase + sa[i], dBase + da[i]);
  };
  loop(0, 0, 0);
}

/** Copies fixed-size elements of `itemSize` bytes from src to dst following matching axis offset lists. */
export function copyBytes(
  src: Uint8Array,
  srcAxes: readonly (readonly number[])[],
  dst: Uint8Array,
  dstAxes: readonly (readonly number[])[],
  itemSize: number,
): void {
  if (itemSize === 1 && !isUnitRun(srcAxes[srcAxes.length - 1] ?? [])) {
    forEachRun(srcAxes, dstAxes, 1, (s, d) => (dst[d] = src[s]));
    return;
  }
  forEachRun(srcAxes, dstAxes, itemSize, (s, d, n) => dst.set(src.subarray(s, s + n), d));
}

/** The same copy for arrays of per-element values (variable-length elements kept as byte slices). */
export function copyElements<T>(
  src: readonly T[],
  srcAxes: readonly (readonly number[])[],
  dst: T[],
  dstAxes: readonly (readonly number[])[],
): void {
  const rank = srcAxes.length;
  if (rank !== dstAxes.length) throw new Error('copyElements: rank mismatch');
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const last = rank - 1;
  const loop = (axis: number, sBase: number, dBase: number): void => {
    const sa = srcAxes[axis];
    const da = dstAxes[axis];
    if (sa.length !== da.length) throw new Error('copyElements: shape mismatch');
    if (axis === last) {
      for (let i = 0; i < sa.length; i++) dst[dBase + da[i]] = src[sBase + sa[i]];
      return;
    }
    for (let i = 0; i < sa.length; i++) loop(axis + 1, sBase + sa[i], dBase + da[i]);
  };
  loop(0, 0, 0);
}

/** Repeats one encoded element over a buffer of `count` elements (fill values, broadcast writes). */
export function fillRepeated(element: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(element.length * count);
  if (element.length === 0 || count === 0) return out;
  if (element.every((b) => b === 0)) return out;
  out.set(element, 0);
  // Doubling copies: log2(count) set() calls.
  let filled = element.length;
  while (filled < out.length) {
    const n = Math.min(filled, out.length - filled);
    out.copyWithin(filled, 0, n);
    filled += n;
  }
  return out;
}
