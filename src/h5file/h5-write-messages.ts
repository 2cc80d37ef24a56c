/**
 * Bodies of the object header messages the writer emits (HDF5 file format specification, section IV.A.2),
 * in the versions HDF5 1.8 introduced: dataspace v2, fill value v3, data layout v3 (chunks indexed by a
 * version 1 B-tree), filter pipeline v2, link v1, link info v0, group info v0, attribute v3, shared message
 * v3 and object reference count v0.
 */
import { ByteBuilder } from './h5-write-buffer.js';

export const MSG = {
  dataspace: 0x01,
  linkInfo: 0x02,
  datatype: 0x03,
  fillValue: 0x05,
  link: 0x06,
  layout: 0x08,
  groupInfo: 0x0a,
  filterPipeline: 0x0b,
  attribute: 0x0c,
  refCount: 0x16,
} as const;

/** Message flag: the message never changes. */
export const FLAG_CONSTANT = 0x01;
/** Message flag: the body points to a message elsewhere (a committed datatype). */
export const FLAG_SHARED = 0x02;

const UNLIMITED = 0xffffffffffffffffn;

/** `dims` null: a null dataspace; [] a scalar one. `maxdims` entries null for unlimited. */
export function dataspaceMessage(dims: number[] | null, maxdims?: (number | null)[]): Uint8Array {
  const b = new ByteBuilder();
  const rank = dims?.length ?? 0;
  b.u8(2).u8(rank).u8(maxdims ? 0x01 : 0).u8(dims === null ? 2 : rank === 0 ? 0 : 1);
  for (const d of dims ?? []) b.u64(d);
  for (const m of maxdims ?? []) b.u64(m === null ? UNLIMITED : m);
  return b.result();
}

export type LayoutKind = 'compact' | 'contiguous' | 'chunked';

/** Allocation time as HDF5 picks it for the layout; fill written "if set"; the value, if any. */
export function fillValueMessage(layout: LayoutKind, value: Uint8Array | undefined): Uint8Array {
  const alloc = layout === 'compact' ? 1 : layout === 'contiguous' ? 2 : 3;
  const b = new ByteBuilder();
  b.u8(3).u8(alloc | (2 << 2) | (value ? 0x20 : 0));
  if (value) b.u32(value.length).raw(value);
  return b.result();
}

export function compactLayoutMessage(data: Uint8Array): Uint8Array {
  return new ByteBuilder().u8(3).u8(0).u16(data.length).raw(data).result();
}

export function contiguousLayoutMessage(address: number | undefined, size: number): Uint8Array {
  return new ByteBuilder().u8(3).u8(1).address(address).u64(size).result();
}

/** Chunk dimensions are stored followed by the element size. */
export function chunkedLayoutMessage(btree: number | undefined, chunks: number[], elementSize: number): Uint8Array {
  const b = new ByteBuilder().u8(3).u8(2).u8(chunks.length + 1).address(btree);
  for (const c of chunks) b.u32(c);
  return b.u32(elementSize).result();
}

export interface PipelineFilter {
  id: number;
  flags: number;
  clientData: number[];
  name?: string;
}

export function filterPipelineMessage(filters: PipelineFilter[]): Uint8Array {
  const b = new ByteBuilder().u8(2).u8(filters.length);
  for (const f of filters) {
    b.u16(f.id);
    const name = f.id >= 256 ? new TextEncoder().encode(`${f.name ?? `filter ${f.id}`}\0`) : undefined;
    if (name) b.u16(name.length);
    b.u16(f.flags).u16(f.clientData.length);
    if (name) b.raw(name);
    for (const v of f.clientData) b.u32(v);
  }
  return b.result();
}

export type LinkTarget = { hard: number } | { soft: string } | { external: string; path: string };

const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);

export function linkMessage(name: string, target: LinkTarget, creationOrder?: number): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const width = nameBytes.length < 0x100 ? 0 : nameBytes.length < 0x10000 ? 1 : 2;
  const type = 'hard' in target ? 0 : 'soft' in target ? 1 : 64;
  const utf8 = !isAscii(name);
  const b = new ByteBuilder();
  b.u8(1).u8(width | (creationOrder !== undefined ? 0x04 : 0) | (type !== 0 ? 0x08 : 0) | (utf8 ? 0x10 : 0));
  if (type !== 0) b.u8(type);
  if (creationOrder !== undefined) b.u64(creationOrder);
  if (utf8) b.u8(1);
  b.uint(nameBytes.length, 1 << width).raw(nameBytes);
  if ('hard' in target) b.address(target.hard);
  else if ('soft' in target) {
    const path = new TextEncoder().encode(target.soft);
    b.u16(path.length).raw(path);
  } else {
    const value = new ByteBuilder().u8(0).text(target.external).text(target.path).result();
    b.u16(value.length).raw(value);
  }
  return b.result();
}

/** Links kept in the object header (no fractal heap); creation order tracked or not. */
export function linkInfoMessage(trackOrder: boolean, linkCount: number): Uint8Array {
  const b = new ByteBuilder().u8(0).u8(trackOrder ? 0x01 : 0);
  if (trackOrder) b.u64(linkCount);
  return b.address(undefined).address(undefined).result();
}

/** Compact link storage up to the largest count the format allows, so any group stays compact. */
export function groupInfoMessage(): Uint8Array {
  return new ByteBuilder().u8(0).u8(0x01).u16(0xffff).u16(6).result();
}

export function attributeMessage(name: string, datatype: Uint8Array, sharedType: boolean, dataspace: Uint8Array, data: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(`${name}\0`);
  return new ByteBuilder()
    .u8(3)
    .u8(sharedType ? 0x01 : 0)
    .u16(nameBytes.length)
    .u16(datatype.length)
    .u16(dataspace.length)
    .u8(isAscii(name) ? 0 : 1)
    .raw(nameBytes)
    .raw(datatype)
    .raw(dataspace)
    .raw(data)
    .result();
}

/** A pointer to a committed datatype's object header. */
export function sharedDatatypeMessage(address: number): Uint8Array {
  return new ByteBuilder().u8(3).u8(2).address(address).result();
}

export function refCountMessage(count: number): Uint8Array {
  return new ByteBuilder().u8(0).u32(count).result();
}
