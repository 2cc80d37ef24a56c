/**
 * HDF5 datatypes in their HDF REST JSON form ("type JSON"), as HSDS stores and serves them.
 * Browser-safe: shared by the engine and the client SDK.
 */

export type IntegerBase = `H5T_STD_${'I' | 'U'}${8 | 16 | 32 | 64}${'LE' | 'BE'}`;
export type FloatBase = `H5T_IEEE_F${16 | 32 | 64}${'LE' | 'BE'}`;

export interface IntegerType {
  class: 'H5T_INTEGER';
  base: IntegerBase;
}
export interface FloatType {
  class: 'H5T_FLOAT';
  base: FloatBase;
}
export interface StringType {
  class: 'H5T_STRING';
  charSet: 'H5T_CSET_ASCII' | 'H5T_CSET_UTF8';
  strPad?: 'H5T_STR_NULLPAD' | 'H5T_STR_NULLTERM' | 'H5T_STR_SPACEPAD';
  length: number | 'H5T_VARIABLE';
}
export interface CompoundField {
  name: string;
  type: TypeJson;
}
export interface CompoundType {
  class: 'H5T_COMPOUND';
  fields: CompoundField[];
}
export interface ArrayType {
  class: 'H5T_ARRAY';
  dims: number[];
  base: TypeJson;
}
export interface EnumType {
  class: 'H5T_ENUM';
  base: IntegerType;
  mapping: Record<string, number>;
}
export interface VlenType {
  class: 'H5T_VLEN';
  base: TypeJson;
  size?: 'H5T_VARIABLE';
}
export interface OpaqueType {
  class: 'H5T_OPAQUE';
  size: number;
  tag?: string;
}
export interface ReferenceType {
  class: 'H5T_REFERENCE';
  base: 'H5T_STD_REF_OBJ' | 'H5T_STD_REF_DSETREG';
  length?: number;
}

/** Committed-type copies carry the id of the `t-` object they came from. */
export type TypeJson = (
  | IntegerType
  | FloatType
  | StringType
  | CompoundType
  | ArrayType
  | EnumType
  | VlenType
  | OpaqueType
  | ReferenceType
) & { id?: string };

export const VARIABLE = 'H5T_VARIABLE';

/** Object references are stored as fixed 48-byte strings such as "datasets/d-…". */
export const REFERENCE_SIZE = 48;

export class TypeError_ extends Error {}

const fail = (message: string): never => {
  throw new TypeError_(message);
};

const PREDEFINED = /^H5T_(STD_[IU](8|16|32|64)|IEEE_F(16|32|64))(LE|BE)$/;

const PREDEFINED_NO_ORDER = /^H5T_(STD_[IU](8|16|32|64)|IEEE_F(16|32|64))$/;

/**
 * `"H5T_STD_I32LE"` → `{class: "H5T_INTEGER", base: "H5T_STD_I32LE"}`; anything else throws. Nested inside
 * another type (`lenient`), HSDS also takes names without byte order (h5pyd sends `"H5T_STD_I32"` as the base
 * of vlen sequences), meaning little-endian.
 */
