/**
 * numpy/h5py-style indexing → an HSDS selection (`select=`) plus the shape numpy would return.
 *
 * An index is a string such as "[0:10, ::2, 5]", "..., 3", "[[1,5,7], :]", or an array of items: integers,
 * slice strings ("2:8:2", ":"), `{start, stop, step}` objects, '...', and index arrays (integers or a boolean
 * mask). Semantics follow numpy basic and advanced indexing as far as HDF selections allow:
 * - negative indices count from the end; integers out of range are errors (IndexError); integers drop their
 *   dimension;
 * - slice bounds are clipped like numpy's; an empty slice gives an empty result without asking the server;
 * - steps must be ≥ 1 (h5py does not support reversed slices either);
 * - index arrays may be in any order and repeat; several arrays broadcast together (length-1 arrays stretch)
 *   and become one axis, placed where numpy places it (in place when the advanced indices are adjacent,
 *   first otherwise).
 */
import { formatSelect, Selection, selectionShape } from '../core/selection.js';
import { moveAxis } from './array-ops.js';
import { ArrayData } from './ndarray.js';

export type SliceObject = { start?: number | null; stop?: number | null; step?: number | null };
export type IndexItem = number | string | SliceObject | readonly number[] | readonly boolean[];
export type IndexExpr = string | readonly IndexItem[];

export class IndexError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'IndexError';
  }
}

export interface SlicePlan {
  /** Per dataset dimension: a slice (integers become one-element slices) or a coordinate list. */
  selection: Selection;
  /** True where the dimension was indexed by an integer (dropped from the result). */
  dropped: boolean[];
  /** HSDS `select=` value; undefined when the whole dataset is selected. */
  select: string | undefined;
  /** Shape of the block the server returns (integer dimensions kept as 1, coordinate lists zipped). */
  serverShape: number[];
  /** Shape numpy gives the result. */
  shape: number[];
  /** The server shape without the integer-indexed dimensions (same data order). */
  keptShape: number[];
  count: number;
  /** Uses coordinate lists. */
  fancy: boolean;
  /** Axis (of the server shape without dropped dimensions) numpy moves to the front; undefined if none. */
  moveToFront?: number;
}

/** One parsed index item. */
export type IndexToken =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { kind: 'list'; values: number[] }
  | { kind: 'mask'; values: boolean[] }
  | { kind: 'ellipsis' };

