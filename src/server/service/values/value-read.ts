/**
 * Reading dataset values: a hyperslab or a point list becomes per-chunk requests to the data nodes, run in
 * parallel, and the answers are placed into one packed block (C order). Chunks never written read as the
 * fill value.
 */
import { hsdsPaddingPerElement, splitStream } from '../../../core/codec.js';
import { axisOffsets, copyBytes, copyElements, fillRepeated, packedOffsets } from '../../../core/hyperslab.js';
import { product, Selection, selectionShape } from '../../../core/selection.js';
import { fixedSize, isVariable, TypeJson } from '../../../core/types.js';
import { concat, type ChunkSpec } from '../../data/chunk-store.js';
import { encodeFillElement } from '../../data/fill-value.js';
import { forEachLimited } from '../../async-pool.js';
import type { DomainRef, ServiceNode } from '../service-node.js';
import { ChunkTask, planChunks, pointInChunk } from './chunk-plan.js';
import { locateChunks } from './linked-locations.js';
import { FieldSubset, projectFields } from './fields.js';

/** Values of a selection: packed fixed-size elements, or a variable-length stream. */
export interface ValueBlock {
  type: TypeJson;
  shape: number[];
  bytes: Uint8Array;
}

export interface ValueSource {
  sn: ServiceNode;
  ref: DomainRef;
  spec: ChunkSpec;
}

function fanOut(sn: ServiceNode): number {
  return sn.config.max_tasks_per_node_per_request * sn.nodes.count;
}

/** Decoded bytes of linked chunks a request may hold in flight at once. */
const LINKED_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

/**
 * Linked chunks are byte ranges of one file: the more of them are asked for together, the more the data
 * node's range coalescer merges into one GET (on S3 each GET costs milliseconds). So all of a request's
 * small linked chunks go out at once, bounded by the memory their decoded bytes take.
 */
function linkedFanOut(sn: ServiceNode, spec: ChunkSpec): number {
  const chunkBytes = product(spec.chunkDims) * (isVariable(spec.type) ? 1 : fixedSize(spec.type));
  return Math.max(fanOut(sn), Math.min(1024, Math.floor(LINKED_IN_FLIGHT_BYTES / Math.max(1, chunkBytes))));
}

/** Chunk reads of one request: each task's answer (undefined for a chunk never written) goes to `place`. */
type ChunkReads = (tasks: Iterable<ChunkTask>, place: (task: ChunkTask, bytes: Uint8Array | undefined) => void) => Promise<void>;

/** Most chunks, and most selected bytes, in one grouped call to the data nodes. */
const GROUP_CHUNKS = 64;
const GROUP_BYTES = 16 * 1024 * 1024;

/**
 * Runs of consecutive tasks, each within GROUP_CHUNKS chunks and GROUP_BYTES selected bytes (`itemSize`
 * 0: variable-length, bounded by count only).
 */
function* taskGroups(tasks: Iterable<ChunkTask>, itemSize: number): Generator<ChunkTask[]> {
  let group: ChunkTask[] = [];
  let bytes = 0;
  for (const task of tasks) {
    const size = itemSize * product(selectionShape(task.local));
    if (group.length > 0 && (group.length >= GROUP_CHUNKS || bytes + size > GROUP_BYTES)) {
      yield group;
      group = [];
      bytes = 0;
    }
    group.push(task);
    bytes += size;
  }
  if (group.length > 0) yield group;
}

/**
 * How a request reads its chunks: one call per chunk, up to the fan-out in flight; or, where the router
 * groups calls per data node (data nodes in other processes), grouped calls, two groups in flight so that
 * one is placed while the next is read.
 */
function chunkReads(src: ValueSource, limit: number, specFor: (index: number[]) => ChunkSpec): ChunkReads {
  const { sn, ref, spec } = src;
  const grouped = sn.nodes.readChunkGroups?.bind(sn.nodes);
  if (grouped && !spec.linked) {
    const itemSize = isVariable(spec.type) ? 0 : fixedSize(spec.type);
    return (tasks, place) =>
      forEachLimited(taskGroups(tasks, itemSize), 2, async (group) => {
        const answers = await grouped(ref.bucket, spec, group.map((t) => t.index), group.map((t) => t.local));
        group.forEach((task, i) => place(task, answers[i]));
      });
  }
  return (tasks, place) =>
    forEachLimited(tasks, limit, async (task) => {
      place(task, await sn.nodes.forChunk(spec.datasetId, task.index).readChunk(ref.bucket, specFor(task.index), task.index, task.local));
    });
}

