/**
 * Decoders for the object header messages that describe structure and storage: dataspace, datatype size,
 * filter pipeline, data layout, links, link info, symbol table and shared-message pointers.
 */
import { ByteReader, type FieldSizes } from './byte-reader.js';
import { Hdf5FormatError } from './errors.js';
import type { Hdf5Filter } from './storage-layout.js';

const reader = (data: Uint8Array, sizes: FieldSizes, what: string, address: number) =>
  new ByteReader(data, sizes, what, address);

export interface Dataspace {
  readonly dims: number[];
  readonly maxDims: (number | null)[];
}

export function decodeDataspace(data: Uint8Array, sizes: FieldSizes, address: number): Dataspace {
  const r = reader(data, sizes, 'dataspace message', address);
  const version = r.u8();
  if (version !== 1 && version !== 2) throw new Hdf5FormatError(`dataspace message version ${version} is unknown`);
  const rank = r.u8();
  const flags = r.u8();
  if (version === 1) r.skip(5);
  else r.skip(1); // dataspace type: scalar and null spaces have rank 0
  const dims = Array.from({ length: rank }, () => r.length());
  const maxDims = flags & 0x01 ? Array.from({ length: rank }, () => r.lengthOrUnlimited()) : [...dims];
  return { dims, maxDims };
}

/** The datatype's element size in bytes (the only datatype property storage locations depend on). */
export function decodeDatatypeSize(data: Uint8Array, sizes: FieldSizes, address: number): number {
  const r = reader(data, sizes, 'datatype message', address);
  r.skip(4); // class, version and class bit field
  return r.u32();
}

/** The names of HDF5's built-in filters (file messages may leave them out). */
export const BUILTIN_FILTER_NAMES: Record<number, string> = {
  1: 'deflate',
  2: 'shuffle',
  3: 'fletcher32',
  4: 'szip',
  5: 'nbit',
  6: 'scaleoffset',
};

export function decodeFilterPipeline(data: Uint8Array, sizes: FieldSizes, address: number): Hdf5Filter[] {
  const r = reader(data, sizes, 'filter pipeline message', address);
  const version = r.u8();
  if (version !== 1 && version !== 2) {
    throw new Hdf5FormatError(`filter pipeline message version ${version} is unknown`);
  }
  const count = r.u8();
  if (version === 1) r.skip(6);
  const filters: Hdf5Filter[] = [];
  for (let i = 0; i < count; i++) {
    const id = r.u16();
    // Version 2 omits the name length (and name) for the library's own filters (ids below 256).
    const nameLength = version === 1 || id >= 256 ? r.u16() : 0;
    const flags = r.u16();
    const valueCount = r.u16();
    let name: string | undefined;
    if (nameLength > 0) {
      // Version 1 pads the name to a multiple of eight bytes.
      name = r.text(version === 1 ? Math.ceil(nameLength / 8) * 8 : nameLength);
    }
    const clientData = Array.from({ length: valueCount }, () => r.u32());
    if (version === 1 && valueCount % 2 === 1) r.skip(4);
    const filter: Hdf5Filter = { id, flags, clientData };
    const resolvedName = name || BUILTIN_FILTER_NAMES[id];
    if (resolvedName) filter.name = resolvedName;
    filters.push(filter);
  }
  return filters;
}

export const ChunkIndexType = {
  /** Layout messages before version 4 always index chunks with a version 1 B-tree. */
  btreeV1: 0,
  singleChunk: 1,
  implicit: 2,
  fixedArray: 3,
  extensibleArray: 4,
  btreeV2: 5,
} as const;

export type LayoutMessage =
  | { kind: 'compact'; data: Uint8Array }
  | { kind: 'contiguous'; address: number | null; size: number | null }
  | {
      kind: 'chunked';
      version: number;
      flags: number;
      /** Chunk dimensions followed by the element size, as HDF5 stores them. */
      dims: number[];
      indexType: number;
      address: number | null;
      /** Single chunk index with filters: the stored chunk's size and filter mask. */
      singleChunk?: { size: number; filterMask: number };
    }
  | { kind: 'virtual' };