/** Plans the read/write of `expr` on a dataset of extent `dims` (undefined/empty expression = everything). */
export function planSelection(expr: IndexExpr | undefined, dims: readonly number[]): SlicePlan {
  const items = expr === undefined ? [] : typeof expr === 'string' ? parseIndexString(expr) : expr.map(parseItem);
  const expanded = expandEllipsis(items, dims.length);

  const selection: Selection = [];
  const dropped: boolean[] = [];
  const advanced: boolean[] = [];
  const lists: { dim: number; values: number[] }[] = [];
  expanded.forEach((item, d) => {
    const n = dims[d];
    switch (item.kind) {
      case 'int': {
        const i = normalizeIndex(item.value, n, d);
        selection.push({ kind: 'slice', start: i, stop: i + 1, step: 1 });
        dropped.push(true);
        advanced.push(true);
        return;
      }
      case 'slice': {
        selection.push(normalizeSlice(item, n));
        dropped.push(false);
        advanced.push(false);
        return;
      }
      case 'list':
      case 'mask': {
        const values = item.kind === 'mask' ? maskPositions(item.values, n, d) : item.values.map((v) => normalizeIndex(v, n, d));
        lists.push({ dim: d, values });
        selection.push({ kind: 'coords', coords: values });
        dropped.push(false);
        advanced.push(true);
        return;
      }
      default:
        throw new IndexError('an index can only have a single ellipsis (...)');
    }
  });

  if (lists.length === 0) {
    // Without index arrays integers are basic indices: nothing moves.
    advanced.fill(false);
  } else {
    const length = broadcastLength(lists.map((l) => l.values.length));
    for (const l of lists) if (l.values.length !== length) (selection[l.dim] as { coords: number[] }).coords = new Array(length).fill(l.values[0]);
  }

  const serverShape = selectionShape(selection);
  const shape: number[] = [];
  let fancyAxis: number | undefined;
  let seenCoords = false;
  selection.forEach((s, d) => {
    if (s.kind === 'coords') {
      if (!seenCoords) {
        fancyAxis = shape.length;
        shape.push(s.coords.length);
      }
      seenCoords = true;
    } else if (!dropped[d]) {
      shape.push(sliceLength(s));
    }
  });

  const keptShape = [...shape];
  let moveToFront: number | undefined;
  if (fancyAxis !== undefined && fancyAxis > 0 && !contiguous(advanced)) {
    moveToFront = fancyAxis;
    shape.unshift(...shape.splice(fancyAxis, 1));
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const everything = selection.every((s, d) => s.kind === 'slice' && s.start === 0 && s.stop === dims[d] && s.step === 1);
  return {
    selection,
    dropped,
    select: everything || count === 0 ? undefined : formatSelect(selection),
    serverShape,
    shape,
    keptShape,
    count,
    fancy: lists.length > 0,
    moveToFront,
  };
}

/** Dataset dimensions behind each axis of the server's result (zipped coordinate lists share one axis). */
export function serverAxisDims(plan: SlicePlan): number[][] {
  const axes: number[][] = [];
  let coordAxis: number[] | undefined;
  plan.selection.forEach((s, d) => {
    if (s.kind !== 'coords') axes.push([d]);
    else if (coordAxis) coordAxis.push(d);
    else axes.push((coordAxis = [d]));
  });
  return axes;
}

/** The plan's selection limited to positions [from, to) along one axis of the server's result. */
export function restrictAxis(plan: SlicePlan, axis: number, from: number, to: number): Selection {
  const sel: Selection = plan.selection.slice();
  for (const d of serverAxisDims(plan)[axis]) {
    const s = sel[d];
    sel[d] =
      s.kind === 'coords'
        ? { kind: 'coords', coords: s.coords.slice(from, to) }
        : { kind: 'slice', start: s.start + from * s.step, stop: s.start + (to - 1) * s.step + 1, step: s.step };
  }
  return sel;
}

/** Server-order values (each `width` wide) in numpy's order for the plan. */
export function toResultOrder(plan: SlicePlan, data: ArrayData, width = 1): ArrayData {
  return plan.moveToFront === undefined ? data : moveAxis(data, plan.keptShape, plan.moveToFront, 0, width);
}

/** numpy-order values in the order the server expects for the plan (inverse of toResultOrder). */
export function toServerOrder(plan: SlicePlan, data: ArrayData, width = 1): ArrayData {
  return plan.moveToFront === undefined ? data : moveAxis(data, plan.shape, 0, plan.moveToFront, width);
}

const sliceLength = (s: { start: number; stop: number; step: number }) =>
  s.stop > s.start ? Math.ceil((s.stop - s.start) / s.step) : 0;

function contiguous(flags: boolean[]): boolean {
  const first = flags.indexOf(true);
  const last = flags.lastIndexOf(true);
  return first < 0 || flags.slice(first, last + 1).every(Boolean);
}

function broadcastLength(lengths: number[]): number {
  const distinct = [...new Set(lengths.filter((n) => n !== 1))];
  if (distinct.length > 1)
    throw new IndexError(`shape mismatch: indexing arrays could not be broadcast together with shapes ${lengths.map((n) => `(${n},)`).join(' ')}`);
  return distinct.length ? distinct[0] : 1;
}

function normalizeIndex(i: number, n: number, dim: number): number {
  if (!Number.isInteger(i)) throw new IndexError(`index ${i} is not an integer`);
  const k = i < 0 ? i + n : i;
  if (k < 0 || k >= n) throw new IndexError(`index ${i} is out of bounds for axis ${dim} with size ${n}`);
  return k;
}

function normalizeSlice(s: { start: number | null; stop: number | null; step: number | null }, n: number) {
  const step = s.step ?? 1;
  if (!Number.isInteger(step)) throw new IndexError(`slice step ${step} is not an integer`);
  if (step === 0) throw new IndexError('slice step cannot be zero');
  if (step < 0) throw new IndexError(`step must be >= 1 (got ${step}): reversed slices are not supported by HDF selections`);
  const clip = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    if (!Number.isInteger(v)) throw new IndexError(`slice bound ${v} is not an integer`);
    return v < 0 ? Math.max(0, v + n) : Math.min(v, n);
  };
  const start = clip(s.start, 0);
  const stop = clip(s.stop, n);
  const count = stop > start ? Math.ceil((stop - start) / step) : 0;
  // A tight stop keeps the server's `start < stop <= extent` rule for every non-empty slice.
  return { kind: 'slice' as const, start, stop: count > 0 ? start + (count - 1) * step + 1 : start, step };
}

