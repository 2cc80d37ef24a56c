/**
 * Types and values written the way numpy prints them, as h5pyd's hsls shows them: `int32`, `>i4`, `|S6`,
 * `object`, `[('a', '<f4'), ('b', '<i4')]`; `b'text'` for fixed-length strings, `(1, 2.5)` for compound
 * elements, `[0 1 2]` for variable-length sequences.
 */
import { isBoolEnum, normalizeNested, TypeJson } from '../../core/types.js';

/** `str(dtype)` of the numpy dtype h5pyd uses for an HDF5 type. */
export function numpyTypeText(type: TypeJson | string): string {
  const t = normalizeNested(type);
  switch (t.class) {
    case 'H5T_INTEGER':
    case 'H5T_FLOAT': {
      const [, kind, bits, order] = /_([IUF])(\d+)(LE|BE)$/.exec(t.base)!;
      if (order === 'BE' && bits !== '8') return `>${code(kind)}${Number(bits) / 8}`;
      return `${kind === 'I' ? 'int' : kind === 'U' ? 'uint' : 'float'}${bits}`;
    }
    case 'H5T_ENUM':
      return isBoolEnum(t) ? 'bool' : numpyTypeText(t.base);
    case 'H5T_STRING':
      return t.length === 'H5T_VARIABLE' ? 'object' : `|S${t.length}`;
    case 'H5T_OPAQUE':
      return `|V${t.size}`;
    case 'H5T_REFERENCE':
      // h5pyd holds references as 48-byte strings.
      return '|S48';
    case 'H5T_ARRAY':
      return `(${member(t.base)}, ${tuple(arrayDims(t))})`;
    case 'H5T_COMPOUND':
      return `[${t.fields.map((f) => field(f.name, f.type)).join(', ')}]`;
    default:
      return 'object';
  }
}

/** The type as it appears inside a compound type: `'<i4'`, `'|S10'`, `'O'`. */
function member(type: TypeJson | string): string {
  const t = normalizeNested(type);
  switch (t.class) {
    case 'H5T_INTEGER':
    case 'H5T_FLOAT': {
      const [, kind, bits, order] = /_([IUF])(\d+)(LE|BE)$/.exec(t.base)!;
      return `'${bits === '8' ? '' : order === 'BE' ? '>' : '<'}${code(kind)}${Number(bits) / 8}'`;
    }
    case 'H5T_ENUM':
      return isBoolEnum(t) ? "'?'" : member(t.base);
    case 'H5T_STRING':
      return t.length === 'H5T_VARIABLE' ? "'O'" : `'S${t.length}'`;
    case 'H5T_OPAQUE':
      return `'V${t.size}'`;
    case 'H5T_REFERENCE':
      return "'S48'";
    case 'H5T_COMPOUND':
      return numpyTypeText(t);
    default:
      return "'O'";
  }
}

function field(name: string, type: TypeJson | string): string {
  const t = normalizeNested(type);
  if (t.class === 'H5T_ARRAY') return `('${name}', ${member(t.base)}, ${tuple(arrayDims(t))})`;
  return `('${name}', ${member(t)})`;
}

const code = (kind: string) => (kind === 'I' ? 'i' : kind === 'U' ? 'u' : 'f');

function arrayDims(t: { dims: number | number[] }): number[] {
  return typeof t.dims === 'number' ? [t.dims] : t.dims;
}

function tuple(dims: number[]): string {
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/**
 * One element as numpy prints it: `str()` at the top level (strings bare), `repr()` inside a compound
 * element (strings quoted).
 */
export function numpyValueText(value: unknown, type: TypeJson | string, nested = false): string {
  const t = normalizeNested(type);
  switch (t.class) {
    case 'H5T_STRING':
      if (t.length !== 'H5T_VARIABLE') return bytesText(value);
      return nested ? `'${String(value)}'` : String(value);
    case 'H5T_REFERENCE':
      return bytesText(value);
    case 'H5T_INTEGER':
      return String(value);
    case 'H5T_FLOAT':
      return floatText(Number(value), /F(16|32)/.test(t.base));
    case 'H5T_ENUM':
      if (isBoolEnum(t)) return value ? 'True' : 'False';
      return String(value);
    case 'H5T_COMPOUND': {
      const record = (value ?? {}) as Record<string, unknown>;
      const parts = t.fields.map((f) => numpyValueText(record[f.name], f.type, true));
      return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
    }
    case 'H5T_VLEN':
    case 'H5T_ARRAY': {
      const items = value && typeof value === 'object' && 'length' in (value as object) ? Array.from(value as ArrayLike<unknown>) : [value];
      return `[${items.map((x) => numpyValueText(x, t.base, true)).join(' ')}]`;
    }
    default:
      return String(value);
  }
}

function bytesText(value: unknown): string {
  const s = value instanceof Uint8Array ? new TextDecoder('latin1').decode(value) : String(value);
  return `b'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** numpy's shortest repr of a float: `1.0`, `0.1`, `nan`, `inf`, `1e+20`. */
function floatText(v: number, single: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  let s = String(v);
  if (single) {
    for (let digits = 1; digits <= 9; digits++) {
      const candidate = v.toPrecision(digits);
      if (Math.fround(Number(candidate)) === v) {
        s = String(Number(candidate));
        break;
      }
    }
  }
  if (/e/.test(s)) return s.replace(/e([+-])(\d)$/, 'e$10$2');
  return s.includes('.') ? s : `${s}.0`;
}
