/**
 * Writing dataset values: the packed input block of a selection is cut into per-chunk pieces and sent to
 * the data nodes in parallel; each piece is durable when its data node answers, so the request is durable
 * when all are.
 */
import { splitStream } from '../../../core/codec.js';
import { axisOffsets, copyBytes, copyElements, packedOffsets } from '../../../core/hyperslab.js';
import { isSelectAll, product, Selection, selectionShape } from '../../../core/selection.js';
import { fixedSize, isVariable } from '../../../core/types.js';
import { concat } from '../../data/chunk-store.js';
import { forEachLimited } from '../../async-pool.js';
import { planChunks, pointInChunk } from './chunk-plan.js';
import type { FieldSubset } from './fields.js';
import type { ValueSource } from './value-read.js';

function fanOut(src: ValueSource): number {
  return src.sn.config.max_tasks_per_node_per_request * src.sn.nodes.count;
}

/** `data`: packed elements of the selection (of the field subset when `fields`), or a vlen stream. */
export async function writeHyperslab(src: ValueSource, sel: Selection, data: Uint8Array, fields?: FieldSubset): Promise<void> {
  const { sn, ref, spec } = src;
  const shape = selectionShape(sel);
  const fieldWrite = fields ? { ranges: fields.ranges } : undefined;
  const variable = isVariable(spec.type);
  const itemSize = fields ? fields.subsetSize : variable ? 0 : fixedSize(spec.type);
  const elems = variable ? splitStream(spec.type, data, product(shape)) : undefined;
  await forEachLimited(planChunks(sel, spec.chunkDims), fanOut(src), async (task) => {
    const localShape = selectionShape(task.local);
    let piece: Uint8Array;
    if (elems) {
      const picked = new Array<Uint8Array>(product(localShape));
      copyElements(elems, axisOffsets(task.out, shape), picked, packedOffsets(localShape));
      piece = concat(picked);
    } else if (isSelectAll(task.out, shape)) {
      piece = data;
    } else {
      piece = new Uint8Array(product(localShape) * itemSize);
      copyBytes(data, axisOffsets(task.out, shape), piece, packedOffsets(localShape), itemSize);
    }
    await sn.nodes.forChunk(spec.datasetId, task.index).writeChunk(ref.bucket, spec, task.index, task.local, piece, fieldWrite);
  });
}

/** Writes one value per point; `data` holds the values in point order. */
export async function writePoints(src: ValueSource, points: number[][], data: Uint8Array): Promise<void> {
  const { sn, ref, spec } = src;
  const variable = isVariable(spec.type);
  const itemSize = variable ? 0 : fixedSize(spec.type);
  const elems = variable ? splitStream(spec.type, data, points.length) : undefined;
  // Later points win over earlier ones at the same position, as a sequential write would.
  const byChunk = new Map<string, { index: number[]; offsets: Map<number, number> }>();
  points.forEach((p, i) => {
    const { index, offset } = pointInChunk(p, spec.chunkDims);
    const key = index.join('_');
    let g = byChunk.get(key);
    if (!g) byChunk.set(key, (g = { index, offsets: new Map() }));
    g.offsets.set(offset, i);
  });
  await forEachLimited(byChunk.values(), fanOut(src), async (g) => {
    const offsets = [...g.offsets.keys()];
    const which = [...g.offsets.values()];
    const piece = elems
      ? concat(which.map((i) => elems[i]))
      : concat(which.map((i) => data.subarray(i * itemSize, (i + 1) * itemSize)));
    await sn.nodes.forChunk(spec.datasetId, g.index).writeChunkPoints(ref.bucket, spec, g.index, offsets, piece);
  });
}
