/**
 * Chunk objects of datasets: whole chunks in C order (edge chunks padded), encoded by the dataset's filters,
 * one storage object per chunk. Reads go through an LRU cache of decoded chunks; writes to one chunk are
 * serialized (read-modify-write under a per-chunk lock) and durable before they return. A chunk whose content
 * equals the fill value is not stored (reads of a missing chunk give the fill value), as HSDS does.
 */
import { splitStream } from '../../core/codec.js';
import { axisOffsets, copyBytes, copyElements, fillRepeated, forEachRun, packedOffsets } from '../../core/hyperslab.js';
import { isSelectAll, product, Selection, selectionShape } from '../../core/selection.js';
import { fixedSize, isVariable, TypeJson } from '../../core/types.js';
import { PARALLEL_DELETES, type ObjectStore } from '../storage/object-store.js';
import { forEachLimited } from '../async-pool.js';
import { chunkKey, chunkPartition, datasetPrefix } from '../storage/keys.js';
import { badRequest } from '../http/errors.js';
import { KeyLock } from './key-lock.js';
import { LruCache } from './lru-cache.js';
import { chunkCodecFor, ChunkCodec } from './filters/pipeline.js';
import type { FilterJson } from './filters/definitions.js';
import { encodeFillElement } from './fill-value.js';
import type { ChunkLocation, LinkedChunkSource, LinkedChunkReader } from './linked-chunks.js';
import type { Hdf5Filter } from './filters/hdf5-pipeline.js';
import { arangeChunk, ArangeInit, canInitialize, parseInitializer } from './chunk-initializer.js';

/** Everything a data node needs to know about a dataset to read and write its chunks (JSON-serializable). */
export interface ChunkSpec {
  datasetId: string;
  type: TypeJson;
  chunkDims: number[];
  filters?: FilterJson[];
  /** creationProperties.fillValue (JSON form) and its encoding, if any. */
  fillValue?: unknown;
  fillValueEncoding?: string;
  partitionCount?: number;
  /** Set for link-mode layouts (*_REF): chunk bytes come from an HDF5 file. */
  linked?: LinkedChunkSource;
  /** For one chunk of a linked dataset: where its bytes are (resolved by the service layer). */
  located?: ChunkLocation | null;
  /** The HDF5 filter pipeline of a linked dataset. */
  pipeline?: Hdf5Filter[];
  /** creationProperties.initializer: content of chunks never written (see chunk-initializer.ts). */
  initializer?: string[];
}

/** Byte ranges of the compound members a field write covers (JSON-serializable). */
export interface FieldWrite {
  ranges: { offset: number; size: number }[];
}

function mergeFieldBytes(full: Uint8Array, subset: Uint8Array, f: FieldWrite, itemSize: number): void {
  const subsetSize = f.ranges.reduce((s, r) => s + r.size, 0);
  const n = full.length / itemSize;
  for (let i = 0; i < n; i++) {
    let src = i * subsetSize;
    for (const r of f.ranges) {
      full.set(subset.subarray(src, src + r.size), i * itemSize + r.offset);
      src += r.size;
    }
  }
}

/** Decoded chunk: contiguous bytes for fixed-size types, per-element encoded slices for variable-length ones. */
export type ChunkData = Uint8Array | Uint8Array[];

const EMPTY: ChunkData = new Uint8Array(0);

/** Partial reads only when the selection is at most 1/PARTIAL_FRACTION of the chunk… */
const PARTIAL_FRACTION = 4;
/** …and takes at most this many reads after merging nearby runs. */
const PARTIAL_MAX_READS = 64;
const NOT_PARTIAL = Symbol('not partial');

interface Derived {
  init?: ArangeInit;
  variable: boolean;
  itemSize: number;
  elements: number;
  fill: Uint8Array;
  codec: ChunkCodec;
}

export class ChunkStore {
  readonly cache: LruCache<ChunkData>;
  private readonly locks = new KeyLock();
  private readonly derived = new Map<string, Derived>();

  constructor(
    private readonly store: ObjectStore,
    cacheBytes: number,
    private readonly linkedReader?: LinkedChunkReader,
  ) {
    this.cache = new LruCache(cacheBytes);
  }

