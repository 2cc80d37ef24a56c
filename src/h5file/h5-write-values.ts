/**
 * Values in the HDF REST binary form → their bytes in an HDF5 file: fixed-size parts are the same bytes;
 * each variable-length string or sequence goes to the global heap and is replaced by its heap reference
 * (length, collection address, object index); object references ("datasets/d-…") become the object's
 * header address (0, a null reference, for objects not in the file). Region references are written null.
 */
import { arrayDims, normalizeNested, REFERENCE_SIZE, type TypeJson } from '../core/types.js';
import type { GlobalHeapWriter } from './h5-write-heap.js';
import { fileSize } from './h5-write-datatype.js';

export interface FileValueContext {
  heap: GlobalHeapWriter;
  /** Header address of the object a REST reference names, undefined when it is not in the file. */
  address(reference: string): number | undefined;
}

/** Whether file bytes differ from the REST form (variable-length parts or references). */
export function needsConversion(input: TypeJson): boolean {
  const t = normalizeNested(input);
  switch (t.class) {
    case 'H5T_STRING':
      return t.length === 'H5T_VARIABLE';
    case 'H5T_VLEN':
    case 'H5T_REFERENCE':
      return true;
    case 'H5T_COMPOUND':
      return t.fields.some((f) => needsConversion(f.type));
    case 'H5T_ARRAY':
      return needsConversion(t.base);
    default:
      return false;
  }
}

/** Size in the REST form of a fixed-size type. */
function wireSize(t: TypeJson): number {
  if (t.class === 'H5T_REFERENCE') return REFERENCE_SIZE;
  if (t.class === 'H5T_COMPOUND') return t.fields.reduce((n, f) => n + wireSize(normalizeNested(f.type)), 0);
  if (t.class === 'H5T_ARRAY') return arrayDims(t).reduce((a, b) => a * b, 1) * wireSize(normalizeNested(t.base));
  return fileSize(t);
}

const ascii = new TextDecoder('latin1');

class Converter {
  pos = 0;
  private readonly view: DataView;
  constructor(
    private readonly wire: Uint8Array,
    private readonly out: Uint8Array,
    private readonly ctx: FileValueContext,
  ) {
    this.view = new DataView(wire.buffer, wire.byteOffset, wire.byteLength);
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.wire.length) throw new RangeError('binary data is shorter than the values it should hold');
    const bytes = this.wire.subarray(this.pos, this.pos + n);
    this.pos += n;
    return bytes;
  }

  private length(): number {
    if (this.pos + 4 > this.wire.length) throw new RangeError('binary data is shorter than the values it should hold');
    const n = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return n;
  }

  private heapId(at: number, length: number, data: Uint8Array): void {
    const view = new DataView(this.out.buffer, this.out.byteOffset);
    view.setUint32(at, length, true);
    if (length === 0) return;
    const id = this.ctx.heap.add(data);
    view.setBigUint64(at + 4, BigInt(id.address), true);
    view.setUint32(at + 12, id.index, true);
  }

  /** Converts one element of `t` into `out` at `at`. */
  element(t: TypeJson, at: number): void {
    switch (t.class) {
      case 'H5T_STRING':
        if (t.length === 'H5T_VARIABLE') {
          const n = this.length();
          const text = this.take(n);
          this.heapId(at, n, text);
          return;
        }
        this.out.set(this.take(t.length), at);
        return;
      case 'H5T_VLEN': {
        const n = this.length();
        const base = normalizeNested(t.base);
        const baseWire = wireSize(base);
        const count = baseWire > 0 ? n / baseWire : 0;
        const items = this.take(n);
        const converted = needsConversion(base) ? convertValues(base, items, count, this.ctx) : items;
        this.heapId(at, count, converted);
        return;
      }
      case 'H5T_REFERENCE': {
        const text = ascii.decode(this.take(REFERENCE_SIZE)).replace(/\0+$/, '');
        if (t.base === 'H5T_STD_REF_DSETREG') return;
        const address = text ? this.ctx.address(text) : undefined;
        if (address !== undefined) new DataView(this.out.buffer, this.out.byteOffset).setBigUint64(at, BigInt(address), true);
        return;
      }
      case 'H5T_COMPOUND': {
        let offset = at;
        for (const f of t.fields) {
          const ft = normalizeNested(f.type);
          this.element(ft, offset);
          offset += fileSize(ft);
        }
        return;
      }
      case 'H5T_ARRAY': {
        const base = normalizeNested(t.base);
        const size = fileSize(base);
        const n = arrayDims(t).reduce((a, b) => a * b, 1);
        for (let i = 0; i < n; i++) this.element(base, at + i * size);
        return;
      }
      default: {
        const size = fileSize(t);
        this.out.set(this.take(size), at);
      }
    }
  }
}

/** File bytes of `count` elements given in the REST binary form. */
export function convertValues(input: TypeJson, wire: Uint8Array, count: number, ctx: FileValueContext): Uint8Array {
  const t = normalizeNested(input);
  if (!needsConversion(t)) return wire;
  const size = fileSize(t);
  const out = new Uint8Array(count * size);
  const c = new Converter(wire, out, ctx);
  for (let i = 0; i < count; i++) c.element(t, i * size);
  return out;
}
