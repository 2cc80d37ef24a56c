/**
 * HDF REST type JSON → HDF5 datatype messages (format version 3 for every class, readable by HDF5 1.8 and
 * later), and the size of an element in a file: numbers, fixed strings, opaque and enum as the REST form;
 * compounds packed; variable-length strings and sequences as 16-byte global heap references; object
 * references as 8-byte addresses, region references as 12 bytes.
 */
import { normalizeNested, arrayDims, type TypeJson } from '../core/types.js';
import { ByteBuilder } from './h5-write-buffer.js';

const VERSION = 3;
/** length (4) + collection address (8) + object index (4). */
const VLEN_FILE_SIZE = 16;
const OBJECT_REF_SIZE = 8;
const REGION_REF_SIZE = 12;

const FLOATS: Record<number, { sign: number; expLoc: number; expSize: number; mantSize: number; bias: number }> = {
  16: { sign: 15, expLoc: 10, expSize: 5, mantSize: 10, bias: 15 },
  32: { sign: 31, expLoc: 23, expSize: 8, mantSize: 23, bias: 127 },
  64: { sign: 63, expLoc: 52, expSize: 11, mantSize: 52, bias: 1023 },
};
const STRING_PADS: Record<string, number> = { H5T_STR_NULLTERM: 0, H5T_STR_NULLPAD: 1, H5T_STR_SPACEPAD: 2 };

const bitsOf = (base: string) => Number(/(\d+)(LE|BE)$/.exec(base)![1]);
const isBE = (base: string) => base.endsWith('BE');

/** Bytes of one element as stored in a file. */
export function fileSize(input: TypeJson): number {
  const t = normalizeNested(input);
  switch (t.class) {
    case 'H5T_INTEGER':
    case 'H5T_FLOAT':
      return bitsOf(t.base) / 8;
    case 'H5T_ENUM':
      return bitsOf((normalizeNested(t.base) as { base: string }).base) / 8;
    case 'H5T_STRING':
      return t.length === 'H5T_VARIABLE' ? VLEN_FILE_SIZE : t.length;
    case 'H5T_OPAQUE':
      return t.size;
    case 'H5T_REFERENCE':
      return t.base === 'H5T_STD_REF_DSETREG' ? REGION_REF_SIZE : OBJECT_REF_SIZE;
    case 'H5T_VLEN':
      return VLEN_FILE_SIZE;
    case 'H5T_COMPOUND':
      return t.fields.reduce((n, f) => n + fileSize(f.type), 0);
    case 'H5T_ARRAY':
      return arrayDims(t).reduce((a, b) => a * b, 1) * fileSize(t.base);
  }
}

function header(b: ByteBuilder, cls: number, bits: number, size: number): void {
  b.u8((VERSION << 4) | cls);
  b.u8(bits & 0xff).u8((bits >> 8) & 0xff).u8((bits >> 16) & 0xff);
  b.u32(size);
}

/** Bytes needed for offsets within a compound of `size` bytes (HDF5's H5VM_limit_enc_size). */
const offsetWidth = (size: number) => Math.floor(Math.log2(Math.max(1, size)) / 8) + 1;

function encodeInteger(b: ByteBuilder, base: string): void {
  const bits = bitsOf(base);
  header(b, 0, (isBE(base) ? 0x01 : 0) | (base.startsWith('H5T_STD_I') ? 0x08 : 0), bits / 8);
  b.u16(0).u16(bits);
}

function encodeDatatype(b: ByteBuilder, input: TypeJson): void {
  const t = normalizeNested(input);
  switch (t.class) {
    case 'H5T_INTEGER':
      return encodeInteger(b, t.base);
    case 'H5T_FLOAT': {
      const bits = bitsOf(t.base);
      const f = FLOATS[bits];
      header(b, 1, (isBE(t.base) ? 0x01 : 0) | 0x20 | (f.sign << 8), bits / 8);
      b.u16(0).u16(bits).u8(f.expLoc).u8(f.expSize).u8(0).u8(f.mantSize).u32(f.bias);
      return;
    }
    case 'H5T_STRING': {
      const pad = STRING_PADS[t.strPad ?? 'H5T_STR_NULLTERM'] ?? 0;
      const cset = t.charSet === 'H5T_CSET_UTF8' ? 1 : 0;
      if (t.length === 'H5T_VARIABLE') {
        header(b, 9, 0x01 | (pad << 4) | (cset << 8), VLEN_FILE_SIZE);
        encodeInteger(b, 'H5T_STD_U8LE');
      } else {
        header(b, 3, pad | (cset << 4), t.length);
      }
      return;
    }
    case 'H5T_OPAQUE': {
      const tag = new TextEncoder().encode(t.tag ?? '');
      const padded = tag.length ? Math.ceil((tag.length + 1) / 8) * 8 : 0;
      header(b, 5, padded, t.size);
      if (padded) b.raw(tag).zeros(padded - tag.length);
      return;
    }
    case 'H5T_COMPOUND': {
      const size = fileSize(t);
      header(b, 6, t.fields.length, size);
      let offset = 0;
      for (const f of t.fields) {
        b.text(f.name);
        b.uint(offset, offsetWidth(size));
        encodeDatatype(b, f.type);
        offset += fileSize(f.type);
      }
      return;
    }
    case 'H5T_REFERENCE':
      header(b, 7, t.base === 'H5T_STD_REF_DSETREG' ? 1 : 0, fileSize(t));
      return;
    case 'H5T_ENUM': {
      const base = normalizeNested(t.base) as { class: 'H5T_INTEGER'; base: string };
      const names = Object.keys(t.mapping);
      const size = bitsOf(base.base) / 8;
      header(b, 8, names.length, size);
      encodeInteger(b, base.base);
      for (const name of names) b.text(name);
      for (const name of names) {
        const value = new DataView(new ArrayBuffer(8));
        value.setBigInt64(0, BigInt(t.mapping[name]), !isBE(base.base));
        b.raw(new Uint8Array(value.buffer, isBE(base.base) ? 8 - size : 0, size));
      }
      return;
    }
    case 'H5T_VLEN':
      header(b, 9, 0, VLEN_FILE_SIZE);
      encodeDatatype(b, t.base);
      return;
    case 'H5T_ARRAY': {
      const dims = arrayDims(t);
      header(b, 10, 0, fileSize(t));
      b.u8(dims.length);
      for (const d of dims) b.u32(d);
      encodeDatatype(b, t.base);
      return;
    }
  }
}

/** A datatype message body. */
export function datatypeMessage(type: TypeJson): Uint8Array {
  const b = new ByteBuilder();
  encodeDatatype(b, type);
  return b.result();
}