  private info(spec: ChunkSpec): Derived {
    const k = `${spec.datasetId}:${spec.chunkDims.join(',')}`;
    let d = this.derived.get(k);
    if (!d) {
      const variable = isVariable(spec.type);
      const itemSize = variable ? 0 : fixedSize(spec.type);
      const elements = product(spec.chunkDims);
      const init = parseInitializer(spec.initializer);
      if (init && !canInitialize(spec.type, spec.chunkDims.length)) throw new Error('arange initializer needs a 1-D integer or float dataset');
      d = {
        init,
        variable,
        itemSize,
        elements,
        fill: encodeFillElement(spec.type, spec.fillValue, spec.fillValueEncoding),
        codec: chunkCodecFor(spec.filters, variable ? 1 : itemSize, variable, variable ? 0 : elements * itemSize),
      };
      this.derived.set(k, d);
    }
    return d;
  }

  /** Forget derived state of a dataset (deleted, or its layout changed). */
  forgetDataset(datasetId: string): void {
    for (const k of [...this.derived.keys()]) if (k.startsWith(`${datasetId}:`)) this.derived.delete(k);
  }

  key(spec: ChunkSpec, index: readonly number[]): string {
    return chunkKey(spec.datasetId, index, chunkPartition(index, spec.partitionCount));
  }

  private cacheKey(bucket: string, spec: ChunkSpec, index: readonly number[]): string {
    return `${bucket}/${this.key(spec, index)}`;
  }

  private sizeOf(chunk: ChunkData): number {
    return chunk instanceof Uint8Array ? chunk.length : chunk.reduce((s, e) => s + e.length + 16, 0);
  }

  /** The decoded chunk, or undefined when it was never written. */
  async load(bucket: string, spec: ChunkSpec, index: number[]): Promise<ChunkData | undefined> {
    const ck = this.cacheKey(bucket, spec, index);
    const hit = this.cache.get(ck);
    if (hit) return hit;
    const d = this.info(spec);
    let raw = spec.linked ? await this.readLinked(spec, d) : await this.decodeStored(bucket, spec, index, d);
    if (!raw && d.init) raw = arangeChunk(spec.type, d.init, index[0], spec.chunkDims[0]);
    if (!raw) return undefined;
    const chunk = this.toChunk(raw, spec, d);
    this.cache.set(ck, chunk, this.sizeOf(chunk));
    return chunk;
  }

  private async readLinked(spec: ChunkSpec, d: Derived): Promise<Uint8Array | undefined> {
    // A chunk the file never allocated (no location, or size 0) reads as the fill value.
    if (!spec.located || spec.located.size === 0) return undefined;
    if (!this.linkedReader) throw new Error('this data node cannot read linked files');
    return this.linkedReader.read(spec.located, spec.pipeline ?? [], d.itemSize, d.elements * d.itemSize);
  }

  private async decodeStored(bucket: string, spec: ChunkSpec, index: number[], d: Derived): Promise<Uint8Array | undefined> {
    const stored = await this.store.get(bucket, this.key(spec, index));
    if (!stored) return undefined;
    return d.codec.decode(stored);
  }

  private toChunk(raw: Uint8Array, spec: ChunkSpec, d: Derived): ChunkData {
    if (d.variable) return splitStream(spec.type, raw, d.elements);
    const expected = d.elements * d.itemSize;
    if (raw.length === expected) return raw;
    // Short chunks (e.g. contiguous link-mode reads at end of file) are padded with the fill value.
    if (raw.length < expected) {
      const out = fillRepeated(d.fill, d.elements);
      out.set(raw);
      return out;
    }
    throw new Error(`chunk of ${spec.datasetId} has ${raw.length} bytes, expected ${expected}`);
  }

  private fillChunk(d: Derived): ChunkData {
    return d.variable ? new Array<Uint8Array>(d.elements).fill(d.fill) : fillRepeated(d.fill, d.elements);
  }

  private isAllFill(chunk: ChunkData, d: Derived): boolean {
    if (chunk instanceof Uint8Array) {
      // Native memcmp against a block of fill values.
      const block = fillBlock(d.fill);
      for (let o = 0; o < chunk.length; o += block.length) {
        const n = Math.min(block.length, chunk.length - o);
        if (Buffer.compare(chunk.subarray(o, o + n), block.subarray(0, n)) !== 0) return false;
      }
      return true;
    }
    return chunk.every((e) => e.length === d.fill.length && Buffer.compare(e, d.fill) === 0);
  }

