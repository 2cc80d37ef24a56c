/**
 * Shapes and types of JS values given as data, as numpy would infer them from the equivalent Python values:
 * integer numbers → int64, any fractional number → float64, booleans → bool, strings → str (variable-length
 * UTF-8), BigInts → int64 (uint64 beyond its range), objects → compound, TypedArrays → their own type,
 * NdArrays → their type and shape.
 */
import { TypeJson } from '../core/types.js';
import { BOOL_TYPE, NumericArray, typeOfTypedArray, toType, VLEN_STR_TYPE } from './dtype.js';
import { ArrayData, isNdArray } from './ndarray.js';

export interface ShapedData {
  /** Flat C-order element values. */
  data: ArrayData;
  /** [] for a scalar. */
  shape: number[];
}

export const isTypedArray = (v: unknown): v is NumericArray => ArrayBuffer.isView(v) && !(v instanceof DataView);

/**
 * Flattens data to at most `maxRank` dimensions (Infinity: as deep as arrays go); list levels beyond that are
 * element values (compound elements given as lists, array-type elements). Checks that nesting is rectangular.
 */
export function shapeData(value: unknown, maxRank = Infinity, isElement?: (v: unknown) => boolean): ShapedData {
  if (isNdArray(value)) return { data: value.data, shape: [...value.shape] };
  if (isElement?.(value) || (!Array.isArray(value) && !isTypedArray(value))) return { data: [value], shape: [] };
  if (isTypedArray(value)) return { data: value, shape: [value.length] };
  const shape: number[] = [];
  for (let v: unknown = value; shape.length < maxRank && !isElement?.(v); ) {
    if (Array.isArray(v)) {
      shape.push(v.length);
      if (v.length === 0) break;
      v = v[0];
    } else if (isTypedArray(v)) {
      shape.push(v.length);
      break;
    } else {
      break;
    }
  }
  const flat: unknown[] = [];
  // Rows given as TypedArrays of one class keep that class (numpy keeps float32 rows float32).
  let rowClass: (new (values: ArrayLike<unknown>) => NumericArray) | null | undefined;
  const walk = (v: unknown, depth: number) => {
    if (depth === shape.length) {
      flat.push(v);
      return;
    }
    const n = shape[depth];
    const isList = Array.isArray(v) || isTypedArray(v);
    const len = isList ? (v as ArrayLike<unknown>).length : -1;
    if (len !== n) throw new TypeError(`ragged nested arrays: expected ${n} items at depth ${depth}, found ${isList ? len : 'a scalar'}`);
    if (depth === shape.length - 1) {
      const cls = isTypedArray(v) ? (v.constructor as new (values: ArrayLike<unknown>) => NumericArray) : null;
      rowClass = rowClass === undefined || rowClass === cls ? cls : null;
    }
    for (let i = 0; i < n; i++) walk((v as ArrayLike<unknown>)[i], depth + 1);
  };
  walk(value, 0);
  return { data: rowClass ? new rowClass(flat) : flat, shape };
}

/**
 * For types whose elements are themselves lists (variable-length sequences, opaque bytes), tells an element
 * (a TypedArray, or a list of non-lists) from a level of nesting; undefined for other types.
 */
export function elementTest(base: TypeJson): ((v: unknown) => boolean) | undefined {
  if (base.class !== 'H5T_VLEN' && base.class !== 'H5T_OPAQUE') return undefined;
  return (v) => isTypedArray(v) || (Array.isArray(v) && (v.length === 0 || (!Array.isArray(v[0]) && !isTypedArray(v[0]))));
}

/** The type numpy would give these element values. */
export function inferType(data: ArrayData): TypeJson {
  if (isTypedArray(data)) return typeOfTypedArray(data);
  return inferElements(data);
}

function inferElements(values: readonly unknown[]): TypeJson {
  if (values.length === 0) return toType('float64');
  const kinds = new Set(values.map(kindOf));
  if (kinds.size === 1 && kinds.has('boolean')) return structuredClone(BOOL_TYPE);
  if (kinds.size === 1 && kinds.has('string')) return { ...VLEN_STR_TYPE };
  if ([...kinds].every((k) => k === 'integer' || k === 'bigint' || k === 'boolean')) {
    const big = values.some((v) => typeof v === 'bigint' && v > 2n ** 63n - 1n);
    return toType(big ? 'uint64' : 'int64');
  }
  if ([...kinds].every((k) => k === 'integer' || k === 'float' || k === 'boolean' || k === 'bigint')) return toType('float64');
  if (kinds.size === 1 && kinds.has('object')) return compoundOf(values as Record<string, unknown>[]);
  if (kinds.size === 1 && kinds.has('typed')) return { class: 'H5T_VLEN', base: typeOfTypedArray(values[0] as NumericArray), size: 'H5T_VARIABLE' } as TypeJson;
  throw new TypeError(`cannot infer one dtype for values of kinds ${[...kinds].join(', ')}; give a dtype`);
}

type Kind = 'boolean' | 'string' | 'integer' | 'float' | 'bigint' | 'object' | 'typed' | 'other';

function kindOf(v: unknown): Kind {
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'bigint':
      return 'bigint';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'float';
    case 'object':
      if (v === null) return 'other';
      if (isTypedArray(v)) return 'typed';
      return Array.isArray(v) ? 'other' : 'object';
    default:
      return 'other';
  }
}

function compoundOf(objects: Record<string, unknown>[]): TypeJson {
  const names = Object.keys(objects[0]);
  if (names.length === 0) throw new TypeError('cannot infer a compound dtype from an empty object');
  return {
    class: 'H5T_COMPOUND',
    fields: names.map((name) => {
      const column = objects.map((o) => o[name]);
      const first = column[0];
      if (Array.isArray(first) || isTypedArray(first)) {
        // A fixed-size list per element is an array member, as numpy's ('v', 'f8', (3,)).
        const inner = shapeData(first);
        const base = inferType(column.flatMap((c) => Array.from(shapeData(c).data as ArrayLike<unknown>)));
        return { name, type: { class: 'H5T_ARRAY', dims: inner.shape, base } as TypeJson };
      }
      return { name, type: inferElements(column) };
    }),
  };
}
