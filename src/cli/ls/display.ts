/**
 * How hsls shows things (h5pyd's layout): object class names, dataspace text, attribute values in short
 * Python-like form, ACL permission strings.
 */
import { AclEntry, Dataset, Group, isNdArray, Member, NdArray } from '../../client/index.js';

/** h5pyd's class names: a one-dimensional compound dataset is a "Table". */
export function className(obj: Member): 'Group' | 'Dataset' | 'Table' | 'Datatype' {
  if (obj instanceof Group) return 'Group';
  if (obj instanceof Dataset) {
    const complex = /^(complex|>c)/.test(obj.dtype);
    return obj.ndim === 1 && obj.shape !== null && obj.type.class === 'H5T_COMPOUND' && !complex ? 'Table' : 'Dataset';
  }
  return 'Datatype';
}

/** `{10, 10}`, `{{SCALAR}}`, `{NULL}`; with maxima `{10/Inf, 10/10}`. */
export function shapeText(dset: Dataset, withMax: boolean): string {
  const shape = dset.shape;
  if (shape === null) return '{NULL}';
  if (shape.length === 0) return '{{SCALAR}}';
  const max = dset.maxshape ?? shape;
  return `{${shape.map((n, i) => (withMax ? `${n}/${max[i] === null ? 'Inf' : max[i]}` : `${n}`)).join(', ')}}`;
}

/** An attribute value as h5pyd's hsls prints it: scalars in full, arrays abbreviated (`[97,...]`, `[[...]]`). */
export function attributeText(value: unknown, dtype: string): string {
  if (value === null) return `Empty(dtype=${dtype})`;
  if (!isNdArray(value)) return pyValue(value);
  const arr = value as NdArray;
  const rank = arr.shape.length;
  if (rank > 1) return `${'['.repeat(rank)}...${']'.repeat(rank)}`;
  const first = arr.data.length ? pyValue(arr.data[0], arr.dtype) : '';
  if (rank === 1 && arr.shape[0] > 1) return `[${first},...]`;
  return rank === 0 ? first : `[${first}]`;
}

/** One value as Python prints it: True/False, 1.0, (1, 'a') for compound elements. */
export function pyValue(v: unknown, dtype = ''): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return pyFloat(v, dtype);
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return 'None';
  if (v instanceof Uint8Array) return `b'${Array.from(v, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')}'`;
  if (Array.isArray(v)) return `[${v.map((x) => pyValue(x)).join(', ')}]`;
  if (isNdArray(v)) return `[${Array.from(v.data as ArrayLike<unknown>, (x) => pyValue(x, v.dtype)).join(' ')}]`;
  if (typeof v === 'object') return `(${Object.values(v as Record<string, unknown>).map((x) => pyValue(x)).join(', ')})`;
  return String(v);
}

function pyFloat(v: number, dtype: string): string {
  if (!/float|>f/.test(dtype)) return Number.isInteger(v) ? String(v) : shortest(v, dtype);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  return shortest(v, dtype);
}

/** The shortest decimal that reads back as the same float32 (numpy's repr); float64 as JS prints it. */
function shortest(v: number, dtype: string): string {
  if (!/32|16|f4|f2/.test(dtype)) return String(v);
  for (let digits = 1; digits <= 9; digits++) {
    const s = v.toPrecision(digits);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** `crudep` with '-' for missing permissions. */
export function permissionText(acl: AclEntry): string {
  const flags: [keyof AclEntry, string][] = [['create', 'c'], ['read', 'r'], ['update', 'u'], ['delete', 'd'], ['readACL', 'e'], ['updateACL', 'p']];
  return flags.map(([k, c]) => (acl[k] ? c : '-')).join('');
}