  /**
   * Packed bytes of `sel` (chunk-relative) in C order — a variable-length stream for vlen types — or
   * undefined when the chunk does not exist (the caller supplies the fill value).
   */
  async readSelection(bucket: string, spec: ChunkSpec, index: number[], sel: Selection): Promise<Uint8Array | undefined> {
    const partial = await this.readPartial(bucket, spec, index, sel);
    if (partial !== NOT_PARTIAL) return partial;
    const chunk = await this.load(bucket, spec, index);
    if (!chunk) return undefined;
    const d = this.info(spec);
    const whole = isSelectAll(sel, spec.chunkDims);
    if (chunk instanceof Uint8Array) {
      if (whole) return chunk;
      const shape = selectionShape(sel);
      const out = new Uint8Array(product(shape) * d.itemSize);
      copyBytes(chunk, axisOffsets(sel, spec.chunkDims), out, packedOffsets(shape), d.itemSize);
      return out;
    }
    const shape = selectionShape(sel);
    const picked: Uint8Array[] = new Array(product(shape));
    copyElements(chunk, axisOffsets(sel, spec.chunkDims), picked, packedOffsets(shape));
    return concat(picked);
  }

  /**
   * Reads just the bytes of a small selection from an uncompressed, uncached chunk (as HDF5 does for chunks
   * that bypass its cache): a plane out of a 3-D chunk is one short read instead of the whole chunk.
   * Returns NOT_PARTIAL when reading the whole chunk is the better plan.
   */
  private async readPartial(bucket: string, spec: ChunkSpec, index: number[], sel: Selection): Promise<Uint8Array | undefined | typeof NOT_PARTIAL> {
    if (spec.linked || spec.initializer) return NOT_PARTIAL;
    const d = this.info(spec);
    if (d.variable || !d.codec.identity || this.cache.has(this.cacheKey(bucket, spec, index))) return NOT_PARTIAL;
    const shape = selectionShape(sel);
    const bytes = product(shape) * d.itemSize;
    if (bytes * PARTIAL_FRACTION > d.elements * d.itemSize) return NOT_PARTIAL;
    const runs: [number, number, number][] = [];
    forEachRun(axisOffsets(sel, spec.chunkDims), packedOffsets(shape), d.itemSize, (src, dst, n) => {
      const prev = runs[runs.length - 1];
      if (prev && prev[0] + prev[2] === src && prev[1] + prev[2] === dst) prev[2] += n;
      else runs.push([src, dst, n]);
    });
    // Merge runs separated by gaps cheaper to read than to skip, then compare with reading the whole chunk.
    const cost = this.store.rangeRequestCost;
    const reads: { offset: number; length: number; runs: [number, number, number][] }[] = [];
    for (const r of [...runs].sort((a, b) => a[0] - b[0])) {
      const last = reads[reads.length - 1];
      if (last && r[0] - (last.offset + last.length) <= cost) {
        last.length = Math.max(last.length, r[0] + r[2] - last.offset);
        last.runs.push(r);
      } else {
        reads.push({ offset: r[0], length: r[2], runs: [r] });
      }
      if (reads.length > PARTIAL_MAX_READS) return NOT_PARTIAL;
    }
    const partialCost = reads.reduce((n, rd) => n + rd.length + cost, 0);
    if (partialCost >= d.elements * d.itemSize) return NOT_PARTIAL;
    const parts = await this.store.getRanges(bucket, this.key(spec, index), reads);
    if (!parts) return undefined;
    // One read holding exactly the selection (a plane of a chunk): it is the answer as is.
    if (reads.length === 1 && reads[0].runs.length === 1 && reads[0].length === bytes && parts[0].length === bytes) return parts[0];
    const out = new Uint8Array(bytes);
    reads.forEach((rd, i) => {
      const part = parts[i];
      if (part.length < rd.length) throw new Error(`chunk of ${spec.datasetId} is shorter than its layout`);
      for (const [src, dst, n] of rd.runs) out.set(part.subarray(src - rd.offset, src - rd.offset + n), dst);
    });
    return out;
  }

  /** Values at chunk-relative flat element offsets, packed in the order given. */
  async readPoints(bucket: string, spec: ChunkSpec, index: number[], offsets: number[]): Promise<Uint8Array | undefined> {
    const chunk = await this.load(bucket, spec, index);
    if (!chunk) return undefined;
    const d = this.info(spec);
    if (chunk instanceof Uint8Array) {
      const out = new Uint8Array(offsets.length * d.itemSize);
      offsets.forEach((o, i) => out.set(chunk.subarray(o * d.itemSize, (o + 1) * d.itemSize), i * d.itemSize));
      return out;
    }
    return concat(offsets.map((o) => chunk[o]));
  }

