/**
 * Inputs of value requests: selections from `select=`/body, point lists (JSON or packed uint64), JSON values
 * into packed bytes, and `element_count` broadcasting — with HSDS's validation and 400 messages.
 */
import { codecFor, encodeValues, flattenValues, ValueError } from '../../../core/codec.js';
import { fillRepeated } from '../../../core/hyperslab.js';
import { parseSelect, parseSelectList, product, Selection, selectionFromBounds } from '../../../core/selection.js';
import { TypeJson } from '../../../core/types.js';
import { badRequest } from '../../http/errors.js';
import type { RequestContext } from '../../http/request-context.js';

export type Body = Record<string, unknown> | undefined;

export function hasSelect(ctx: RequestContext, body: Body): boolean {
  if (ctx.query('select')) return true;
  if (!body) return false;
  return Boolean(body.select) || ['start', 'stop', 'step'].some((k) => body[k] !== undefined && body[k] !== null);
}

/** The selection named by the request, or everything. */
export function selectionOf(ctx: RequestContext, body: Body, dims: number[]): Selection {
  const q = ctx.query('select');
  const b = body?.select;
  if (q && b) throw badRequest('select defined in both request body and query parameters');
  if (b !== undefined && b !== null && b !== '') {
    if (Array.isArray(b)) return parseSelectList(b, dims);
    if (typeof b !== 'string') throw badRequest('select in the body must be a string or a list');
    return parseSelect(b, dims);
  }
  if (q) return parseSelect(q, dims);
  if (body && body.start !== undefined && body.stop !== undefined) return selectionFromBounds(body, dims);
  return parseSelect(undefined, dims);
}

function toPoint(p: unknown, dims: number[]): number[] {
  const rank = dims.length;
  const coords = rank === 1 && !Array.isArray(p) ? [p] : p;
  if (!Array.isArray(coords) || coords.length !== rank) throw badRequest('point value did not match dataset rank');
  return coords.map((c, d) => {
    const n = typeof c === 'bigint' ? Number(c) : c;
    if (!Number.isInteger(n)) throw badRequest('point coordinates must be integers');
    if ((n as number) < 0 || (n as number) >= dims[d]) throw badRequest(`point ${JSON.stringify(coords)} is not within the bounds of the dataset`);
    return n as number;
  });
}

export function pointsFromJson(list: unknown, dims: number[]): number[][] {
  if (!Array.isArray(list)) throw badRequest('expected a list of points');
  return list.map((p) => toPoint(p, dims));
}

/** Packed little-endian uint64 coordinates, `rank` per point (h5pyd's point-selection body). */
export function pointsFromBinary(bytes: Uint8Array, dims: number[]): number[][] {
  if (bytes.length % 8 !== 0) throw badRequest(`point selection of ${bytes.length} bytes is not a multiple of 8`);
  const n = bytes.length / 8;
  if (n % dims.length !== 0) throw badRequest('number of point values is not consistent with dataset rank');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const points: number[][] = [];
  for (let i = 0; i < n; i += dims.length) {
    const p: number[] = [];
    for (let d = 0; d < dims.length; d++) {
      const v = view.getBigUint64((i + d) * 8, true);
      if (v >= BigInt(dims[d])) throw badRequest(`point is not within the bounds of the dataset`);
      p.push(Number(v));
    }
    points.push(p);
  }
  return points;
}

/**
 * JSON input values for `count` elements of `type` as packed bytes. Accepts exactly nested lists, flat lists
 * of the right length, a bare value for a single element, and a compound element given as a flat list.
 */
export function jsonValueBytes(type: TypeJson, shape: number[], value: unknown): Uint8Array {
  const count = product(shape);
  let flat: unknown[];
  if (!Array.isArray(value)) flat = [value];
  else if (count === 1 && type.class === 'H5T_COMPOUND' && value.length === type.fields.length && !value.every(Array.isArray))
    flat = [value];
  else flat = flattenValues(value, Math.max(1, shape.length));
  if (flat.length !== count)
    throw badRequest(`Input data doesn't match selection number of elements. Expected ${count}, but received: ${flat.length}`);
  try {
    return encodeValues(type, flat);
  } catch (e) {
    if (e instanceof ValueError) throw badRequest(`input data doesn't match the dataset type: ${e.message}`);
    throw e;
  }
}

/**
 * HSDS's `element_count`: the input holds 1 element, or as many as the product of the selection's trailing
 * dims; it is repeated to fill the selection. Returns the element count expected in the body.
 */
export function broadcastCount(shape: number[], elementCount: number): number {
  const total = product(shape);
  if (elementCount === total) return total;
  if (elementCount === 1) return 1;
  let trailing = 1;
  for (let d = shape.length - 1; d > 0; d--) {
    trailing *= shape[d];
    if (trailing === elementCount) return elementCount;
  }
  throw badRequest(`element_count ${elementCount} not compatible with selection shape: [${shape.join(',')}]`);
}

/** Repeats a block of packed fixed-size elements (or a vlen stream) to `total` elements. */
export function broadcast(type: TypeJson, block: Uint8Array, blockCount: number, total: number): Uint8Array {
  if (blockCount === total) return block;
  const size = codecFor(type).size;
  if (size === 'H5T_VARIABLE') {
    // A stream cannot be tiled by bytes without its element boundaries; repeat the whole block.
    const reps = total / blockCount;
    const out = new Uint8Array(block.length * reps);
    for (let i = 0; i < reps; i++) out.set(block, i * block.length);
    return out;
  }
  return fillRepeated(block, total / blockCount);
}

export function elementCountOf(ctx: RequestContext, body: Body): number | undefined {
  const raw = body?.element_count ?? ctx.query('element_count');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw badRequest('invalid element_count');
  return n;
}
