/**
 * How h5wasm lays out the values it reads, element by element, so they can be re-encoded for the wire.
 *
 * h5wasm reads with a memory type copied from the file type, and when that type's byte order is big-endian
 * it asks HDF5 to make it little-endian first. HDF5 applies such a request (H5Tset_order) to the atomic
 * types underneath: array and sequence types pass it to their base, compounds to each member in turn, and
 * an enum with members refuses it, which stops the request there (members already changed stay changed).
 * The order of a compound is that of its members when they agree, "mixed" otherwise (no conversion).
 * This module replays those rules to know which numbers arrive little-endian and which in file order.
 * Variable-length parts arrive as pointers into the wasm heap: strings as `char*`, sequences as HDF5's
 * `hvl_t` {length, pointer} (4 bytes each on wasm32).
 */
import type { Metadata } from 'h5wasm/node';
import { H5T, hasVariablePart } from './h5-rest-types.js';

export type MemoryNode =
  /** An integer or float; `reverse`: its memory byte order differs from the order it is sent in. */
  | { kind: 'number'; size: number; reverse: boolean }
  /** Fixed-length strings and opaque data, copied as they are. */
  | { kind: 'bytes'; size: number }
  | { kind: 'string' }
  | { kind: 'sequence'; base: MemoryNode; baseSize: number }
  | { kind: 'compound'; size: number; fields: { offset: number; node: MemoryNode }[] }
  | { kind: 'array'; count: number; base: MemoryNode; baseSize: number }
  | { kind: 'reference' }
  /** Region references have no REST form: sent as empty references. */
  | { kind: 'region'; size: number };

/** Bytes of a pointer on wasm32. */
const POINTER_SIZE = 4;
/** HDF5's hvl_t on wasm32: size_t length, void* pointer. */
const HVL_SIZE = 8;

type Order = 'LE' | 'BE' | 'none' | 'mixed';

function byteOrder(md: Metadata): Order {
  switch (md.type) {
    case H5T.integer:
    case H5T.float:
    case H5T.enum:
      return md.littleEndian ? 'LE' : 'BE';
    case H5T.vlen:
      return byteOrder(md.vlen_type!);
    case H5T.array:
      return byteOrder(md.array_type!);
    case H5T.compound: {
      let found: Order = 'none';
      for (const member of md.compound_type!.members) {
        const o = byteOrder(member);
        if (o === 'none') continue;
        if (found === 'none') found = o;
        else if (o !== found) return 'mixed';
      }
      return found;
    }
    default:
      return 'none';
  }
}

/**
 * Replays H5Tset_order(little-endian) on a copy of `md`: adds the numbers it switches to `converted` and
 * returns false where HDF5 refuses (an enum given directly, here or as a compound member).
 */
function convertOrder(md: Metadata, converted: Set<Metadata>): boolean {
  if (md.type === H5T.enum) return false;
  let t = md;
  // Arrays and sequences pass the request to their base; an enum reached that way has its integer changed.
  while (t.type === H5T.vlen || t.type === H5T.array) t = t.type === H5T.vlen ? t.vlen_type! : t.array_type!;
  if (t.type === H5T.compound) return t.compound_type!.members.every((member) => convertOrder(member, converted));
  converted.add(t);
  return true;
}

export interface LayoutOptions {
  /** The values were read by h5wasm (which may switch byte orders), not taken as stored in the file. */
  readByH5wasm: boolean;
  /**
   * HSDS reads the numeric members of compounds with variable-length parts as little-endian in requests,
   * whatever the type says: send them that way.
   */
  littleEndianVariableCompounds?: boolean;
}

/** The memory layout of one element of `md` as h5wasm (or the file) holds it. */
export function memoryLayout(md: Metadata, options: LayoutOptions): MemoryNode {
  const converted = new Set<Metadata>();
  if (options.readByH5wasm && byteOrder(md) === 'BE') convertOrder(md, converted);
  const quirk = options.littleEndianVariableCompounds === true && md.type === H5T.compound && hasVariablePart(md);

  const build = (t: Metadata, inCompoundChain: boolean): MemoryNode => {
    switch (t.type) {
      case H5T.integer:
      case H5T.float:
      case H5T.enum: {
        const memoryLittle = converted.has(t) || t.littleEndian;
        const wireLittle = (quirk && inCompoundChain) || t.littleEndian;
        return { kind: 'number', size: t.size, reverse: memoryLittle !== wireLittle && t.size > 1 };
      }
      case H5T.string:
        return t.vlen ? { kind: 'string' } : { kind: 'bytes', size: t.size };
      case H5T.opaque:
        return { kind: 'bytes', size: t.size };
      case H5T.reference:
        return t.ref_type === 'region' ? { kind: 'region', size: t.size } : { kind: 'reference' };
      case H5T.vlen:
        return { kind: 'sequence', base: build(t.vlen_type!, false), baseSize: t.vlen_type!.size };
      case H5T.array: {
        const base = t.array_type!;
        const count = (base.shape ?? []).reduce((a, b) => a * b, 1);
        return { kind: 'array', count, base: build(base, false), baseSize: base.size };
      }
      case H5T.compound:
        return {
          kind: 'compound',
          size: t.size,
          fields: t.compound_type!.members.map((m) => ({ offset: m.offset, node: build(m, inCompoundChain) })),
        };
      default:
        throw new Error(`no memory layout for HDF5 type class ${t.type}`);
    }
  };
  return build(md, true);
}

/** Whether memory bytes are already the wire bytes: packed, no pointers, references or byte swaps. */
export function isWireIdentical(node: MemoryNode): boolean {
  switch (node.kind) {
    case 'number':
      return !node.reverse;
    case 'bytes':
      return true;
    case 'array':
      return isWireIdentical(node.base);
    case 'compound': {
      let next = 0;
      for (const f of node.fields) {
        if (f.offset !== next || !isWireIdentical(f.node)) return false;
        next += memorySize(f.node);
      }
      return next === node.size;
    }
    default:
      return false;
  }
}

export function memorySize(node: MemoryNode): number {
  switch (node.kind) {
    case 'number':
    case 'bytes':
    case 'compound':
    case 'region':
      return node.size;
    case 'string':
      return POINTER_SIZE;
    case 'sequence':
      return HVL_SIZE;
    case 'array':
      return node.count * node.baseSize;
    case 'reference':
      return 8;
  }
}