  /**
   * Writes packed `data` into `sel` of the chunk; durable when the promise resolves. With `fields`, `data`
   * holds only those compound members and the other members keep their values.
   */
  writeSelection(bucket: string, spec: ChunkSpec, index: number[], sel: Selection, data: Uint8Array, fields?: FieldWrite): Promise<void> {
    const d = this.info(spec);
    const whole = isSelectAll(sel, spec.chunkDims) && !fields;
    return this.modify(bucket, spec, index, !whole, (chunk) => {
      const shape = selectionShape(sel);
      if (fields) {
        if (d.variable) throw new Error('field writes need a fixed-size type');
        const at = axisOffsets(sel, spec.chunkDims);
        const packed = new Uint8Array(product(shape) * d.itemSize);
        copyBytes(chunk as Uint8Array, at, packed, packedOffsets(shape), d.itemSize);
        mergeFieldBytes(packed, data, fields, d.itemSize);
        copyBytes(packed, packedOffsets(shape), chunk as Uint8Array, at, d.itemSize);
        return chunk;
      }
      if (!d.variable) {
        // Keep a private copy when data is a view into a larger request buffer.
        if (whole) return data.byteLength === data.buffer.byteLength ? data : data.slice();
        copyBytes(data, packedOffsets(shape), chunk as Uint8Array, axisOffsets(sel, spec.chunkDims), d.itemSize);
        return chunk;
      }
      const elems = splitStream(spec.type, data, product(shape));
      if (whole) return elems;
      copyElements(elems, packedOffsets(shape), chunk as Uint8Array[], axisOffsets(sel, spec.chunkDims));
      return chunk;
    });
  }

  /** Writes packed values at chunk-relative flat element offsets. */
  writePoints(bucket: string, spec: ChunkSpec, index: number[], offsets: number[], data: Uint8Array): Promise<void> {
    const d = this.info(spec);
    return this.modify(bucket, spec, index, true, (chunk) => {
      if (!d.variable) {
        const c = chunk as Uint8Array;
        offsets.forEach((o, i) => c.set(data.subarray(i * d.itemSize, (i + 1) * d.itemSize), o * d.itemSize));
      } else {
        const elems = splitStream(spec.type, data, offsets.length);
        offsets.forEach((o, i) => ((chunk as Uint8Array[])[o] = elems[i]));
      }
      return chunk;
    });
  }

  /**
   * Read-modify-write of one chunk under its lock. `apply` gets a private copy of the current content (or
   * the fill value) when `needCurrent`, else a fresh fill chunk.
   */
  private modify(
    bucket: string,
    spec: ChunkSpec,
    index: number[],
    needCurrent: boolean,
    apply: (chunk: ChunkData) => ChunkData,
  ): Promise<void> {
    if (spec.linked) throw new Error('link-mode datasets are read-only');
    const d = this.info(spec);
    const ck = this.cacheKey(bucket, spec, index);
    return this.locks.run(ck, async () => {
      const current = needCurrent ? await this.load(bucket, spec, index) : undefined;
      // Copy so that readers holding the cached chunk never see a half-applied write. Whole-chunk writes
      // (needCurrent false) replace the content and get no base at all.
      const base = current ? current.slice() : needCurrent ? this.fillChunk(d) : EMPTY;
      const next = apply(base);
      const key = this.key(spec, index);
      // With an initializer, a missing chunk does not read as fill: always store.
      if (!d.init && this.isAllFill(next, d)) {
        if (current || !needCurrent) await this.store.delete(bucket, key);
        this.cache.delete(ck);
        return;
      }
      const raw = next instanceof Uint8Array ? next : concat(next);
      const encoded = await d.codec.encode(raw);
      await this.store.put(bucket, key, encoded);
      this.cache.set(ck, next, this.sizeOf(next));
    });
  }

  /**
   * Stores a whole chunk given in its stored form (encoded by the dataset's filters, edge chunks padded),
   * durable when the promise resolves. The bytes are first decoded with this store's own decoder: bytes
   * that fail, or give anything but exactly one chunk, are refused (400) and nothing is stored. Then the
   * chunk is treated as any whole-chunk write: one holding only the fill value is removed; an edge chunk
   * whose padding beyond `extent` (its elements inside the dataset, per dimension) is not the fill value
   * gets the fill value there and is re-encoded; every other chunk is stored byte for byte as given.
   */
  async writeStored(bucket: string, spec: ChunkSpec, index: number[], stored: Uint8Array, extent: number[]): Promise<void> {
    if (spec.linked) throw new Error('link-mode datasets are read-only');
    const d = this.info(spec);
    if (d.variable) throw new Error('stored chunks of variable-length types are not supported');
    let raw: Uint8Array;
    try {
      raw = await d.codec.decode(stored);
    } catch (e) {
      throw badRequest(`the chunk does not decode with the dataset's filters: ${(e as Error).message}`);
    }
    let encoded = stored;
    if (extent.some((n, dim) => n < spec.chunkDims[dim])) {
      const padded = this.withFillPadding(raw, spec, extent, d);
      if (padded !== raw) {
        raw = padded;
        encoded = await d.codec.encode(raw);
      }
    }
    // Cached chunks must not hold on to a larger request buffer.
    if (raw.byteLength !== raw.buffer.byteLength) raw = raw.slice();
    const ck = this.cacheKey(bucket, spec, index);
    const key = this.key(spec, index);
    const allFill = !d.init && this.isAllFill(raw, d);
    await this.locks.run(ck, async () => {
      if (allFill) {
        await this.store.delete(bucket, key);
        this.cache.delete(ck);
        return;
      }
      await this.store.put(bucket, key, encoded);
      this.cache.set(ck, raw, raw.length);
    });
  }

