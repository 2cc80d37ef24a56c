/**
 * Compound member subsets (`fields=a:b`): byte ranges of the named members inside an element, and copying
 * between full elements and packed subset elements. Fixed-size compounds only.
 */
import { badRequest } from '../../http/errors.js';
import { fixedSize, isVariable, normalizeNested, subsetFields, TypeJson, TypeError_ } from '../../../core/types.js';

export interface FieldRange {
  offset: number;
  size: number;
}

export interface FieldSubset {
  names: string[];
  /** The compound made of the named members, in the order given. */
  type: TypeJson;
  ranges: FieldRange[];
  fullSize: number;
  subsetSize: number;
}

export function fieldSubset(type: TypeJson, spec: string): FieldSubset {
  const names = spec.split(':').filter((n) => n.length > 0);
  if (names.length === 0) throw badRequest('invalid fields selection: no field names');
  let sub: TypeJson;
  try {
    sub = subsetFields(type, names);
  } catch (e) {
    if (e instanceof TypeError_) throw badRequest(`invalid fields selection: ${e.message}`);
    throw e;
  }
  if (isVariable(type)) throw badRequest('fields selection is not supported for compounds with variable-length members');
  const offsets = new Map<string, FieldRange>();
  let o = 0;
  for (const f of (type as { fields: { name: string; type: TypeJson }[] }).fields) {
    const size = fixedSize(normalizeNested(f.type));
    offsets.set(f.name, { offset: o, size });
    o += size;
  }
  const ranges = names.map((n) => offsets.get(n)!);
  return { names, type: sub, ranges, fullSize: o, subsetSize: ranges.reduce((s, r) => s + r.size, 0) };
}

/** Packed subset elements from packed full elements. */
export function projectFields(full: Uint8Array, f: FieldSubset): Uint8Array {
  const n = full.length / f.fullSize;
  const out = new Uint8Array(n * f.subsetSize);
  for (let i = 0; i < n; i++) {
    let dst = i * f.subsetSize;
    const base = i * f.fullSize;
    for (const r of f.ranges) {
      out.set(full.subarray(base + r.offset, base + r.offset + r.size), dst);
      dst += r.size;
    }
  }
  return out;
}
