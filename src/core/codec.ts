/**
 * Element codecs: HDF REST binary encoding <-> plain JS values (the JSON value form).
 *
 * Binary form (requests, responses and chunk objects): C-order elements in the byte order the type names,
 * compounds packed without padding, fixed strings NUL-padded, references as 48-byte strings. Anything with a
 * variable-length part is written as a stream where each variable part is an int32-LE byte count followed by
 * the bytes (UTF-8 text, or the packed base elements of a sequence).
 *
 * JS value form: numbers (BigInt beyond 2^53 for 64-bit integers), strings, booleans (h5py bool enums), and
 * arrays for compounds (one entry per field), array types and sequences.
 */
import { halfToNumber, numberToHalf } from './float16.js';
import {
  IntegerType,
  arrayDims,
  baseBits,
  isBigEndian,
  isBoolEnum,
  isSignedInteger,
  normalizeNested,
  REFERENCE_SIZE,
  TypeJson,
  VARIABLE,
} from './types.js';

/** Largest variable-length element HSDS accepts. */
export const MAX_VLEN_ELEMENT = 1_000_000;

export class ValueError extends Error {}

const fail = (msg: string): never => {
  throw new ValueError(msg);
};

export class ByteReader {
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.length) fail('binary data is shorter than the selection requires');
  }
}

export class ByteWriter {
  bytes: Uint8Array;
  view: DataView;
  pos = 0;
  constructor(initial = 256) {
    this.bytes = new Uint8Array(initial);
    this.view = new DataView(this.bytes.buffer);
  }
  reserve(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.pos));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }
  result(): Uint8Array {
    return this.bytes.subarray(0, this.pos);
  }
}

export interface ElementCodec {
  /** Fixed byte size, or VARIABLE. */
  readonly size: number | typeof VARIABLE;
  read(r: ByteReader): unknown;
  write(w: ByteWriter, value: unknown): void;
  /** Advance past one element without building its value. */
  skip(r: ByteReader): void;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return fail('string data is not valid UTF-8');
  }
}

class IntegerCodec implements ElementCodec {
  readonly size: number;
  private readonly little: boolean;
  private readonly signed: boolean;
  private readonly bits: number;
  constructor(base: string) {
    this.bits = baseBits(base);
    this.size = this.bits / 8;
    this.little = !isBigEndian(base);
    this.signed = isSignedInteger(base);
  }
  read(r: ByteReader): number | bigint {
    r.need(this.size);
    const v = r.view;
    const p = r.pos;
    r.pos += this.size;
    switch (this.bits) {
      case 8:
        return this.signed ? v.getInt8(p) : v.getUint8(p);
      case 16:
        return this.signed ? v.getInt16(p, this.little) : v.getUint16(p, this.little);
      case 32:
        return this.signed ? v.getInt32(p, this.little) : v.getUint32(p, this.little);
      default: {
        const big = this.signed ? v.getBigInt64(p, this.little) : v.getBigUint64(p, this.little);
        const n = Number(big);
        return Number.isSafeInteger(n) ? n : big;
      }
    }
  }
  write(w: ByteWriter, value: unknown): void {
    w.reserve(this.size);
    const v = w.view;
    const p = w.pos;
    w.pos += this.size;
    if (this.bits === 64) {
      const big = toBigInt(value, this.signed);
      if (this.signed) v.setBigInt64(p, big, this.little);
      else v.setBigUint64(p, big, this.little);
      return;
    }
    const n = toInteger(value, this.bits, this.signed);
    switch (this.bits) {
      case 8:
        if (this.signed) v.setInt8(p, n);
        else v.setUint8(p, n);
        return;
      case 16:
        if (this.signed) v.setInt16(p, n, this.little);
        else v.setUint16(p, n, this.little);
        return;
      default:
        if (this.signed) v.setInt32(p, n, this.little);
        else v.setUint32(p, n, this.little);
    }
  }
  skip(r: ByteReader): void {
    r.need(this.size);
    r.pos += this.size;
  }
}

function numericInput(value: unknown): number | bigint {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return fail(`expected a number but got ${describe(value)}`);
}

function toInteger(value: unknown, bits: number, signed: boolean): number {
  const raw = numericInput(value);
  const n = typeof raw === 'bigint' ? Number(raw) : Math.trunc(raw);
  if (!Number.isFinite(n)) fail(`cannot store ${String(raw)} in an integer type`);
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  if (n < min || n > max) fail(`value ${String(raw)} out of range for ${signed ? 'signed' : 'unsigned'} ${bits}-bit integer`);
  return n;
}