  /** `raw` when its elements beyond `extent` are the fill value, else a copy with them set to it. */
  private withFillPadding(raw: Uint8Array, spec: ChunkSpec, extent: number[], d: Derived): Uint8Array {
    const inside: Selection = extent.map((n) => ({ kind: 'slice', start: 0, stop: n, step: 1 }));
    const at = axisOffsets(inside, spec.chunkDims);
    const padded = fillRepeated(d.fill, d.elements);
    copyBytes(raw, at, padded, at, d.itemSize);
    return Buffer.compare(padded, raw) === 0 ? raw : padded;
  }

  /** A chunk's stored bytes as they are in storage (encoded by the dataset's filters), or undefined. */
  async readStored(bucket: string, spec: ChunkSpec, index: number[]): Promise<Uint8Array | undefined> {
    return this.store.get(bucket, this.key(spec, index));
  }

  /** A chunk holding only the fill value (what an unwritten chunk reads as). */
  fillChunkFor(spec: ChunkSpec): ChunkData {
    return this.fillChunk(this.info(spec));
  }

  /** Read-modify-write of a whole chunk by a function (used for query updates). */
  transform(bucket: string, spec: ChunkSpec, index: number[], apply: (chunk: ChunkData) => ChunkData): Promise<void> {
    return this.modify(bucket, spec, index, true, apply);
  }

  /** Resets a region of an existing chunk to the fill value. */
  fillSelection(bucket: string, spec: ChunkSpec, index: number[], sel: Selection): Promise<void> {
    const d = this.info(spec);
    const n = product(selectionShape(sel));
    const data = d.variable ? concat(new Array<Uint8Array>(n).fill(d.fill)) : fillRepeated(d.fill, n);
    return this.writeSelection(bucket, spec, index, sel, data);
  }

  async deleteChunk(bucket: string, spec: ChunkSpec, index: number[]): Promise<void> {
    const ck = this.cacheKey(bucket, spec, index);
    await this.locks.run(ck, async () => {
      await this.store.delete(bucket, this.key(spec, index));
      this.cache.delete(ck);
    });
  }

  /** Deletes every chunk object of a dataset (its JSON is removed by the caller). */
  async deleteAll(bucket: string, datasetId: string): Promise<void> {
    const prefix = datasetPrefix(datasetId);
    const { objects } = await this.store.list(bucket, prefix);
    const chunks = objects.filter((o) => !o.key.endsWith('.dataset.json'));
    await forEachLimited(chunks, PARALLEL_DELETES, (o) => this.store.delete(bucket, o.key));
    this.cache.deletePrefix(`${bucket}/${prefix}`);
    this.forgetDataset(datasetId);
  }

  /** Existing chunk indices of a dataset (from storage listing). */
  async listIndices(bucket: string, datasetId: string): Promise<number[][]> {
    const prefix = datasetPrefix(datasetId);
    const { objects } = await this.store.list(bucket, prefix);
    return objects
      .map((o) => o.key.slice(o.key.lastIndexOf('/') + 1))
      .filter((name) => /^\d+(_\d+)*$/.test(name))
      .map((name) => name.split('_').map(Number));
  }
}

const FILL_BLOCK_BYTES = 64 * 1024;
const fillBlocks = new Map<string, Uint8Array>();

/** A block of repeated fill elements (whole elements, ~64 KiB), cached per distinct fill. */
function fillBlock(fill: Uint8Array): Uint8Array {
  const key = Buffer.from(fill).toString('base64');
  let b = fillBlocks.get(key);
  if (!b) {
    b = fillRepeated(fill, Math.max(1, Math.floor(FILL_BLOCK_BYTES / Math.max(1, fill.length))));
    if (fillBlocks.size < 256) fillBlocks.set(key, b);
  }
  return b;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

