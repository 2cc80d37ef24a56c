/**
 * Writes an HDF5 file from scratch (format of HDF5 1.8 and later: superblock version 2, version 2 object
 * headers, links kept in the headers), for hsget: groups (in creation order when asked), committed
 * datatypes, datasets (contiguous, compact or chunked with filters, any REST type, fill values, extensible
 * shapes), attributes, and hard, soft and external links.
 *
 * Use: declare every object, link and attribute; call beginData(), which fixes the size and place of
 * every object header (so that object references in values can be resolved); write dataset values with
 * writeBlock(); close() writes the chunk indexes, then the headers, then the superblock. Values come in the
 * HDF REST binary form; variable-length parts go to the global heap.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { TypeJson } from '../core/types.js';
import { lookup3 } from './checksum.js';
import { writeChunkBTree, type ChunkEntry } from './h5-write-btree.js';
import { ByteBuilder, UNDEFINED_ADDRESS } from './h5-write-buffer.js';
import { datatypeMessage, fileSize } from './h5-write-datatype.js';
import { applyFilters } from './h5-write-filters.js';
import { GlobalHeapWriter } from './h5-write-heap.js';
import {
  attributeMessage,
  chunkedLayoutMessage,
  compactLayoutMessage,
  contiguousLayoutMessage,
  dataspaceMessage,
  FLAG_CONSTANT,
  FLAG_SHARED,
  fillValueMessage,
  filterPipelineMessage,
  groupInfoMessage,
  linkInfoMessage,
  linkMessage,
  LinkTarget,
  MSG,
  PipelineFilter,
  refCountMessage,
  sharedDatatypeMessage,
} from './h5-write-messages.js';
import { convertValues, needsConversion, type FileValueContext } from './h5-write-values.js';

export type DatasetLayoutSpec = { kind: 'contiguous' } | { kind: 'compact' } | { kind: 'chunked'; chunks: number[]; filters: PipelineFilter[] };

export interface DatasetSpec {
  type: TypeJson;
  /** The committed datatype the dataset's type is. */
  committed?: H5Object;
  /** null: a null dataspace; []: scalar. */
  dims: number[] | null;
  /** Maximum extents (null: unlimited); absent for a fixed shape. */
  maxdims?: (number | null)[];
  layout: DatasetLayoutSpec;
  /** A user-defined fill value: one element in REST binary form. */
  fill?: Uint8Array;
  /** Values of a compact dataset, REST binary form. */
  compactData?: Uint8Array;
}

export interface AttributeSpec {
  name: string;
  type: TypeJson;
  committed?: H5Object;
  /** null: a null dataspace; []: scalar. */
  dims: number[] | null;
  /** REST binary values, null for a null dataspace. */
  wire: Uint8Array | null;
}

type Link = { name: string; target: H5Object | { soft: string } | { external: string; path: string } };

export class H5Object {
  address = -1;
  /** Bytes reserved for the object header. */
  headerSize = 0;
  /** Hard links to the object (its reference count). */
  references = 0;
  readonly attributes: AttributeSpec[] = [];
  readonly links: Link[] = [];
  /** Chunked datasets: where each written chunk is. */
  readonly chunks: ChunkEntry[] = [];
  dataAddress?: number;
  btree?: number;

  constructor(
    readonly kind: 'group' | 'dataset' | 'datatype',
    /** Groups: list links in creation order. */
    public trackOrder = false,
    readonly type?: TypeJson,
    readonly dataset?: DatasetSpec,
  ) {}
}

const SUPERBLOCK_SIZE = 48;
/** Largest message body an object header can hold (a 16-bit size field). */
const MAX_MESSAGE = 0xffff;
/** Values a compact layout message can hold (its own fields take 4 bytes). */
export const MAX_COMPACT_DATA = MAX_MESSAGE - 4;
/** Above this many attributes the header records non-default phase change values (stay compact). */
const DEFAULT_MAX_COMPACT_ATTRIBUTES = 8;

interface Message {
  type: number;
  flags: number;
  body: Uint8Array;
}

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