function toBigInt(value: unknown, signed: boolean): bigint {
  const raw = numericInput(value);
  let big: bigint;
  if (typeof raw === 'bigint') big = raw;
  else if (!Number.isFinite(raw)) return fail(`cannot store ${raw} in an integer type`);
  else big = BigInt(Math.trunc(raw));
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  if (big < min || big > max) fail(`value ${big} out of range for ${signed ? 'signed' : 'unsigned'} 64-bit integer`);
  return big;
}

class FloatCodec implements ElementCodec {
  readonly size: number;
  private readonly little: boolean;
  constructor(base: string) {
    this.size = baseBits(base) / 8;
    this.little = !isBigEndian(base);
  }
  read(r: ByteReader): number {
    r.need(this.size);
    const p = r.pos;
    r.pos += this.size;
    if (this.size === 4) return r.view.getFloat32(p, this.little);
    if (this.size === 8) return r.view.getFloat64(p, this.little);
    return halfToNumber(r.view.getUint16(p, this.little));
  }
  write(w: ByteWriter, value: unknown): void {
    const n = toFloat(value);
    w.reserve(this.size);
    const p = w.pos;
    w.pos += this.size;
    if (this.size === 4) w.view.setFloat32(p, n, this.little);
    else if (this.size === 8) w.view.setFloat64(p, n, this.little);
    else w.view.setUint16(p, numberToHalf(n), this.little);
  }
  skip(r: ByteReader): void {
    r.need(this.size);
    r.pos += this.size;
  }
}

function toFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (s === 'nan') return NaN;
    if (s === 'inf' || s === 'infinity' || s === '+inf') return Infinity;
    if (s === '-inf' || s === '-infinity') return -Infinity;
    const n = Number(value);
    if (s !== '' && !Number.isNaN(n)) return n;
  }
  return fail(`expected a number but got ${describe(value)}`);
}

/** Fixed-length strings: NUL padded; trailing NULs are dropped on read (as numpy does). */
class FixedStringCodec implements ElementCodec {
  constructor(readonly size: number) {}
  read(r: ByteReader): string {
    r.need(this.size);
    let end = r.pos + this.size;
    const b = r.bytes;
    while (end > r.pos && b[end - 1] === 0) end--;
    const s = decodeText(b.subarray(r.pos, end));
    r.pos += this.size;
    return s;
  }
  write(w: ByteWriter, value: unknown): void {
    const bytes = stringBytes(value);
    writeFixed(w, bytes, this.size);
  }
  skip(r: ByteReader): void {
    r.need(this.size);
    r.pos += this.size;
  }
}

function stringBytes(value: unknown): Uint8Array {
  if (typeof value === 'string') return utf8.encode(value);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return utf8.encode(String(value));
  return fail(`expected a string but got ${describe(value)}`);
}

/** `bytes` in a field of `size` bytes: cut to it, or zero-padded. */
function writeFixed(w: ByteWriter, bytes: Uint8Array, size: number): void {
  w.reserve(size);
  w.bytes.fill(0, w.pos, w.pos + size);
  w.bytes.set(bytes.subarray(0, size), w.pos);
  w.pos += size;
}

function readCount(r: ByteReader): number {
  r.need(4);
  const n = r.view.getInt32(r.pos, true);
  r.pos += 4;
  if (n < 0 || n > MAX_VLEN_ELEMENT) fail(`invalid variable-length element size ${n}`);
  r.need(n);
  return n;
}

function writeCounted(w: ByteWriter, bytes: Uint8Array): void {
  if (bytes.length > MAX_VLEN_ELEMENT) fail('variable-length element larger than 1,000,000 bytes');
  w.reserve(4 + bytes.length);
  w.view.setInt32(w.pos, bytes.length, true);
  w.bytes.set(bytes, w.pos + 4);
  w.pos += 4 + bytes.length;
}