export function predefinedType(name: string, lenient = false): IntegerType | FloatType {
  if (lenient && PREDEFINED_NO_ORDER.test(name)) name += 'LE';
  if (!PREDEFINED.test(name)) fail(`invalid predefined type: ${name}`);
  return name.startsWith('H5T_STD_')
    ? { class: 'H5T_INTEGER', base: name as IntegerBase }
    : { class: 'H5T_FLOAT', base: name as FloatBase };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a type as HSDS does before storing it (a type numpy/h5py could represent) and returns it with
 * predefined-name strings expanded at the top level. Nested predefined strings are allowed (HSDS accepts them)
 * and kept as given. Throws TypeError_ with a specific message.
 */
export function validateType(input: unknown): TypeJson {
  if (typeof input === 'string') return predefinedType(input);
  checkType(input, 'type');
  return input as TypeJson;
}

function checkType(t: unknown, where: string): void {
  if (typeof t === 'string') {
    predefinedType(t, true);
    return;
  }
  if (!isObject(t)) fail(`${where}: expected a type object or predefined type name`);
  const o = t as Record<string, unknown>;
  if (!('class' in o)) fail(`${where}: 'class' not provided`);
  if ('dims' in o && o.class !== 'H5T_ARRAY') fail(`${where}: 'dims' only allowed for H5T_ARRAY`);
  switch (o.class) {
    case 'H5T_INTEGER':
      if (typeof o.base !== 'string' || !/^H5T_STD_[IU]/.test(o.base)) fail(`${where}: invalid integer base`);
      predefinedType(o.base as string, true);
      return;
    case 'H5T_FLOAT':
      if (typeof o.base !== 'string' || !/^H5T_IEEE_F/.test(o.base)) fail(`${where}: invalid float base`);
      predefinedType(o.base as string, true);
      return;
    case 'H5T_STRING':
      if (!('length' in o)) fail(`${where}: 'length' not provided`);
      if (!('charSet' in o)) fail(`${where}: 'charSet' not provided`);
      if (o.charSet !== 'H5T_CSET_ASCII' && o.charSet !== 'H5T_CSET_UTF8') fail(`${where}: unexpected 'charSet' value`);
      if (o.length !== VARIABLE && !(Number.isInteger(o.length) && (o.length as number) > 0))
        fail(`${where}: expecting a positive integer or H5T_VARIABLE for 'length'`);
      if (o.strPad !== undefined && !['H5T_STR_NULLPAD', 'H5T_STR_NULLTERM', 'H5T_STR_SPACEPAD'].includes(o.strPad as string))
        fail(`${where}: unexpected 'strPad' value`);
      return;
    case 'H5T_COMPOUND': {
      if (!Array.isArray(o.fields)) fail(`${where}: expected a list for 'fields'`);
      const fields = o.fields as unknown[];
      if (fields.length === 0) fail(`${where}: no fields provided`);
      const names = new Set<string>();
      for (const f of fields) {
        if (!isObject(f)) fail(`${where}: expected an object for each field`);
        const field = f as Record<string, unknown>;
        if (typeof field.name !== 'string') fail(`${where}: field names must be strings`);
        const name = field.name as string;
        // eslint-disable-next-line no-control-regex
        if (!/^[\x00-\x7f]*$/.test(name)) fail(`${where}: non-ascii field name not allowed`);
        if (names.has(name)) fail(`${where}: duplicate field name: ${name}`);
        names.add(name);
        if (!('type' in field)) fail(`${where}: 'type' missing from field ${name}`);
        checkType(field.type, `field ${name}`);
      }
      return;
    }
    case 'H5T_ARRAY': {
      const dims = typeof o.dims === 'number' ? [o.dims] : o.dims;
      if (!Array.isArray(dims) || dims.length === 0 || !dims.every((d) => Number.isInteger(d) && d > 0))
        fail(`${where}: 'dims' must be a list of positive integers for array types`);
      if (!('base' in o)) fail(`${where}: 'base' not provided`);
      const base = o.base;
      if (isObject(base) && !['H5T_INTEGER', 'H5T_FLOAT', 'H5T_STRING', 'H5T_ARRAY'].includes(base.class as string))
        fail(`${where}: array base type must be integer, float, string, or array`);
      checkType(base, `${where} base`);
      return;
    }
    case 'H5T_ENUM': {
      if (!isObject(o.base) || o.base.class !== 'H5T_INTEGER') fail(`${where}: only integer base types can be used with enum type`);
      checkType(o.base, `${where} base`);
      if (!isObject(o.mapping) || Object.keys(o.mapping).length === 0) fail(`${where}: 'mapping' must be a non-empty object`);
      for (const v of Object.values(o.mapping as object)) if (!Number.isInteger(v)) fail(`${where}: enum values must be integers`);
      return;
    }
    case 'H5T_VLEN':
      if (!('base' in o)) fail(`${where}: 'base' not provided`);
      // A sequence of variable-length elements can be created (HSDS allows it) but not read or written.
      checkType(o.base, `${where} base`);
      return;
    case 'H5T_OPAQUE':
      if (!(Number.isInteger(o.size) && (o.size as number) > 0)) fail(`${where}: 'size' must be a positive integer`);
      return;
    case 'H5T_REFERENCE':
      if (o.base !== 'H5T_STD_REF_OBJ' && o.base !== 'H5T_STD_REF_DSETREG') fail(`${where}: invalid base type for reference type`);
      return;
    default:
      fail(`${where}: invalid type class ${String(o.class)}`);
  }
}

/** Expands predefined-name strings that may appear nested (field types, bases) to objects. */
export function normalizeNested(t: unknown): TypeJson {
  return typeof t === 'string' ? predefinedType(t, true) : (t as TypeJson);
}

/** True when any component has variable length: such types use the length-prefixed binary encoding. */
export function isVariable(t: TypeJson): boolean {
  switch (t.class) {
    case 'H5T_STRING':
      return t.length === VARIABLE;
    case 'H5T_VLEN':
      return true;
    case 'H5T_COMPOUND':
      return t.fields.some((f) => isVariable(normalizeNested(f.type)));
    case 'H5T_ARRAY':
      return isVariable(normalizeNested(t.base));
    default:
      return false;
  }
}

/** Bytes per element for fixed-size types; VARIABLE for anything containing a vlen part. */
export function itemSize(t: TypeJson): number | typeof VARIABLE {
  return isVariable(t) ? VARIABLE : fixedSize(t);
}

/** Bytes per element of a fixed-size type (throws for variable-length types). */
export function fixedSize(t: TypeJson): number {
  switch (t.class) {
    case 'H5T_INTEGER':
    case 'H5T_FLOAT':
      return baseBits(t.base) / 8;
    case 'H5T_ENUM':
      return fixedSize(normalizeNested(t.base));
    case 'H5T_STRING':
      if (t.length === VARIABLE) throw new TypeError_('variable-length string has no fixed size');
      return t.length;
    case 'H5T_OPAQUE':
      return t.size;
    case 'H5T_REFERENCE':
      // HSDS always uses 48 bytes, whatever "length" the type carries.
      return REFERENCE_SIZE;
    case 'H5T_ARRAY':
      return arrayDims(t).reduce((a, b) => a * b, 1) * fixedSize(normalizeNested(t.base));
    case 'H5T_COMPOUND':
      return t.fields.reduce((sum, f) => sum + fixedSize(normalizeNested(f.type)), 0);
    case 'H5T_VLEN':
      throw new TypeError_('variable-length sequence has no fixed size');
  }
}

/** Size used when estimating response sizes: HSDS counts 512 bytes per variable-length element. */
export const VLEN_ESTIMATE = 512;
export function estimatedItemSize(t: TypeJson): number {
  return isVariable(t) ? VLEN_ESTIMATE : fixedSize(t);
}

export function arrayDims(t: ArrayType): number[] {
  return typeof t.dims === 'number' ? [t.dims] : t.dims;
}

export function baseBits(base: string): number {
  const m = /(\d+)(LE|BE)?$/.exec(base);
  if (!m) throw new TypeError_(`invalid base type ${base}`);
  return Number(m[1]);
}

export const isBigEndian = (base: string) => base.endsWith('BE');
export const isSignedInteger = (base: string) => base.startsWith('H5T_STD_I');

/** h5py's bool convention: an enum {FALSE: 0, TRUE: 1} over an 8-bit signed integer. */
export function isBoolEnum(t: TypeJson): boolean {
  if (t.class !== 'H5T_ENUM') return false;
  const base = normalizeNested(t.base) as IntegerType;
  const keys = Object.keys(t.mapping);
  return (
    /^H5T_STD_I8(LE|BE)$/.test(base.base) &&
    keys.length === 2 &&
    t.mapping.FALSE === 0 &&
    t.mapping.TRUE === 1
  );
}

/** Names of the members of a compound type, in declaration order. */
export function fieldNames(t: TypeJson): string[] {
  return t.class === 'H5T_COMPOUND' ? t.fields.map((f) => f.name) : [];
}

/** The compound made of the named fields (HSDS `fields=a:b`), in the order given; throws on unknown names. */
export function subsetFields(t: TypeJson, names: string[]): CompoundType {
  if (t.class !== 'H5T_COMPOUND') throw new TypeError_('fields can only be selected from a compound type');
  return {
    class: 'H5T_COMPOUND',
    fields: names.map((name) => {
      const f = t.fields.find((x) => x.name === name);
      if (!f) throw new TypeError_(`field ${name} is not defined in the dataset type`);
      return f;
    }),
  };
}

export function isNumericClass(t: TypeJson): boolean {
  return t.class === 'H5T_INTEGER' || t.class === 'H5T_FLOAT';
}
