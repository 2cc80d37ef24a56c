/** Element sizes as h5pyd reports them. */
import { normalizeNested, TypeJson } from '../../core/types.js';

/** Bytes per element as h5pyd counts them (variable-length items are 8-byte pointers, references 48-byte strings). */
export function elementBytes(type: TypeJson | string): number {
  const t = normalizeNested(type);
  switch (t.class) {
    case 'H5T_INTEGER':
    case 'H5T_FLOAT':
      return Number(/(\d+)(LE|BE)$/.exec(t.base)![1]) / 8;
    case 'H5T_STRING':
      return t.length === 'H5T_VARIABLE' ? 8 : t.length;
    case 'H5T_ENUM':
      return elementBytes(normalizeNested(t.base));
    case 'H5T_OPAQUE':
      return t.size;
    case 'H5T_ARRAY': {
      const dims = typeof t.dims === 'number' ? [t.dims] : t.dims;
      return dims.reduce((a, b) => a * b, 1) * elementBytes(normalizeNested(t.base));
    }
    case 'H5T_REFERENCE':
      return 48;
    case 'H5T_COMPOUND':
      return t.fields.reduce((sum, f) => sum + elementBytes(normalizeNested(f.type)), 0);
    default:
      return 8;
  }
}