export class H5FileWriter {
  readonly root = new H5Object('group');
  private readonly objects: H5Object[] = [this.root];
  private end = SUPERBLOCK_SIZE;
  private readonly pending = new Set<Promise<unknown>>();
  private failure: unknown;
  private readonly heap: GlobalHeapWriter;
  private readonly values: FileValueContext;
  private started = false;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    /** The object a REST reference ("datasets/d-…") names, for references in values. */
    private readonly resolve: (reference: string) => H5Object | undefined,
  ) {
    this.heap = new GlobalHeapWriter((n) => this.allocate(n), (at, bytes) => this.write(at, bytes));
    this.values = {
      heap: this.heap,
      address: (reference) => {
        const target = this.resolve(reference);
        return target && target.address >= 0 ? target.address : undefined;
      },
    };
  }

  /** Creates (or truncates) the file; `exclusive` fails if it exists. */
  static async create(path: string, resolve: (reference: string) => H5Object | undefined, exclusive = false): Promise<H5FileWriter> {
    return new H5FileWriter(await open(path, exclusive ? 'wx' : 'w'), path, resolve);
  }

  group(options: { trackOrder?: boolean } = {}): H5Object {
    return this.add(new H5Object('group', options.trackOrder));
  }

  datatype(type: TypeJson): H5Object {
    return this.add(new H5Object('datatype', false, type));
  }

  dataset(spec: DatasetSpec): H5Object {
    if (spec.layout.kind === 'compact' && spec.dims && product(spec.dims) * fileSize(spec.type) > MAX_COMPACT_DATA)
      throw new Error(`${product(spec.dims) * fileSize(spec.type)} bytes of values are too many for compact storage`);
    return this.add(new H5Object('dataset', false, spec.type, spec));
  }

  link(group: H5Object, name: string, target: H5Object | { soft: string } | { external: string; path: string }): void {
    if (group.kind !== 'group') throw new Error(`cannot link '${name}' into a ${group.kind}`);
    group.links.push({ name, target });
  }

  /**
   * Adds an attribute; false (and nothing added) when it is too large for an object header, which is where
   * this writer keeps attributes (HDF5's own limit for compact attribute storage, 64 KiB).
   */
  attribute(owner: H5Object, spec: AttributeSpec): boolean {
    const data = spec.dims === null ? 0 : product(spec.dims) * fileSize(spec.type);
    const message = attributeMessage(spec.name, this.datatypeBody(spec.type, spec.committed).body, false, dataspaceMessage(spec.dims), new Uint8Array(0));
    if (message.length + data > MAX_MESSAGE) return false;
    owner.attributes.push(spec);
    return true;
  }

  private add(o: H5Object): H5Object {
    if (this.started) throw new Error('objects must be declared before beginData()');
    this.objects.push(o);
    return o;
  }

  private allocate(size: number): number {
    const at = this.end;
    this.end += Math.ceil(size / 8) * 8;
    return at;
  }

  private write(address: number, bytes: Uint8Array): Promise<unknown> {
    const p: Promise<unknown> = this.fh.write(bytes, 0, bytes.length, address).then(
      () => this.pending.delete(p),
      (e) => {
        this.pending.delete(p);
        this.failure ??= e;
      },
    );
    this.pending.add(p);
    return p;
  }

  private async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Fixes every header's size and address, and the space of contiguous data. */
  beginData(): void {
    this.started = true;
    this.root.references = 1;
    for (const o of this.objects) for (const l of o.links) if (l.target instanceof H5Object) l.target.references++;
    for (const o of this.objects) {
      o.headerSize = this.encodeHeader(o, false).length;
      o.address = this.allocate(o.headerSize);
    }
    for (const o of this.objects) {
      const ds = o.dataset;
      if (ds?.layout.kind === 'contiguous' && ds.dims && product(ds.dims) > 0) o.dataAddress = this.allocate(product(ds.dims) * fileSize(ds.type));
    }
  }

  /** The fill element as stored (zeros when none is set or the type cannot have one). */
  private fillElement(ds: DatasetSpec): Uint8Array {
    const size = fileSize(ds.type);
    if (!ds.fill || needsConversion(ds.type) || ds.fill.length !== size) return new Uint8Array(size);
    return ds.fill;
  }

  /**
   * Writes the values of the hyperslab `start`/`count` of a dataset (REST binary form). For chunked
   * datasets the block must start on a chunk boundary and cover whole chunks, except at the dataset's end.
   */
  async writeBlock(o: H5Object, start: number[], count: number[], wire: Uint8Array): Promise<void> {
    const ds = o.dataset!;
    if (this.failure !== undefined) throw this.failure;
    const size = fileSize(ds.type);
    const bytes = convertValues(ds.type, wire, product(count), this.values);
    const dims = ds.dims!;
    if (ds.layout.kind === 'contiguous') {
      await Promise.all(contiguousRuns(dims, start, count).map(([blockAt, fileAt, n]) => this.write(o.dataAddress! + fileAt * size, bytes.subarray(blockAt * size, (blockAt + n) * size))));
      return;
    }
    if (ds.layout.kind !== 'chunked') throw new Error('values of compact datasets are given when they are declared');
    const { chunks, filters } = ds.layout;
    const fill = this.fillElement(ds);
    const first = start.map((s, d) => Math.floor(s / chunks[d]));
    const last = start.map((s, d) => Math.ceil((s + count[d]) / chunks[d]) - 1);
    const writes: Promise<void>[] = [];
    for (const coords of gridRange(first, last)) {
      const chunk = extractChunk(bytes, count, start, coords, chunks, size, fill);
      if (chunk === undefined) continue;
      writes.push(
        applyFilters(chunk, filters).then(({ data, mask }) => {
          const address = this.allocate(data.length);
          o.chunks.push({ coords, address, size: data.length, filterMask: mask });
          return this.write(address, data).then(() => undefined);
        }),
      );
    }
    await Promise.all(writes);
  }

  /**
   * Writes one chunk as it is stored: `stored` is the chunk (full chunk shape, edge chunks padded) with the
   * dataset's whole filter pipeline already applied (filter mask 0), e.g. a server's stored chunk whose
   * filters match this pipeline byte for byte.
   */
  async writeStoredChunk(o: H5Object, coords: number[], stored: Uint8Array): Promise<void> {
    const ds = o.dataset!;
    if (this.failure !== undefined) throw this.failure;
    if (ds.layout.kind !== 'chunked') throw new Error('stored chunks can only be written to chunked datasets');
    const { chunks } = ds.layout;
    const dims = ds.dims!;
    if (coords.length !== chunks.length || coords.some((c, d) => !Number.isInteger(c) || c < 0 || c * chunks[d] >= dims[d]))
      throw new Error(`chunk [${coords}] is outside the dataset's extent`);
    const address = this.allocate(stored.length);
    o.chunks.push({ coords: [...coords], address, size: stored.length, filterMask: 0 });
    await this.write(address, stored);
  }

  /** Writes chunk indexes, headers and the superblock, and closes the file. */
  async close(): Promise<void> {
    try {
      await this.settle();
      for (const o of this.objects) {
        const ds = o.dataset;
        if (ds?.layout.kind === 'chunked') o.btree = writeChunkBTree(o.chunks, ds.layout.chunks, (n) => this.allocate(n), (at, b) => void this.write(at, b));
      }
      for (const o of this.objects) {
        const header = this.encodeHeader(o, true);
        if (header.length !== o.headerSize) throw new Error(`internal error: object header changed size (${o.headerSize} → ${header.length})`);
        this.write(o.address, header);
      }
      this.heap.flush();
      const sb = new ByteBuilder(SUPERBLOCK_SIZE);
      sb.raw(new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])).u8(2).u8(8).u8(8).u8(0);
      sb.u64(0).u64(UNDEFINED_ADDRESS).u64(this.end).u64(this.root.address);
      sb.u32(lookup3(sb.result()));
      this.write(0, sb.result());
      await this.settle();
      // Space reserved at the very end (a partly used heap collection) must exist in the file.
      await this.fh.truncate(this.end);
    } finally {
      await this.fh.close();
    }
  }

  /** Closes without finishing (the file is left incomplete). */
  async abort(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await this.fh.close();
  }

  /** Values of attributes and compact data: encoded for real only in the final pass. */
  private encodeValues(type: TypeJson, wire: Uint8Array | null | undefined, count: number, final: boolean): Uint8Array {
    if (!final || !wire) return new Uint8Array(count * fileSize(type));
    return convertValues(type, wire, count, this.values);
  }

  private datatypeBody(type: TypeJson, committed: H5Object | undefined): { body: Uint8Array; shared: boolean } {
    if (committed) return { body: sharedDatatypeMessage(Math.max(0, committed.address)), shared: true };
    return { body: datatypeMessage(type), shared: false };
  }

  private messages(o: H5Object, final: boolean): Message[] {
    const out: Message[] = [];
    const add = (type: number, body: Uint8Array, flags = 0) => {
      if (body.length > MAX_MESSAGE) throw new Error(`a header message of ${body.length} bytes is too large for an HDF5 object header`);
      out.push({ type, flags, body });
    };
    if (o.kind === 'group') {
      add(MSG.linkInfo, linkInfoMessage(o.trackOrder, o.links.length));
      add(MSG.groupInfo, groupInfoMessage());
      o.links.forEach((l, i) => {
        const target: LinkTarget = l.target instanceof H5Object ? { hard: Math.max(0, l.target.address) } : l.target;
        add(MSG.link, linkMessage(l.name, target, o.trackOrder ? i : undefined));
      });
    } else if (o.kind === 'datatype') {
      add(MSG.datatype, datatypeMessage(o.type!), FLAG_CONSTANT);
    } else {
      const ds = o.dataset!;
      const dtype = this.datatypeBody(ds.type, ds.committed);
      add(MSG.dataspace, dataspaceMessage(ds.dims, ds.maxdims));
      add(MSG.datatype, dtype.body, FLAG_CONSTANT | (dtype.shared ? FLAG_SHARED : 0));
      add(MSG.fillValue, fillValueMessage(ds.layout.kind, ds.fill && !needsConversion(ds.type) ? ds.fill : undefined), FLAG_CONSTANT);
      const size = fileSize(ds.type);
      const elements = ds.dims ? product(ds.dims) : 0;
      switch (ds.layout.kind) {
        case 'compact':
          add(MSG.layout, compactLayoutMessage(this.encodeValues(ds.type, ds.compactData, elements, final)));
          break;
        case 'contiguous':
          add(MSG.layout, contiguousLayoutMessage(o.dataAddress, elements * size));
          break;
        case 'chunked':
          add(MSG.layout, chunkedLayoutMessage(o.btree, ds.layout.chunks, size));
          if (ds.layout.filters.length) add(MSG.filterPipeline, filterPipelineMessage(ds.layout.filters), FLAG_CONSTANT);
          break;
      }
    }
    if (o.references > 1) add(MSG.refCount, refCountMessage(o.references));
    for (const a of o.attributes) {
      const dtype = this.datatypeBody(a.type, a.committed);
      const elements = a.dims === null ? 0 : product(a.dims);
      add(MSG.attribute, attributeMessage(a.name, dtype.body, dtype.shared, dataspaceMessage(a.dims), this.encodeValues(a.type, a.wire, elements, final)));
    }
    return out;
  }

  private encodeHeader(o: H5Object, final: boolean): Uint8Array {
    const messages = this.messages(o, final);
    const body = messages.reduce((n, m) => n + 4 + m.body.length, 0);
    const widthCode = body < 0x100 ? 0 : body < 0x10000 ? 1 : body < 0x100000000 ? 2 : 3;
    const manyAttributes = o.attributes.length > DEFAULT_MAX_COMPACT_ATTRIBUTES;
    const b = new ByteBuilder(body + 32);
    b.raw(new TextEncoder().encode('OHDR')).u8(2).u8(widthCode | (manyAttributes ? 0x10 : 0));
    if (manyAttributes) b.u16(0xffff).u16(6);
    b.uint(body, 1 << widthCode);
    for (const m of messages) b.u8(m.type).u16(m.body.length).u8(m.flags).raw(m.body);
    b.u32(lookup3(b.result()));
    return b.result();
  }
}