export async function readHyperslab(src: ValueSource, sel: Selection, fields?: FieldSubset): Promise<ValueBlock> {
  const { sn, ref, spec } = src;
  const shape = selectionShape(sel);
  const count = product(shape);
  const fill = encodeFillElement(spec.type, spec.fillValue, spec.fillValueEncoding);
  let tasks: Iterable<ChunkTask> = planChunks(sel, spec.chunkDims);
  let specFor = (_index: number[]) => spec;
  let limit = fanOut(sn);
  if (spec.linked) {
    limit = linkedFanOut(sn, spec);
    // Linked chunks: resolve every chunk's file location first (chunk tables are read in one go).
    const all = [...tasks];
    const located = await locateChunks(sn, ref, spec, all.map((t) => t.index));
    tasks = all;
    specFor = (index) => located.get(index.join('_'))!;
  }
  const readChunks = chunkReads(src, limit, specFor);
  if (!isVariable(spec.type)) {
    const itemSize = fixedSize(spec.type);
    const out = fillRepeated(fill, count);
    await readChunks(tasks, (task, bytes) => {
      if (bytes) copyBytes(bytes, packedOffsets(selectionShape(task.local)), out, axisOffsets(task.out, shape), itemSize);
    });
    return fields ? { type: fields.type, shape, bytes: projectFields(out, fields) } : { type: spec.type, shape, bytes: out };
  }
  const elems = new Array<Uint8Array>(count).fill(fill);
  await readChunks(tasks, (task, bytes) => {
    if (!bytes) return;
    const localShape = selectionShape(task.local);
    copyElements(splitStream(spec.type, bytes, product(localShape)), packedOffsets(localShape), elems, axisOffsets(task.out, shape));
  });
  return { type: spec.type, shape, bytes: withHsdsPadding(spec.type, concat(elems), count) };
}

/** Variable-length answers end with HSDS's zero padding (see hsdsPaddingPerElement). */
function withHsdsPadding(type: TypeJson, stream: Uint8Array, count: number): Uint8Array {
  const pad = hsdsPaddingPerElement(type) * count;
  if (pad === 0) return stream;
  const out = new Uint8Array(stream.length + pad);
  out.set(stream);
  return out;
}

/** Values at the given points (each a full coordinate), in the order given. */
export async function readPoints(src: ValueSource, points: number[][], fields?: FieldSubset): Promise<ValueBlock> {
  const { sn, ref, spec } = src;
  const byChunk = new Map<string, { index: number[]; offsets: number[]; positions: number[] }>();
  points.forEach((p, i) => {
    const { index, offset } = pointInChunk(p, spec.chunkDims);
    const key = index.join('_');
    let g = byChunk.get(key);
    if (!g) byChunk.set(key, (g = { index, offsets: [], positions: [] }));
    g.offsets.push(offset);
    g.positions.push(i);
  });
  const fill = encodeFillElement(spec.type, spec.fillValue, spec.fillValueEncoding);
  const located = spec.linked ? await locateChunks(sn, ref, spec, [...byChunk.values()].map((g) => g.index)) : undefined;
  const variable = isVariable(spec.type);
  const itemSize = variable ? 0 : fixedSize(spec.type);
  const out = variable ? undefined : fillRepeated(fill, points.length);
  const elems = variable ? new Array<Uint8Array>(points.length).fill(fill) : undefined;
  await forEachLimited(byChunk.values(), spec.linked ? linkedFanOut(sn, spec) : fanOut(sn), async (g) => {
    const gspec = located ? located.get(g.index.join('_'))! : spec;
    const bytes = await sn.nodes.forChunk(spec.datasetId, g.index).readChunkPoints(ref.bucket, gspec, g.index, g.offsets);
    if (!bytes) return;
    if (out) g.positions.forEach((pos, i) => out.set(bytes.subarray(i * itemSize, (i + 1) * itemSize), pos * itemSize));
    else splitStream(spec.type, bytes, g.positions.length).forEach((e, i) => (elems![g.positions[i]] = e));
  });
  const bytes = out ?? withHsdsPadding(spec.type, concat(elems!), points.length);
  return fields ? { type: fields.type, shape: [points.length], bytes: projectFields(bytes, fields) } : { type: spec.type, shape: [points.length], bytes };
}
