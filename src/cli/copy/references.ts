/**
 * Object references in copied values: a reference names an object of the source domain by id
 * ("datasets/d-…"), which the copy must replace with the id of the corresponding new object.
 */
import type { TypeJson } from '../../core/types.js';

const OBJECT_ID = /\b[gdt]-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{6}-[0-9a-f]{6}\b/g;

/** Whether values of this type can hold object references. */
export function holdsReferences(t: TypeJson | string): boolean {
  if (typeof t === 'string') return false;
  switch (t.class) {
    case 'H5T_REFERENCE':
      return true;
    case 'H5T_COMPOUND':
      return t.fields.some((f) => holdsReferences(f.type as TypeJson));
    case 'H5T_ARRAY':
    case 'H5T_VLEN':
      return holdsReferences(t.base as TypeJson);
    default:
      return false;
  }
}

/** A copy of `value` with every source object id replaced through `idMap` (ids not in it are kept). */
export function remapReferences<T>(value: T, idMap: ReadonlyMap<string, string>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(OBJECT_ID, (id) => idMap.get(id) ?? id);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