class VlenStringCodec implements ElementCodec {
  readonly size = VARIABLE;
  read(r: ByteReader): string {
    const n = readCount(r);
    const s = decodeText(r.bytes.subarray(r.pos, r.pos + n));
    r.pos += n;
    return s;
  }
  write(w: ByteWriter, value: unknown): void {
    // An unset element (0 / null) is an empty string, as HSDS writes it.
    if (value === null || value === 0) writeCounted(w, new Uint8Array(0));
    else writeCounted(w, stringBytes(value));
  }
  skip(r: ByteReader): void {
    // readCount moves pos past the count first, so add the length afterwards.
    const n = readCount(r);
    r.pos += n;
  }
}

/** Variable-length sequence of a fixed-size base type: byte count, then packed base elements. */
class VlenSequenceCodec implements ElementCodec {
  readonly size = VARIABLE;
  private readonly baseSize: number;
  constructor(private readonly base: ElementCodec) {
    if (base.size === VARIABLE) throw new ValueError('nested variable-length types are not supported');
    this.baseSize = base.size;
  }
  read(r: ByteReader): unknown[] {
    const n = readCount(r);
    if (n % this.baseSize !== 0) fail('variable-length sequence size is not a multiple of its element size');
    const out: unknown[] = new Array(n / this.baseSize);
    for (let i = 0; i < out.length; i++) out[i] = this.base.read(r);
    return out;
  }
  write(w: ByteWriter, value: unknown): void {
    const list = value === null || value === 0 ? [] : toList(value);
    const count = list.length * this.baseSize;
    if (count > MAX_VLEN_ELEMENT) fail('variable-length element larger than 1,000,000 bytes');
    w.reserve(4);
    w.view.setInt32(w.pos, count, true);
    w.pos += 4;
    for (const item of list) this.base.write(w, item);
  }
  skip(r: ByteReader): void {
    // readCount moves pos past the count first, so add the length afterwards.
    const n = readCount(r);
    r.pos += n;
  }
}

function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  // numpy accepts a scalar where a one-element sequence is expected
  return [value];
}

class CompoundCodec implements ElementCodec {
  readonly size: number | typeof VARIABLE;
  constructor(
    private readonly names: string[],
    private readonly fields: ElementCodec[],
  ) {
    this.size = fields.some((f) => f.size === VARIABLE)
      ? VARIABLE
      : fields.reduce((s, f) => s + (f.size as number), 0);
  }
  read(r: ByteReader): unknown[] {
    return this.fields.map((f) => f.read(r));
  }
  write(w: ByteWriter, value: unknown): void {
    let values: unknown[];
    if (Array.isArray(value)) {
      values = value;
    } else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      const o = value as Record<string, unknown>;
      values = this.names.map((n) => (n in o ? o[n] : fail(`missing compound field ${n}`)));
    } else if (value !== null && value !== undefined) {
      // numpy assigns a scalar to every member (h5pyd writes single-member subsets this way).
      values = this.fields.map(() => value);
    } else {
      return fail(`expected a list of ${this.fields.length} field values for a compound element`);
    }
    if (values.length !== this.fields.length)
      fail(`compound element has ${values.length} values, expected ${this.fields.length}`);
    this.fields.forEach((f, i) => f.write(w, values[i]));
  }
  skip(r: ByteReader): void {
    for (const f of this.fields) f.skip(r);
  }
}

class ArrayCodec implements ElementCodec {
  readonly size: number | typeof VARIABLE;
  private readonly count: number;
  constructor(
    private readonly dims: number[],
    private readonly base: ElementCodec,
  ) {
    this.count = dims.reduce((a, b) => a * b, 1);
    this.size = base.size === VARIABLE ? VARIABLE : base.size * this.count;
  }
  read(r: ByteReader): unknown {
    const flat = new Array(this.count);
    for (let i = 0; i < this.count; i++) flat[i] = this.base.read(r);
    return nest(flat, this.dims);
  }
  write(w: ByteWriter, value: unknown): void {
    const flat = flattenValues(value, this.dims.length);
    if (flat.length !== this.count) fail(`array element has ${flat.length} values, expected ${this.count}`);
    for (const v of flat) this.base.write(w, v);
  }
  skip(r: ByteReader): void {
    for (let i = 0; i < this.count; i++) this.base.skip(r);
  }
}

