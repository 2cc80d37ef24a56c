/**
 * numpy-style dtypes ⇄ HDF REST type JSON, the way h5py/h5pyd map them, and the TypedArray class that holds a
 * numeric type's values.
 *
 * Accepted specs: names ('float32', 'int64', 'bool', 'uint8', 'f4', '<f4', '>i8', 'u1', 'S10', 'V8',
 * 'complex64', 'str' (variable-length UTF-8), 'ascii' (variable-length ASCII), 'ref', '(3,)f4',
 * 'vlen(int32)', 'H5T_STD_I32LE'); compounds as `[['x', 'f4'], ['y', 'i4'], ['v', 'f8', [3]]]`;
 * `{vlen: spec}`; `{enum: {RED: 0, GREEN: 1}, base?: spec}`; type JSON itself; or a committed Datatype.
 */
import { isBoolEnum, normalizeNested, TypeError_, TypeJson, validateType, VARIABLE } from '../core/types.js';

export type CompoundMember = [name: string, dtype: DtypeSpec] | [name: string, dtype: DtypeSpec, shape: number[]];

export type DtypeSpec =
  | string
  | TypeJson
  | CompoundMember[]
  | { vlen: DtypeSpec }
  | { enum: Record<string, number>; base?: DtypeSpec }
  | { type: TypeJson; id?: string };

export type NumericArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

export type NumericArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

const fail = (msg: string): never => {
  throw new TypeError(msg);
};

const INT_ALIASES: Record<string, [signed: boolean, bits: number]> = {
  int8: [true, 8], byte: [true, 8], b: [true, 8],
  uint8: [false, 8], ubyte: [false, 8], B: [false, 8],
  int16: [true, 16], short: [true, 16], h: [true, 16],
  uint16: [false, 16], ushort: [false, 16], H: [false, 16],
  int32: [true, 32], intc: [true, 32], i: [true, 32],
  uint32: [false, 32], uintc: [false, 32], I: [false, 32],
  int64: [true, 64], int: [true, 64], long: [true, 64], longlong: [true, 64], intp: [true, 64], l: [true, 64], q: [true, 64],
  uint64: [false, 64], uint: [false, 64], ulong: [false, 64], ulonglong: [false, 64], uintp: [false, 64], L: [false, 64], Q: [false, 64],
};
const FLOAT_ALIASES: Record<string, number> = {
  float16: 16, half: 16, e: 16,
  float32: 32, single: 32, f: 32,
  float64: 64, double: 64, float: 64, d: 64,
};
const COMPLEX_ALIASES: Record<string, number> = { complex64: 32, F: 32, complex128: 64, complex: 64, D: 64 };

const intType = (signed: boolean, bits: number, order: 'LE' | 'BE'): TypeJson =>
  ({ class: 'H5T_INTEGER', base: `H5T_STD_${signed ? 'I' : 'U'}${bits}${order}` }) as TypeJson;
const floatType = (bits: number, order: 'LE' | 'BE'): TypeJson =>
  ({ class: 'H5T_FLOAT', base: `H5T_IEEE_F${bits}${order}` }) as TypeJson;

/** h5py's bool: an enum FALSE=0/TRUE=1 over int8. */
export const BOOL_TYPE: TypeJson = {
  class: 'H5T_ENUM',
  base: { class: 'H5T_INTEGER', base: 'H5T_STD_I8LE' },
  mapping: { FALSE: 0, TRUE: 1 },
};

