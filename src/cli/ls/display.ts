/**
 * How hsls shows things (h5pyd's layout): object class names, dataspace text, attribute values in short
 * form, ACL permission strings.
 */
import { AclEntry, Dataset, Group, isNdArray, Member, NdArray } from '../../client/index.js';
import type { TypeJson } from '../../core/types.js';
import { numpyTypeText, numpyValueText } from './numpy-text.js';

/** h5pyd's class names: a one-dimensional compound dataset is a "Table". */
export function className(obj: Member): 'Group' | 'Dataset' | 'Table' | 'Datatype' {
  if (obj instanceof Group) return 'Group';
  if (obj instanceof Dataset) return obj.ndim === 1 && obj.shape !== null && obj.type.class === 'H5T_COMPOUND' ? 'Table' : 'Dataset';
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

/**
 * An attribute value as h5pyd's hsls prints it: scalars in full, arrays abbreviated to their first element
 * (`[97,...]`) or, beyond one dimension, to `[[...]]`.
 */
export function attributeText(value: unknown, type: TypeJson): string {
  if (value === null) return `Empty(dtype=dtype('${numpyTypeText(type)}'))`;
  if (!isNdArray(value)) return numpyValueText(value, type);
  const arr = value as NdArray;
  const rank = arr.shape.length;
  if (rank > 1) return `${'['.repeat(rank)}...${']'.repeat(rank)}`;
  if (!arr.data.length) return '[]';
  if (arr.shape[0] > 1) return `[${numpyValueText(arr.data[0], arr.type)},...]`;
  return `[${numpyValueText(arr.data[0], arr.type, true)}]`;
}

/** `crudep` with '-' for missing permissions. */
export function permissionText(acl: AclEntry): string {
  const flags: [keyof AclEntry, string][] = [['create', 'c'], ['read', 'r'], ['update', 'u'], ['delete', 'd'], ['readACL', 'e'], ['updateACL', 'p']];
  return flags.map(([k, c]) => (acl[k] ? c : '-')).join('');
}