class EnumCodec implements ElementCodec {
  readonly size: number;
  private readonly byName: Map<string, number>;
  constructor(
    private readonly base: IntegerCodec,
    mapping: Record<string, number>,
    private readonly isBool: boolean,
  ) {
    this.size = base.size;
    this.byName = new Map(Object.entries(mapping));
  }
  read(r: ByteReader): unknown {
    const v = this.base.read(r);
    return this.isBool ? v !== 0 : v;
  }
  write(w: ByteWriter, value: unknown): void {
    if (typeof value === 'string' && this.byName.has(value)) value = this.byName.get(value);
    this.base.write(w, value);
  }
  skip(r: ByteReader): void {
    this.base.skip(r);
  }
}

/** Object references travel as NUL-padded strings like "datasets/d-…"; the empty string is a null reference. */
class ReferenceCodec extends FixedStringCodec {
  write(w: ByteWriter, value: unknown): void {
    if (value === null) value = '';
    if (typeof value !== 'string') fail(`expected a reference string but got ${describe(value)}`);
    super.write(w, value);
  }
}

class OpaqueCodec implements ElementCodec {
  constructor(readonly size: number) {}
  read(r: ByteReader): number[] {
    r.need(this.size);
    const out = Array.from(r.bytes.subarray(r.pos, r.pos + this.size));
    r.pos += this.size;
    return out;
  }
  write(w: ByteWriter, value: unknown): void {
    const bytes =
      typeof value === 'string' ? utf8.encode(value) : Uint8Array.from(toList(value).map((x) => toInteger(x, 8, false)));
    writeFixed(w, bytes, this.size);
  }
  skip(r: ByteReader): void {
    r.need(this.size);
    r.pos += this.size;
  }
}

const codecCache = new WeakMap<object, ElementCodec>();

export function codecFor(type: TypeJson | string): ElementCodec {
  const t = normalizeNested(type);
  let c = codecCache.get(t);
  if (!c) {
    c = buildCodec(t);
    codecCache.set(t, c);
  }
  return c;
}

function buildCodec(t: TypeJson): ElementCodec {
  switch (t.class) {
    case 'H5T_INTEGER':
      return new IntegerCodec(t.base);
    case 'H5T_FLOAT':
      return new FloatCodec(t.base);
    case 'H5T_STRING':
      return t.length === VARIABLE ? new VlenStringCodec() : new FixedStringCodec(t.length);
    case 'H5T_COMPOUND':
      return new CompoundCodec(
        t.fields.map((f) => f.name),
        t.fields.map((f) => codecFor(f.type)),
      );
    case 'H5T_ARRAY':
      return new ArrayCodec(arrayDims(t), codecFor(t.base));
    case 'H5T_ENUM':
      return new EnumCodec(new IntegerCodec((normalizeNested(t.base) as IntegerType).base), t.mapping, isBoolEnum(t));
    case 'H5T_VLEN':
      return new VlenSequenceCodec(codecFor(t.base));
    case 'H5T_OPAQUE':
      return new OpaqueCodec(t.size);
    case 'H5T_REFERENCE':
      return new ReferenceCodec(REFERENCE_SIZE);
  }
}

/** Encodes `count` elements given as a flat list. */
export function encodeValues(type: TypeJson, values: readonly unknown[]): Uint8Array {
  const codec = codecFor(type);
  const w = new ByteWriter(codec.size === VARIABLE ? Math.max(256, values.length * 16) : Math.max(1, values.length * codec.size));
  for (const v of values) codec.write(w, v);
  return w.result();
}

/** Decodes exactly `count` elements; throws ValueError if the bytes are short or left over. */
export function decodeValues(type: TypeJson, bytes: Uint8Array, count: number): unknown[] {
  const codec = codecFor(type);
  const r = new ByteReader(bytes);
  const out: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = codec.read(r);
  // Variable-length data may end with HSDS's zero padding (see trimStream).
  const rest = bytes.subarray(r.pos);
  if (rest.length && (codec.size !== VARIABLE || rest.some((b) => b !== 0)))
    fail(`binary data has ${bytes.length} bytes, expected ${r.pos}`);
  return out;
}

/**
 * Splits a variable-length stream into per-element byte slices (views, no copies), checking that it holds
 * exactly `count` well-formed elements.
 */
export function splitStream(type: TypeJson, bytes: Uint8Array, count: number): Uint8Array[] {
  const codec = codecFor(type);
  const r = new ByteReader(bytes);
  const out: Uint8Array[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    codec.skip(r);
    out[i] = bytes.subarray(start, r.pos);
  }
  if (r.pos !== bytes.length) fail(`variable-length data has ${bytes.length - r.pos} bytes beyond the expected ${count} elements`);
  return out;
}

