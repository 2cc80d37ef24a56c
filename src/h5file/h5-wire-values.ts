/**
 * Values as h5wasm holds them in memory → the HDF REST binary form: C-order elements, compounds packed,
 * numbers in the byte order the type names, each variable-length part as an int32 little-endian byte count
 * and the bytes, object references as 48-byte "datasets/d-…" strings.
 */
import { REFERENCE_SIZE } from '../core/types.js';
import { isWireIdentical, MemoryNode, memorySize } from './h5-memory-layout.js';

export interface WireContext {
  /** The wasm heap, where variable-length data lives (fetch it after the read: the heap may have grown). */
  heap: Uint8Array;
  /** The REST form of an object reference (a file address): "groups/g-…", or '' when unknown. */
  reference(address: bigint): string;
}

/** Bytes of one element on the wire, or undefined when it varies. */
export function wireSize(node: MemoryNode): number | undefined {
  switch (node.kind) {
    case 'number':
    case 'bytes':
      return node.size;
    case 'reference':
    case 'region':
      return REFERENCE_SIZE;
    case 'string':
    case 'sequence':
      return undefined;
    case 'array': {
      const base = wireSize(node.base);
      return base === undefined ? undefined : base * node.count;
    }
    case 'compound': {
      let total = 0;
      for (const f of node.fields) {
        const size = wireSize(f.node);
        if (size === undefined) return undefined;
        total += size;
      }
      return total;
    }
  }
}

class Output {
  bytes: Uint8Array;
  pos = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }
  reserve(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.pos + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
  }
  count(n: number): void {
    this.reserve(4);
    new DataView(this.bytes.buffer).setUint32(this.pos, n, true);
    this.pos += 4;
  }
}

const ascii = new TextEncoder();

function copyNumber(src: Uint8Array, at: number, size: number, reverse: boolean, out: Output): void {
  out.reserve(size);
  if (!reverse) out.bytes.set(src.subarray(at, at + size), out.pos);
  else for (let i = 0; i < size; i++) out.bytes[out.pos + i] = src[at + size - 1 - i];
  out.pos += size;
}

function encodeElement(node: MemoryNode, src: Uint8Array, at: number, ctx: WireContext, out: Output): void {
  switch (node.kind) {
    case 'number':
      return copyNumber(src, at, node.size, node.reverse, out);
    case 'bytes':
      out.reserve(node.size);
      out.bytes.set(src.subarray(at, at + node.size), out.pos);
      out.pos += node.size;
      return;
    case 'string': {
      const pointer = new DataView(src.buffer, src.byteOffset).getUint32(at, true);
      const heap = ctx.heap;
      let end = pointer;
      if (pointer !== 0) while (heap[end] !== 0) end++;
      out.count(end - pointer);
      out.reserve(end - pointer);
      out.bytes.set(heap.subarray(pointer, end), out.pos);
      out.pos += end - pointer;
      return;
    }
    case 'sequence': {
      const view = new DataView(src.buffer, src.byteOffset);
      const length = view.getUint32(at, true);
      const pointer = view.getUint32(at + 4, true);
      const start = out.pos;
      out.count(0);
      for (let i = 0; i < length; i++) encodeElement(node.base, ctx.heap, pointer + i * node.baseSize, ctx, out);
      new DataView(out.bytes.buffer).setUint32(start, out.pos - start - 4, true);
      return;
    }
    case 'array':
      for (let i = 0; i < node.count; i++) encodeElement(node.base, src, at + i * node.baseSize, ctx, out);
      return;
    case 'compound':
      for (const f of node.fields) encodeElement(f.node, src, at + f.offset, ctx, out);
      return;
    case 'reference': {
      const address = new DataView(src.buffer, src.byteOffset).getBigUint64(at, true);
      const text = address === 0n ? '' : ctx.reference(address);
      out.reserve(REFERENCE_SIZE);
      out.bytes.fill(0, out.pos, out.pos + REFERENCE_SIZE);
      out.bytes.set(ascii.encode(text).subarray(0, REFERENCE_SIZE), out.pos);
      out.pos += REFERENCE_SIZE;
      return;
    }
    case 'region':
      out.reserve(REFERENCE_SIZE);
      out.bytes.fill(0, out.pos, out.pos + REFERENCE_SIZE);
      out.pos += REFERENCE_SIZE;
      return;
  }
}

/** Encodes `count` elements held in `memory` (laid out as `node`). The result never aliases `memory`. */
export function encodeWire(node: MemoryNode, memory: Uint8Array, count: number, ctx: WireContext): Uint8Array {
  const size = memorySize(node);
  if (isWireIdentical(node)) return memory.slice(0, count * size);
  if (node.kind === 'number') {
    const out = new Uint8Array(count * size);
    for (let i = 0; i < count; i++) {
      const at = i * size;
      for (let b = 0; b < size; b++) out[at + b] = memory[at + size - 1 - b];
    }
    return out;
  }
  const fixed = wireSize(node);
  const out = new Output(fixed !== undefined ? fixed * count : count * 32);
  for (let i = 0; i < count; i++) encodeElement(node, memory, i * size, ctx, out);
  return out.bytes.slice(0, out.pos);
}