export function decodeLayout(data: Uint8Array, sizes: FieldSizes, address: number): LayoutMessage {
  const r = reader(data, sizes, 'data layout message', address);
  const version = r.u8();
  if (version < 1 || version > 5) throw new Hdf5FormatError(`data layout message version ${version} is unknown`);

  if (version <= 2) {
    const rank = r.u8();
    const layoutClass = r.u8();
    r.skip(5);
    const dataAddress = layoutClass === 0 ? null : r.address();
    const dims = Array.from({ length: rank }, () => r.u32());
    if (layoutClass === 0) return { kind: 'compact', data: r.bytesOf(r.u32()) };
    // Versions 1 and 2 do not store the contiguous size; it follows from the dataspace and datatype.
    if (layoutClass === 1) return { kind: 'contiguous', address: dataAddress, size: null };
    if (layoutClass === 2) {
      return { kind: 'chunked', version, flags: 0, dims, indexType: ChunkIndexType.btreeV1, address: dataAddress };
    }
    throw new Hdf5FormatError(`data layout message has unknown layout class ${layoutClass}`);
  }

  const layoutClass = r.u8();
  switch (layoutClass) {
    case 0:
      return { kind: 'compact', data: r.bytesOf(r.u16()) };
    case 1:
      return { kind: 'contiguous', address: r.address(), size: r.length() };
    case 2: {
      if (version === 3) {
        const rank = r.u8();
        const indexAddress = r.address();
        const dims = Array.from({ length: rank }, () => r.u32());
        return { kind: 'chunked', version, flags: 0, dims, indexType: ChunkIndexType.btreeV1, address: indexAddress };
      }
      const flags = r.u8();
      const rank = r.u8();
      const dimWidth = r.u8();
      if (dimWidth < 1 || dimWidth > 8) {
        throw new Hdf5FormatError(`data layout message has dimension width ${dimWidth}`);
      }
      const dims = Array.from({ length: rank }, () => r.uint(dimWidth));
      const indexType = r.u8();
      let singleChunk: { size: number; filterMask: number } | undefined;
      switch (indexType) {
        case ChunkIndexType.singleChunk:
          // Flag bit 1: the single chunk is filtered, so its stored size and filter mask are recorded here.
          if (flags & 0x02) singleChunk = { size: r.length(), filterMask: r.u32() };
          break;
        case ChunkIndexType.implicit:
          break;
        case ChunkIndexType.fixedArray:
          r.skip(1); // page bits, repeated in the fixed array header
          break;
        case ChunkIndexType.extensibleArray:
          r.skip(5); // creation parameters, repeated in the extensible array header
          break;
        case ChunkIndexType.btreeV2:
          r.skip(6); // node size, split and merge percentages, repeated in the B-tree header
          break;
        default:
          throw new Hdf5FormatError(`data layout message has unknown chunk index type ${indexType}`);
      }
      const chunked: LayoutMessage = { kind: 'chunked', version, flags, dims, indexType, address: r.address() };
      if (singleChunk) chunked.singleChunk = singleChunk;
      return chunked;
    }
    case 3:
      return { kind: 'virtual' };
    default:
      throw new Hdf5FormatError(`data layout message has unknown layout class ${layoutClass}`);
  }
}

export type Link =
  | { name: string; kind: 'hard'; address: number }
  | { name: string; kind: 'soft'; target: string }
  | { name: string; kind: 'external'; file: string; target: string }
  | { name: string; kind: 'user-defined'; linkType: number };

export function decodeLink(data: Uint8Array, sizes: FieldSizes, address: number): Link {
  const r = reader(data, sizes, 'link message', address);
  const version = r.u8();
  if (version !== 1) throw new Hdf5FormatError(`link message version ${version} is unknown`);
  const flags = r.u8();
  const linkType = flags & 0x08 ? r.u8() : 0;
  if (flags & 0x04) r.skip(8); // creation order
  if (flags & 0x10) r.skip(1); // character set of the name
  const nameLength = r.uint(1 << (flags & 0x03));
  const name = new TextDecoder().decode(r.bytesOf(nameLength));
  if (linkType === 0) {
    const target = r.address();
    if (target === null) throw new Hdf5FormatError(`hard link '${name}' has an undefined address`);
    return { name, kind: 'hard', address: target };
  }
  if (linkType === 1) return { name, kind: 'soft', target: r.text(r.u16()) };
  if (linkType === 64) {
    // External link value: a flags byte, then the file name and the object path, each NUL-terminated.
    const value = reader(r.bytesOf(r.u16()), sizes, 'external link value', address);
    value.skip(1);
    const file = value.cString();
    return { name, kind: 'external', file, target: value.cString() };
  }
  return { name, kind: 'user-defined', linkType };
}

export interface LinkInfo {
  /** Fractal heap holding the link messages of a dense group; null when links are compact. */
  readonly heapAddress: number | null;
  readonly nameIndexAddress: number | null;
}

export function decodeLinkInfo(data: Uint8Array, sizes: FieldSizes, address: number): LinkInfo {
  const r = reader(data, sizes, 'link info message', address);
  const version = r.u8();
  if (version !== 0) throw new Hdf5FormatError(`link info message version ${version} is unknown`);
  const flags = r.u8();
  if (flags & 0x01) r.skip(8); // maximum creation index
  return { heapAddress: r.address(), nameIndexAddress: r.address() };
}

export interface SymbolTable {
  readonly btreeAddress: number;
  readonly heapAddress: number;
}

export function decodeSymbolTable(data: Uint8Array, sizes: FieldSizes, address: number): SymbolTable {
  const r = reader(data, sizes, 'symbol table message', address);
  const btreeAddress = r.address();
  const heapAddress = r.address();
  if (btreeAddress === null || heapAddress === null) {
    throw new Hdf5FormatError(`symbol table message of object ${address} has an undefined address`);
  }
  return { btreeAddress, heapAddress };
}

export type SharedMessagePointer =
  | { where: 'object-header'; address: number }
  | { where: 'shared-message-heap'; heapId: Uint8Array };

export function decodeSharedMessage(data: Uint8Array, sizes: FieldSizes, address: number): SharedMessagePointer {
  const r = reader(data, sizes, 'shared message', address);
  const version = r.u8();
  const type = r.u8();
  if (version === 1) r.skip(6);
  else if (version !== 2 && version !== 3) throw new Hdf5FormatError(`shared message version ${version} is unknown`);
  if (version === 3 && type === 1) return { where: 'shared-message-heap', heapId: r.bytesOf(8) };
  const target = r.address();
  if (target === null) throw new Hdf5FormatError(`shared message in object ${address} has an undefined address`);
  return { where: 'object-header', address: target };
}
