/**
 * Chunk initializers (`creationProperties.initializer`): content of chunks never written. HSDS supports
 * `["arange", "--start=a", "--step=b"]` on 1-D integer and float datasets — element i holds a + i·b — so a
 * billion-element index dataset costs no storage until written.
 */
import { ByteWriter, codecFor } from '../../core/codec.js';
import { TypeJson } from '../../core/types.js';

export interface ArangeInit {
  start: number;
  step: number;
}

/** Parses an initializer; undefined when there is none, throws on one the engine does not run. */
export function parseInitializer(init: unknown): ArangeInit | undefined {
  if (init === undefined || init === null) return undefined;
  if (!Array.isArray(init) || init.length === 0 || typeof init[0] !== 'string') throw new Error('initializer must be a list of strings');
  if (init[0] !== 'arange') throw new Error(`unsupported chunk initializer: ${init[0]}`);
  const out: ArangeInit = { start: 0, step: 1 };
  for (const arg of init.slice(1)) {
    const [k, v] = String(arg).split('=');
    if (k === '--start') out.start = Number(v);
    else if (k === '--step') out.step = Number(v);
    if (!Number.isFinite(out.start) || !Number.isFinite(out.step)) throw new Error(`invalid initializer argument ${String(arg)}`);
  }
  return out;
}

export function canInitialize(type: TypeJson, rank: number): boolean {
  return rank === 1 && (type.class === 'H5T_INTEGER' || type.class === 'H5T_FLOAT');
}

/** The encoded content of chunk `index` (1-D) of `length` elements. */
export function arangeChunk(type: TypeJson, init: ArangeInit, index: number, length: number): Uint8Array {
  const integer = type.class === 'H5T_INTEGER';
  let start = init.start + index * length * init.step;
  let step = init.step;
  if (integer) {
    start = Math.trunc(start);
    step = Math.trunc(step);
  }
  const codec = codecFor(type);
  const w = new ByteWriter(length * (codec.size as number));
  for (let i = 0; i < length; i++) codec.write(w, start + i * step);
  return w.result();
}