/** h5py's str: variable-length UTF-8. */
export const VLEN_STR_TYPE: TypeJson = { class: 'H5T_STRING', charSet: 'H5T_CSET_UTF8', strPad: 'H5T_STR_NULLTERM', length: VARIABLE };
const VLEN_ASCII_TYPE: TypeJson = { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', strPad: 'H5T_STR_NULLTERM', length: VARIABLE };

/** Converts any accepted dtype spec to type JSON (validated as the server would). */
export function toType(spec: DtypeSpec): TypeJson {
  if (typeof spec === 'string') return parseName(spec.trim());
  if (Array.isArray(spec)) return compoundType(spec);
  if (spec && typeof spec === 'object') {
    if ('class' in spec) return validated(spec);
    if ('vlen' in spec) {
      const base = toType(spec.vlen);
      if (base.class === 'H5T_STRING' && base.length === VARIABLE) return base;
      return { class: 'H5T_VLEN', base, size: VARIABLE } as TypeJson;
    }
    if ('enum' in spec) {
      const base = spec.base === undefined ? intType(false, 8, 'LE') : toType(spec.base);
      if (base.class !== 'H5T_INTEGER') fail('enum base must be an integer dtype');
      return validated({ class: 'H5T_ENUM', base, mapping: { ...spec.enum } } as TypeJson);
    }
    if ('type' in spec) return spec.type;
  }
  return fail(`not a dtype: ${String(spec)}`);
}

function validated(t: unknown): TypeJson {
  try {
    return validateType(t);
  } catch (e) {
    if (e instanceof TypeError_) throw new TypeError(e.message);
    throw e;
  }
}

function compoundType(members: CompoundMember[]): TypeJson {
  if (members.length === 0) fail('a compound dtype needs at least one field');
  const fields = members.map((m) => {
    if (!Array.isArray(m) || typeof m[0] !== 'string') return fail("compound fields are given as ['name', dtype] pairs");
    const base = toType(m[1]);
    const type = m[2] && m[2].length ? ({ class: 'H5T_ARRAY', dims: [...m[2]], base } as TypeJson) : base;
    return { name: m[0], type };
  });
  return validated({ class: 'H5T_COMPOUND', fields });
}

function parseName(name: string): TypeJson {
  if (name.startsWith('H5T_')) return validated(name);
  const sub = /^\((\d+(?:\s*,\s*\d+)*)\s*,?\s*\)\s*(.+)$/.exec(name);
  if (sub) {
    const dims = sub[1].split(',').map((d) => Number(d.trim()));
    return validated({ class: 'H5T_ARRAY', dims, base: parseName(sub[2]) });
  }
  const vlen = /^vlen\((.+)\)$/.exec(name);
  if (vlen) return toType({ vlen: vlen[1] });
  switch (name) {
    case 'bool':
    case 'bool_':
    case '?':
    case 'b1':
    case '|b1':
      return structuredClone(BOOL_TYPE);
    case 'str':
    case 'O':
    case 'object':
    case 'vlen-str':
    case 'utf8':
      return { ...VLEN_STR_TYPE };
    case 'ascii':
    case 'vlen-bytes':
      return { ...VLEN_ASCII_TYPE };
    case 'ref':
    case 'reference':
      return { class: 'H5T_REFERENCE', base: 'H5T_STD_REF_OBJ' };
    case 'regionref':
      return { class: 'H5T_REFERENCE', base: 'H5T_STD_REF_DSETREG' };
  }
  let order: 'LE' | 'BE' = 'LE';
  let body = name;
  if ('<>=|'.includes(name[0])) {
    if (name[0] === '>') order = 'BE';
    body = name.slice(1);
  }
  if (body in INT_ALIASES) return intType(INT_ALIASES[body][0], INT_ALIASES[body][1], order);
  if (body in FLOAT_ALIASES) return floatType(FLOAT_ALIASES[body], order);
  if (body in COMPLEX_ALIASES) return complexType(COMPLEX_ALIASES[body], order);
  const code = /^([iufcSaV])(\d+)$/.exec(body);
  if (code) {
    const n = Number(code[2]);
    switch (code[1]) {
      case 'i':
      case 'u':
        if (![1, 2, 4, 8].includes(n)) break;
        return intType(code[1] === 'i', n * 8, order);
      case 'f':
        if (![2, 4, 8].includes(n)) break;
        return floatType(n * 8, order);
      case 'c':
        if (n !== 8 && n !== 16) break;
        return complexType(n * 4, order);
      case 'S':
      case 'a':
        if (n < 1) break;
        return { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', strPad: 'H5T_STR_NULLPAD', length: n };
      case 'V':
        if (n < 1) break;
        return { class: 'H5T_OPAQUE', size: n, tag: '' };
    }
  }
  if (/^U\d*$/.test(body)) fail(`fixed-length unicode ('${name}') is not supported by HDF5; use 'str' (variable-length UTF-8)`);
  return fail(`unknown dtype '${name}'`);
}

/** Complex numbers are stored as h5py/h5pyd do: a compound of floats `r` and `i`. */
function complexType(bits: number, order: 'LE' | 'BE'): TypeJson {
  return {
    class: 'H5T_COMPOUND',
    fields: [
      { name: 'r', type: floatType(bits, order) },
      { name: 'i', type: floatType(bits, order) },
    ],
  };
}

const NUMPY_CODE: Record<string, string> = { I: 'i', U: 'u', F: 'f' };

/** A numpy-like name for a type: 'float32', '>i8', 'bool', 'S10', 'str', '(3,)float32', … */
export function dtypeName(input: TypeJson | string): string {
  const t = normalizeNested(input);
  switch (t.class) {
    case 'H5T_INTEGER':
    case 'H5T_FLOAT': {
      const m = /^H5T_(?:STD|IEEE)_([IUF])(\d+)(LE|BE)$/.exec(t.base)!;
      const bits = Number(m[2]);
      if (m[3] === 'BE') return `>${NUMPY_CODE[m[1]]}${bits / 8}`;
      return `${m[1] === 'I' ? 'int' : m[1] === 'U' ? 'uint' : 'float'}${bits}`;
    }
    case 'H5T_ENUM':
      return isBoolEnum(t) ? 'bool' : `enum(${dtypeName(t.base)})`;
    case 'H5T_STRING':
      if (t.length === VARIABLE) return t.charSet === 'H5T_CSET_UTF8' ? 'str' : 'ascii';
      return `S${t.length}`;
    case 'H5T_OPAQUE':
      return `V${t.size}`;
    case 'H5T_REFERENCE':
      return t.base === 'H5T_STD_REF_DSETREG' ? 'regionref' : 'ref';
    case 'H5T_VLEN':
      return `vlen(${dtypeName(t.base)})`;
    case 'H5T_ARRAY': {
      const dims = typeof t.dims === 'number' ? [t.dims] : t.dims;
      return `(${dims.join(',')}${dims.length === 1 ? ',' : ''})${dtypeName(t.base)}`;
    }
    case 'H5T_COMPOUND': {
      const complex = complexParts(t);
      if (complex) return complex.order === 'LE' ? `complex${complex.bits * 2}` : `>c${complex.bits / 4}`;
      return `[${t.fields.map((f) => `('${f.name}', '${dtypeName(f.type)}')`).join(', ')}]`;
    }
  }
}

/** Bits and byte order of each part when the type is h5py's complex (compound r, i of one float type). */
function complexParts(t: TypeJson): { bits: number; order: 'LE' | 'BE' } | undefined {
  if (t.class !== 'H5T_COMPOUND' || t.fields.length !== 2 || t.fields[0].name !== 'r' || t.fields[1].name !== 'i') return undefined;
  const [r, i] = t.fields.map((f) => normalizeNested(f.type));
  if (r.class !== 'H5T_FLOAT' || i.class !== 'H5T_FLOAT' || r.base !== i.base) return undefined;
  const m = /F(\d+)(LE|BE)$/.exec(r.base)!;
  return { bits: Number(m[1]), order: m[2] as 'LE' | 'BE' };
}

/**
 * The TypedArray class holding values of a numeric type (integers, floats, non-bool enums); undefined for
 * everything else. float16 values are widened into Float32Array.
 */
export function typedArrayFor(input: TypeJson | string): NumericArrayConstructor | undefined {
  let t = normalizeNested(input);
  if (t.class === 'H5T_ENUM') {
    if (isBoolEnum(t)) return undefined;
    t = normalizeNested(t.base);
  }
  if (t.class === 'H5T_FLOAT') {
    const bits = Number(/F(\d+)/.exec(t.base)![1]);
    return bits === 64 ? Float64Array : Float32Array;
  }
  if (t.class !== 'H5T_INTEGER') return undefined;
  const m = /_([IU])(\d+)/.exec(t.base)!;
  const signed = m[1] === 'I';
  switch (Number(m[2])) {
    case 8:
      return signed ? Int8Array : Uint8Array;
    case 16:
      return signed ? Int16Array : Uint16Array;
    case 32:
      return signed ? Int32Array : Uint32Array;
    default:
      return signed ? BigInt64Array : BigUint64Array;
  }
}

export function isNumericType(t: TypeJson): boolean {
  return typedArrayFor(t) !== undefined;
}

/** The little-endian type whose values a TypedArray holds (Uint8Array → uint8, Float32Array → float32, …). */
export function typeOfTypedArray(a: NumericArray): TypeJson {
  if (a instanceof Float64Array) return floatType(64, 'LE');
  if (a instanceof Float32Array) return floatType(32, 'LE');
  if (a instanceof BigInt64Array) return intType(true, 64, 'LE');
  if (a instanceof BigUint64Array) return intType(false, 64, 'LE');
  const signed = a instanceof Int8Array || a instanceof Int16Array || a instanceof Int32Array;
  return intType(signed, a.BYTES_PER_ELEMENT * 8, 'LE');
}
