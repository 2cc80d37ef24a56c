/**
 * Element values between the wire (HDF REST binary or JSON) and the SDK's JS form (see ndarray.ts).
 *
 * Array types (H5T_ARRAY) are unfolded the way numpy does: a dataset of shape (10,) with elements of shape
 * (3,) float32 reads as a (10, 3) float32 array, so `baseOf` gives the element type of the data and the extra
 * dimensions.
 */
import { decodeValues, encodeValues, flattenValues } from '../core/codec.js';
import { halfToNumber } from '../core/float16.js';
import { arrayDims, isBigEndian, normalizeNested, TypeJson } from '../core/types.js';
import { NumericArray, NumericArrayConstructor, typedArrayFor } from './dtype.js';
import { ArrayData } from './ndarray.js';

/** Element type of the data and the dimensions array types add to the shape. */
export function baseOf(input: TypeJson): { base: TypeJson; dims: number[] } {
  let t = normalizeNested(input);
  const dims: number[] = [];
  while (t.class === 'H5T_ARRAY') {
    dims.push(...arrayDims(t));
    t = normalizeNested(t.base);
  }
  return { base: t, dims };
}

/** The integer type an enum is stored as (non-bool enums read as plain integers, as numpy does). */
function storageType(t: TypeJson): TypeJson {
  return t.class === 'H5T_ENUM' && typedArrayFor(t) ? normalizeNested(t.base) : t;
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decodes `count` elements of `base` (not an array type) from binary. */
export function decodeBinary(base: TypeJson, bytes: Uint8Array, count: number): ArrayData {
  const ctor = typedArrayFor(base);
  if (!ctor) return decodeValues(base, bytes, count).map((v) => plainValue(base, v));
  const t = storageType(base) as { base: string };
  const size = elementSize(t.base);
  if (bytes.length !== count * size)
    throw new RangeError(`server sent ${bytes.length} bytes for ${count} elements of ${size} bytes`);
  if (size === 2 && t.base.startsWith('H5T_IEEE_F16')) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Float32Array(count);
    const little = !isBigEndian(t.base);
    for (let i = 0; i < count; i++) out[i] = halfToNumber(view.getUint16(2 * i, little));
    return out;
  }
  // One copy into an aligned buffer, then swap in place if the stored order differs from the host's.
  const copy = bytes.slice();
  if (isBigEndian(t.base) === littleEndianHost) swapBytes(copy, size);
  return new ctor(copy.buffer, 0, count);
}

/** Flat values from a JSON `value` of the given rank (extra array-type dims included in `rank`). */
export function decodeJson(base: TypeJson, value: unknown, rank: number): ArrayData {
  const flat = flattenValues(value, rank);
  const ctor = typedArrayFor(base);
  return ctor ? toTypedArray(ctor, flat) : flat.map((v) => plainValue(base, v));
}

/** Encodes flat element values (or a TypedArray) of `base` to the binary wire form. */
export function encodeBinary(base: TypeJson, data: ArrayData): Uint8Array {
  const ctor = typedArrayFor(base);
  if (ctor) {
    const t = storageType(base) as { base: string };
    const bigEndian = isBigEndian(t.base);
    if (data instanceof ctor && !t.base.startsWith('H5T_IEEE_F16') && bigEndian !== littleEndianHost) {
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    // Floats convert without range checks (as numpy's astype); integers go through the checking codec.
    if (ctor === Float64Array || (ctor === Float32Array && !t.base.startsWith('H5T_IEEE_F16'))) {
      const converted = toTypedArray(ctor, data as ArrayLike<unknown>);
      const bytes = new Uint8Array(converted.buffer);
      if (bigEndian === littleEndianHost) swapBytes(bytes, converted.BYTES_PER_ELEMENT);
      return bytes;
    }
  }
  return encodeValues(base, Array.isArray(data) ? data : Array.from(data as ArrayLike<unknown>));
}

function elementSize(base: string): number {
  return Number(/(\d+)(LE|BE)$/.exec(base)![1]) / 8;
}

function swapBytes(bytes: Uint8Array, size: number): void {
  if (size === 1) return;
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

/** Converts numbers/BigInts/booleans (JSON or codec output) to the given TypedArray class. */
export function toTypedArray(ctor: NumericArrayConstructor, values: ArrayLike<unknown>): NumericArray {
  if (ctor === BigInt64Array || ctor === BigUint64Array) {
    const out = new ctor(values.length);
    for (let i = 0; i < values.length; i++) out[i] = toBigInt(values[i]);
    return out;
  }
  const out = new (ctor as Float64ArrayConstructor)(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toNumber(values[i]);
  return out as NumericArray;
}

function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return BigInt(String(v));
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return Number(v);
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'nan') return NaN;
    if (s === 'inf' || s === 'infinity') return Infinity;
    if (s === '-inf' || s === '-infinity') return -Infinity;
  }
  return Number(v);
}

/**
 * One element in the SDK's JS form: compound elements become objects keyed by field name, numeric vlen
 * sequences TypedArrays, opaque values Uint8Arrays; numbers, BigInts (64-bit beyond 2^53), strings and
 * booleans stay as they are.
 */
export function plainValue(input: TypeJson, v: unknown): unknown {
  const t = normalizeNested(input);
  switch (t.class) {
    case 'H5T_COMPOUND': {
      if (!Array.isArray(v)) return v;
      const out: Record<string, unknown> = {};
      t.fields.forEach((f, i) => (out[f.name] = plainValue(normalizeNested(f.type), v[i])));
      return out;
    }
    case 'H5T_VLEN': {
      const base = normalizeNested(t.base);
      // HSDS answers an empty (unwritten) sequence as a bare 0 in JSON.
      const list = Array.isArray(v) ? v : v === null || v === undefined || v === 0 ? [] : [v];
      const ctor = typedArrayFor(base);
      return ctor ? toTypedArray(ctor, list) : list.map((x) => plainValue(base, x));
    }
    case 'H5T_OPAQUE':
      return Array.isArray(v) ? Uint8Array.from(v as number[]) : v;
    case 'H5T_ARRAY': {
      const { base, dims } = baseOf(t);
      if (base.class !== 'H5T_COMPOUND' && base.class !== 'H5T_VLEN' && base.class !== 'H5T_OPAQUE') return v;
      const mapLeaves = (x: unknown, depth: number): unknown =>
        depth < dims.length && Array.isArray(x) ? x.map((y) => mapLeaves(y, depth + 1)) : plainValue(base, x);
      return mapLeaves(v, 0);
    }
    default:
      return v;
  }
}
