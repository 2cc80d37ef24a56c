/**
 * The fill value of a dataset as one encoded element: what unwritten regions read as. Without a fill value,
 * fixed-size types fill with zero bytes and variable-length parts with empty elements (count 0), as HSDS.
 */
import { ByteWriter, codecFor, ValueError } from '../../core/codec.js';
import { arrayDims, fixedSize, isVariable, normalizeNested, TypeJson } from '../../core/types.js';

function zeroValue(t: TypeJson): unknown {
  switch (t.class) {
    case 'H5T_STRING':
      return '';
    case 'H5T_VLEN':
      return [];
    case 'H5T_COMPOUND':
      return t.fields.map((f) => zeroValue(normalizeNested(f.type)));
    case 'H5T_ARRAY': {
      const n = arrayDims(t).reduce((a, b) => a * b, 1);
      return new Array(n).fill(zeroValue(normalizeNested(t.base)));
    }
    case 'H5T_REFERENCE':
      return '';
    case 'H5T_OPAQUE':
      return [];
    default:
      return 0;
  }
}

export function encodeFillElement(type: TypeJson, fillValue?: unknown, encoding?: string): Uint8Array {
  if (fillValue === undefined || fillValue === null) {
    if (!isVariable(type)) return new Uint8Array(fixedSize(type));
    fillValue = zeroValue(type);
  } else if (encoding === 'base64') {
    if (typeof fillValue !== 'string') throw new ValueError('base64 fill value must be a string');
    if (isVariable(type)) throw new ValueError('base64 fill values are not supported for variable-length types');
    const bytes = Buffer.from(fillValue, 'base64');
    if (bytes.length !== fixedSize(type)) throw new ValueError(`fill value has ${bytes.length} bytes, expected ${fixedSize(type)}`);
    return new Uint8Array(bytes);
  } else if (encoding !== undefined && encoding !== 'None') {
    throw new ValueError(`unexpected value for fillValue_encoding: ${encoding}`);
  }
  const w = new ByteWriter(64);
  codecFor(type).write(w, fillValue);
  return w.result().slice();
}
