/**
 * HDF5 datatypes as h5wasm describes them (its `Metadata`) → HDF REST type JSON, the form HSDS stores.
 * Types the REST API cannot express (bitfields, times, long doubles, odd integer sizes, sequences of
 * variable-length types) raise UnsupportedTypeError naming the problem.
 */
import type { Metadata } from 'h5wasm/node';
import type { IntegerType, TypeJson } from '../core/types.js';

export class UnsupportedTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedTypeError';
  }
}

/** HDF5's H5T_class_t values as h5wasm reports them in `Metadata.type`. */
export const H5T = {
  integer: 0,
  float: 1,
  time: 2,
  string: 3,
  bitfield: 4,
  opaque: 5,
  compound: 6,
  reference: 7,
  enum: 8,
  vlen: 9,
  array: 10,
} as const;

const CLASS_NAMES: Record<number, string> = { 2: 'time', 4: 'bitfield' };
const STRING_PADS = ['H5T_STR_NULLTERM', 'H5T_STR_NULLPAD', 'H5T_STR_SPACEPAD'] as const;

const order = (md: Metadata) => (md.littleEndian ? 'LE' : 'BE');

function integerType(md: Metadata): IntegerType {
  if (![1, 2, 4, 8].includes(md.size)) throw new UnsupportedTypeError(`${md.size}-byte integers are not supported`);
  return { class: 'H5T_INTEGER', base: `H5T_STD_${md.signed ? 'I' : 'U'}${(md.size * 8) as 8}${order(md)}` };
}

/** Whether the type has a variable-length part anywhere (such data arrives as pointers). */
export function hasVariablePart(md: Metadata): boolean {
  switch (md.type) {
    case H5T.string:
      return md.vlen;
    case H5T.vlen:
      return true;
    case H5T.compound:
      return md.compound_type!.members.some(hasVariablePart);
    case H5T.array:
      return hasVariablePart(md.array_type!);
    default:
      return false;
  }
}

/** The HDF REST type JSON of an HDF5 datatype. */
export function restType(md: Metadata): TypeJson {
  switch (md.type) {
    case H5T.integer:
      return integerType(md);
    case H5T.float:
      if (![2, 4, 8].includes(md.size)) throw new UnsupportedTypeError(`${md.size * 8}-bit floats are not supported`);
      return { class: 'H5T_FLOAT', base: `H5T_IEEE_F${(md.size * 8) as 32}${order(md)}` };
    case H5T.string: {
      const charSet = md.cset === 1 ? 'H5T_CSET_UTF8' : 'H5T_CSET_ASCII';
      const strPad = STRING_PADS[md.strpad ?? 0] ?? 'H5T_STR_NULLTERM';
      return { class: 'H5T_STRING', charSet, strPad, length: md.vlen ? 'H5T_VARIABLE' : md.size };
    }
    case H5T.opaque:
      return { class: 'H5T_OPAQUE', size: md.size, tag: '' };
    case H5T.compound:
      return {
        class: 'H5T_COMPOUND',
        fields: md.compound_type!.members.map((m) => ({ name: m.name, type: restType(m) })),
      };
    case H5T.reference:
      return { class: 'H5T_REFERENCE', base: md.ref_type === 'region' ? 'H5T_STD_REF_DSETREG' : 'H5T_STD_REF_OBJ' };
    case H5T.enum:
      return { class: 'H5T_ENUM', base: integerType(md), mapping: { ...md.enum_type!.members } };
    case H5T.vlen: {
      const base = md.vlen_type!;
      if (hasVariablePart(base)) throw new UnsupportedTypeError('sequences of variable-length elements are not supported');
      return { class: 'H5T_VLEN', base: restType(base) };
    }
    case H5T.array: {
      const base = md.array_type!;
      return { class: 'H5T_ARRAY', dims: [...(base.shape ?? [])], base: restType({ ...base, shape: [] }) };
    }
    default:
      throw new UnsupportedTypeError(`HDF5 ${CLASS_NAMES[md.type] ?? `class ${md.type}`} types are not supported`);
  }
}