/** Chunk grid coordinates from `first` to `last` inclusive, in C order. */
function* gridRange(first: number[], last: number[]): Generator<number[]> {
  const rank = first.length;
  if (rank === 0 || first.some((f, d) => f > last[d])) return;
  const at = [...first];
  for (;;) {
    yield [...at];
    let d = rank - 1;
    while (d >= 0 && at[d] === last[d]) at[d--] = first[d + 1];
    if (d < 0) return;
    at[d]++;
  }
}

/**
 * One full chunk of a block (`bytes` holds `count` elements starting at `start`), padded with the fill
 * element; undefined when it holds nothing but the fill value (it is then left unwritten).
 */
function extractChunk(bytes: Uint8Array, count: number[], start: number[], coords: number[], chunks: number[], size: number, fill: Uint8Array): Uint8Array | undefined {
  const rank = chunks.length;
  const chunk = new Uint8Array(product(chunks) * size);
  const lo = coords.map((c, d) => c * chunks[d] - start[d]);
  const hi = lo.map((l, d) => Math.min(l + chunks[d], count[d]));
  // Only the part past the block's end needs the fill value, and a fresh array already holds zeros.
  const covered = hi.every((h, d) => h - lo[d] === chunks[d]);
  if (!covered && fill.some((b) => b !== 0)) fillRepeated(chunk, fill);
  const rowLength = (hi[rank - 1] - lo[rank - 1]) * size;
  const idx = [...lo];
  for (;;) {
    let blockAt = 0;
    let chunkAt = 0;
    for (let d = 0; d < rank; d++) {
      blockAt = blockAt * count[d] + idx[d];
      chunkAt = chunkAt * chunks[d] + (idx[d] - lo[d]);
    }
    chunk.set(bytes.subarray(blockAt * size, blockAt * size + rowLength), chunkAt * size);
    let d = rank - 2;
    while (d >= 0 && idx[d] === hi[d] - 1) idx[d--] = lo[d + 1];
    if (d < 0) break;
    idx[d]++;
  }
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== fill[i % size]) return chunk;
  return undefined;
}