/**
 * The part of a variable-length request body holding exactly `count` elements. HSDS's and h5pyd's
 * serializers size their buffers with 4 spare bytes per array-of-vlen member and leave them zero at the end,
 * so trailing zero bytes are accepted and dropped; anything else beyond the elements is an error.
 */
export function trimStream(type: TypeJson, bytes: Uint8Array, count: number): Uint8Array {
  const codec = codecFor(type);
  const r = new ByteReader(bytes);
  for (let i = 0; i < count; i++) codec.skip(r);
  for (let i = r.pos; i < bytes.length; i++)
    if (bytes[i] !== 0) fail(`variable-length data has ${bytes.length - r.pos} bytes beyond the expected ${count} elements`);
  return bytes.subarray(0, r.pos);
}

/**
 * Zero bytes HSDS appends per element when it serializes a type with arrays of variable-length members
 * (it sizes each such array 4 bytes larger than it writes). Binary answers carry the same padding so that
 * byte counts match what HSDS clients expect; readers ignore it.
 */
export function hsdsPaddingPerElement(type: TypeJson): number {
  const t = normalizeNested(type);
  if (t.class === 'H5T_COMPOUND') return t.fields.reduce((n, f) => n + hsdsPaddingPerElement(normalizeNested(f.type)), 0);
  if (t.class === 'H5T_ARRAY') {
    const base = normalizeNested(t.base);
    return codecFor(base).size === VARIABLE ? 4 : 0;
  }
  return 0;
}

/**
 * HSDS's and h5pyd's serializers write the scalar numeric members of compounds that have variable-length
 * members in native (little-endian) byte order, whatever the type says. Returns a copy of such a request
 * stream with those members in the declared order, so stored chunks are right; identity otherwise.
 */
export function fromHsdsVlenByteOrder(type: TypeJson, bytes: Uint8Array, count: number): Uint8Array {
  if (!isVariableCompoundWithBigEndianScalars(normalizeNested(type))) return bytes;
  const out = bytes.slice();
  const r = new ByteReader(out);
  const walk = (t: TypeJson): void => {
    if (t.class === 'H5T_COMPOUND') {
      for (const f of t.fields) {
        const ft = normalizeNested(f.type);
        const base = ft.class === 'H5T_ENUM' ? normalizeNested(ft.base) : ft;
        if ((base.class === 'H5T_INTEGER' || base.class === 'H5T_FLOAT') && base.base.endsWith('BE')) {
          const n = baseBits(base.base) / 8;
          r.need(n);
          out.subarray(r.pos, r.pos + n).reverse();
          r.pos += n;
        } else if (ft.class === 'H5T_COMPOUND') {
          walk(ft);
        } else {
          codecFor(ft).skip(r);
        }
      }
    } else {
      codecFor(t).skip(r);
    }
  };
  for (let i = 0; i < count; i++) walk(normalizeNested(type));
  return out;
}

function isVariableCompoundWithBigEndianScalars(t: TypeJson): boolean {
  if (t.class !== 'H5T_COMPOUND' || codecFor(t).size !== VARIABLE) return false;
  const hasBE = (x: TypeJson): boolean =>
    x.class === 'H5T_COMPOUND'
      ? x.fields.some((f) => hasBE(normalizeNested(f.type)))
      : ((x.class === 'H5T_INTEGER' || x.class === 'H5T_FLOAT') && x.base.endsWith('BE')) ||
        (x.class === 'H5T_ENUM' && (normalizeNested(x.base) as IntegerType).base.endsWith('BE'));
  return hasBE(t);
}

/** Nests a flat C-order list into arrays of the given shape (shape [] returns the single element). */
export function nest(flat: readonly unknown[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const build = (dim: number, offset: number): unknown[] => {
    const n = shape[dim];
    if (dim === shape.length - 1) return flat.slice(offset, offset + n);
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * stride);
    return out;
  };
  return build(0, 0);
}

/**
 * Flattens nested JSON input to a list of element values, descending at most `rank` levels (so compound and
 * array elements, which are lists themselves, are kept whole).
 */
export function flattenValues(value: unknown, rank: number): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth < rank && Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else out.push(v);
  };
  walk(value, 0);
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string' ? `'${v.length > 20 ? v.slice(0, 20) + '…' : v}'` : typeof v;
}
