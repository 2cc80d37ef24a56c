/**
 * What h5wasm does not tell about an object, read from its object header: a dataset's storage layout,
 * filter pipeline (with flags and client data), fill value and whether its type is a committed one; which
 * attributes use committed types; whether a group lists its links in creation order. Objects are found by
 * address (see H5Reader.address). The file is read by byte ranges through a small block cache.
 */
import { readBTreeV2Records } from './btree-v2.js';
import { ByteSource, openFileSource, withReadCache } from './byte-source.js';
import { ByteReader } from './byte-reader.js';
import { Hdf5FormatError } from './errors.js';
import type { FileContext } from './file-context.js';
import { FractalHeap } from './fractal-heap.js';
import { Hdf5Locator } from './locator.js';
import { decodeFilterPipeline, decodeLayout, decodeSharedMessage } from './messages.js';
import { MESSAGE_FLAG_SHARED, MessageType, readObjectHeader, type HeaderMessage } from './object-header.js';
import type { Hdf5Filter } from './storage-layout.js';
import { readSuperblock } from './superblock.js';

const FILL_VALUE_OLD = 0x04;
const FILL_VALUE = 0x05;
const ATTRIBUTE = 0x0c;
const ATTRIBUTE_INFO = 0x15;
/** v2 B-tree record type of dense attribute name indexes. */
const BTREE_V2_ATTRIBUTE_NAMES = 8;

export interface FillValue {
  /** HDF5's H5D_fill_value_t: no fill value, the library default (zeros), or one the writer set. */
  state: 'undefined' | 'default' | 'user';
  /** The user-defined value as stored (the dataset's type, in file layout and byte order). */
  bytes?: Uint8Array;
}

export interface DatasetProperties {
  layout: 'compact' | 'contiguous' | 'chunked' | 'virtual';
  filters: Hdf5Filter[];
  fill: FillValue;
  /** Address of the committed datatype the dataset's type is, if it is one. */
  committedType?: bigint;
}

export class H5ObjectProperties {
  private constructor(
    private readonly ctx: FileContext,
    private readonly source: ByteSource,
  ) {}

  /** Opens the file's metadata; fails with Hdf5FormatError "not an HDF5 file" for anything else. */
  static async open(path: string): Promise<H5ObjectProperties> {
    const source = withReadCache(await openFileSource(path));
    try {
      const superblock = await readSuperblock(source);
      return new H5ObjectProperties(superblock.context, source);
    } catch (e) {
      await source.close();
      throw e;
    }
  }

  /** The chunk locator of the same file (link mode), sharing this reader's byte cache. */
  locator(): Promise<Hdf5Locator> {
    return Hdf5Locator.open(this.source);
  }

  close(): Promise<void> {
    return this.source.close();
  }

  private header(address: bigint): Promise<HeaderMessage[]> {
    return readObjectHeader(this.ctx, Number(address));
  }

  async dataset(address: bigint): Promise<DatasetProperties> {
    const messages = await this.header(address);
    const at = Number(address);
    const layoutMessage = messages.find((m) => m.type === MessageType.layout);
    if (!layoutMessage) throw new Hdf5FormatError(`object at address ${at} is not a dataset`);
    const pipeline = messages.find((m) => m.type === MessageType.filterPipeline);
    const datatype = messages.find((m) => m.type === MessageType.datatype);
    const props: DatasetProperties = {
      layout: decodeLayout(layoutMessage.data, this.ctx, at).kind,
      filters: pipeline ? decodeFilterPipeline(pipeline.data, this.ctx, at) : [],
      fill: fillValue(messages, this.ctx, at),
    };
    if (datatype && datatype.flags & MESSAGE_FLAG_SHARED) props.committedType = committedAddress(datatype.data, this.ctx, at);
    return props;
  }

  /** Whether a group keeps the creation order of its links (h5py's track_order). */
  async tracksLinkOrder(address: bigint): Promise<boolean> {
    const linkInfo = (await this.header(address)).find((m) => m.type === MessageType.linkInfo);
    return linkInfo !== undefined && (linkInfo.data[1] & 0x01) !== 0;
  }