/** Fills `target` with copies of `element`, doubling the filled part with each copy. */
function fillRepeated(target: Uint8Array, element: Uint8Array): void {
  if (target.length === 0) return;
  target.set(element.subarray(0, Math.min(element.length, target.length)));
  for (let filled = element.length; filled < target.length; filled *= 2) target.copyWithin(filled, 0, Math.min(filled, target.length - filled));
}

/**
 * The block's elements as runs of consecutive file positions: [index in block, element index in the
 * dataset, length], merging rows that follow each other.
 */
function contiguousRuns(dims: number[], start: number[], count: number[]): [number, number, number][] {
  const rank = dims.length;
  if (rank === 0) return [[0, 0, 1]];
  const runs: [number, number, number][] = [];
  const idx = new Array<number>(rank).fill(0);
  const rowLength = count[rank - 1];
  let blockAt = 0;
  for (;;) {
    let fileAt = 0;
    for (let d = 0; d < rank; d++) fileAt = fileAt * dims[d] + start[d] + idx[d];
    const last = runs[runs.length - 1];
    if (last && last[0] + last[2] === blockAt && last[1] + last[2] === fileAt) last[2] += rowLength;
    else runs.push([blockAt, fileAt, rowLength]);
    blockAt += rowLength;
    let d = rank - 2;
    while (d >= 0 && idx[d] === count[d] - 1) idx[d--] = 0;
    if (d < 0) break;
    idx[d]++;
  }
  return runs;
}