function maskPositions(mask: boolean[], n: number, dim: number): number[] {
  if (mask.length !== n)
    throw new IndexError(`boolean index did not match indexed array along axis ${dim}; size of axis is ${n} but size of corresponding boolean axis is ${mask.length}`);
  const out: number[] = [];
  mask.forEach((b, i) => b && out.push(i));
  return out;
}

function expandEllipsis(items: IndexToken[], rank: number): IndexToken[] {
  const ellipses = items.filter((i) => i.kind === 'ellipsis').length;
  if (ellipses > 1) throw new IndexError('an index can only have a single ellipsis (...)');
  const explicit = items.length - ellipses;
  if (explicit > rank)
    throw new IndexError(`too many indices for array: array is ${rank}-dimensional, but ${explicit} were indexed`);
  const fill = Array.from({ length: rank - explicit }, (): IndexToken => ({ kind: 'slice', start: null, stop: null, step: null }));
  const at = items.findIndex((i) => i.kind === 'ellipsis');
  return at < 0 ? [...items, ...fill] : [...items.slice(0, at), ...fill, ...items.slice(at + 1)];
}

function parseItem(item: IndexItem): IndexToken {
  if (typeof item === 'number') return { kind: 'int', value: item };
  if (typeof item === 'string') return parseToken(item.trim());
  if (Array.isArray(item)) {
    if (item.length && item.every((v) => typeof v === 'boolean')) return { kind: 'mask', values: item as boolean[] };
    if (!item.every((v) => typeof v === 'number')) throw new IndexError('index arrays must hold integers or booleans');
    return { kind: 'list', values: item as number[] };
  }
  if (item && typeof item === 'object') {
    const s = item as SliceObject;
    return { kind: 'slice', start: s.start ?? null, stop: s.stop ?? null, step: s.step ?? null };
  }
  throw new IndexError(`invalid index item: ${String(item)}`);
}

/** Splits a numpy-style index string into items; outer brackets around the whole index are optional. */
export function parseIndexString(text: string): IndexToken[] {
  let s = text.trim();
  if (s.startsWith('[') && matchingBracket(s, 0) === s.length - 1) s = s.slice(1, -1).trim();
  else if (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1).trim();
  if (s === '') return [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[') depth++;
    else if (ch === ']') depth--;
    if (depth < 0) throw new IndexError(`unbalanced ']' in index '${text}'`);
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (depth !== 0) throw new IndexError(`unbalanced '[' in index '${text}'`);
  // A trailing comma is allowed, as in Python ("5," is the tuple (5,)).
  if (cur.trim() !== '' || parts.length === 0) parts.push(cur.trim());
  return parts.map((p) => {
    if (p === '') throw new IndexError(`empty item in index '${text}'`);
    return parseToken(p);
  });
}

function matchingBracket(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '[') depth++;
    else if (s[i] === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseToken(p: string): IndexToken {
  if (p === '...' || p === 'Ellipsis') return { kind: 'ellipsis' };
  if (p === 'None' || p === 'np.newaxis' || p === 'newaxis') throw new IndexError('new axes (None) are not supported in HDF selections');
  if (p.startsWith('[')) {
    if (!p.endsWith(']')) throw new IndexError(`invalid index array '${p}'`);
    const inner = p.slice(1, -1).trim();
    if (inner.includes('[')) throw new IndexError('nested index arrays are not supported');
    const tokens = inner === '' ? [] : inner.split(',').map((t) => t.trim()).filter((t, i, all) => t !== '' || i !== all.length - 1);
    if (tokens.length && tokens.every((t) => t === 'True' || t === 'False' || t === 'true' || t === 'false'))
      return { kind: 'mask', values: tokens.map((t) => t === 'True' || t === 'true') };
    return { kind: 'list', values: tokens.map((t) => integer(t, p)) };
  }
  if (p.includes(':')) {
    const bits = p.split(':').map((b) => b.trim());
    if (bits.length > 3) throw new IndexError(`invalid slice '${p}'`);
    const bound = (b: string | undefined) => (b === undefined || b === '' || b === 'None' ? null : integer(b, p));
    return { kind: 'slice', start: bound(bits[0]), stop: bound(bits[1]), step: bound(bits[2]) };
  }
  return { kind: 'int', value: integer(p, p) };
}

function integer(t: string, context: string): number {
  if (!/^[+-]?\d+$/.test(t)) throw new IndexError(`'${t}' is not an integer (in '${context}')`);
  return Number(t);
}