  /** Attributes of the object whose type is a committed datatype: name → that datatype's address. */
  async attributeTypes(address: bigint): Promise<Map<string, bigint>> {
    const messages = await this.header(address);
    const at = Number(address);
    const bodies = messages.filter((m) => m.type === ATTRIBUTE).map((m) => m.data);
    const info = messages.find((m) => m.type === ATTRIBUTE_INFO);
    if (info) bodies.push(...(await this.denseAttributes(info.data, at)));
    const out = new Map<string, bigint>();
    for (const body of bodies) {
      const attr = attributeHeader(body, this.ctx, at);
      if (attr.committedType !== undefined) out.set(attr.name, attr.committedType);
    }
    return out;
  }

  /** Attribute messages kept in a fractal heap (dense storage), found through the name index. */
  private async denseAttributes(info: Uint8Array, at: number): Promise<Uint8Array[]> {
    const r = new ByteReader(info, this.ctx, 'attribute info message', at);
    r.skip(1);
    const flags = r.u8();
    if (flags & 0x01) r.skip(2); // maximum creation index
    const heapAddress = r.address();
    const nameIndex = r.address();
    if (heapAddress === null || nameIndex === null) return [];
    const [heap, index] = await Promise.all([FractalHeap.open(this.ctx, heapAddress), readBTreeV2Records(this.ctx, nameIndex)]);
    if (index.type !== BTREE_V2_ATTRIBUTE_NAMES) throw new Hdf5FormatError(`attribute name index at ${nameIndex} has record type ${index.type}`);
    // Record: 8-byte heap ID, message flags, creation order, name hash.
    return Promise.all(index.records.map((record) => heap.get(record.subarray(0, 8))));
  }
}

function committedAddress(data: Uint8Array, ctx: FileContext, at: number): bigint | undefined {
  const pointer = decodeSharedMessage(data, ctx, at);
  return pointer.where === 'object-header' ? BigInt(pointer.address) : undefined;
}

/** An attribute message's name, and the committed datatype its type is (versions 1-3). */
function attributeHeader(data: Uint8Array, ctx: FileContext, at: number): { name: string; committedType?: bigint } {
  const r = new ByteReader(data, ctx, 'attribute message', at);
  const version = r.u8();
  const flags = r.u8();
  const nameSize = r.u16();
  const typeSize = r.u16();
  r.skip(2); // dataspace size
  if (version === 3) r.skip(1); // name character set
  const pad = (n: number) => (version === 1 ? Math.ceil(n / 8) * 8 : n);
  const name = new TextDecoder().decode(r.bytesOf(pad(nameSize)).subarray(0, Math.max(0, nameSize - 1)));
  const type = r.bytesOf(typeSize);
  if (version === 1 || !(flags & 0x01)) return { name };
  return { name, committedType: committedAddress(type, ctx, at) };
}

/** The dataset's fill value: the version 1-3 fill value message, else the old one, else the default. */
function fillValue(messages: HeaderMessage[], ctx: FileContext, at: number): FillValue {
  const message = messages.find((m) => m.type === FILL_VALUE);
  if (message) {
    const r = new ByteReader(message.data, ctx, 'fill value message', at);
    const version = r.u8();
    if (version === 3) {
      const flags = r.u8();
      if (flags & 0x10) return { state: 'undefined' };
      if (!(flags & 0x20)) return { state: 'default' };
    } else {
      r.skip(2); // space allocation time, fill value write time
      if (r.u8() === 0) return { state: 'default' };
    }
    const size = r.u32();
    return size > 0 ? { state: 'user', bytes: r.bytesOf(size).slice() } : { state: 'default' };
  }
  const old = messages.find((m) => m.type === FILL_VALUE_OLD);
  if (old) {
    const r = new ByteReader(old.data, ctx, 'fill value message', at);
    const size = r.u32();
    if (size > 0) return { state: 'user', bytes: r.bytesOf(size).slice() };
  }
  return { state: 'default' };
}
