/**
 * Bitshuffle decoding (the bitshuffle library's format, HDF5 filter 32008, also used by HSDS for its
 * "bitshuffle" filter).
 *
 * Data is cut into blocks of `blockElems` elements (a multiple of 8). Within a block of n elements of s
 * bytes, the shuffled bytes hold 8·s bit rows of n bits: row (8·j + k) is bit k of byte j of every element,
 * element i at bit (i mod 8) of byte (i div 8). A last partial block is rounded down to a multiple of 8
 * elements; the elements left over after it are stored as they are, uncompressed.
 *
 * With LZ4 the data starts with a 12-byte header (u64 big-endian total bytes, u32 big-endian block bytes)
 * and every block is stored as a u32 big-endian compressed size followed by an LZ4 block.
 */
import { decodeLz4Block } from './lz4-block.js';

export const BITSHUFFLE_HEADER_BYTES = 12;
const BLOCKED_MULT = 8;
const TARGET_BLOCK_BYTES = 8192;
const MIN_RECOMMENDED_BLOCK = 128;

/** bitshuffle's bshuf_default_block_size: stable across versions, or old data would not decode. */
export function defaultBlockElems(elemSize: number): number {
  const elems = Math.floor(TARGET_BLOCK_BYTES / elemSize);
  return Math.max(elems - (elems % BLOCKED_MULT), MIN_RECOMMENDED_BLOCK);
}

/**
 * Undo the bit transpose of one block of `count` elements (count a multiple of 8). Eight bytes, one from
 * each bit row of a byte plane, form an 8x8 bit matrix whose transpose is byte j of eight elements.
 */
function unshuffleBlock(
  src: Uint8Array,
  srcOff: number,
  dst: Uint8Array,
  dstOff: number,
  count: number,
  elemSize: number,
): void {
  const rowBytes = count >> 3;
  for (let j = 0; j < elemSize; j++) {
    const plane = srcOff + j * 8 * rowBytes;
    for (let r = 0; r < rowBytes; r++) {
      const p = plane + r;
      let lo =
        src[p] | (src[p + rowBytes] << 8) | (src[p + 2 * rowBytes] << 16) | (src[p + 3 * rowBytes] << 24);
      let hi =
        src[p + 4 * rowBytes] |
        (src[p + 5 * rowBytes] << 8) |
        (src[p + 6 * rowBytes] << 16) |
        (src[p + 7 * rowBytes] << 24);
      const o = dstOff + 8 * r * elemSize + j;
      if ((lo | hi) === 0) continue; // dst is zero-filled
      // 8x8 bit transpose of the 64-bit word hi:lo (byte = row, bit = column), as three delta swaps.
      let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
      lo ^= t ^ (t << 7);
      t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
      hi ^= t ^ (t << 7);
      t = (lo ^ (lo >>> 14)) & 0x0000cccc;
      lo ^= t ^ (t << 14);
      t = (hi ^ (hi >>> 14)) & 0x0000cccc;
      hi ^= t ^ (t << 14);
      t = (lo ^ ((lo >>> 28) | (hi << 4))) & 0xf0f0f0f0;
      lo ^= t ^ (t << 28);
      hi ^= t >>> 4;
      dst[o] = lo;
      dst[o + elemSize] = lo >>> 8;
      dst[o + 2 * elemSize] = lo >>> 16;
      dst[o + 3 * elemSize] = lo >>> 24;
      dst[o + 4 * elemSize] = hi;
      dst[o + 5 * elemSize] = hi >>> 8;
      dst[o + 6 * elemSize] = hi >>> 16;
      dst[o + 7 * elemSize] = hi >>> 24;
    }
  }
}

/** Element counts of the bit-shuffled blocks of `totalElems` elements, in order. */
function blockCounts(totalElems: number, blockElems: number): number[] {
  if (blockElems <= 0 || blockElems % BLOCKED_MULT !== 0) {
    throw new Error(`bitshuffle block size ${blockElems} is not a positive multiple of ${BLOCKED_MULT}`);
  }
  const counts: number[] = new Array(Math.floor(totalElems / blockElems)).fill(blockElems);
  const rest = totalElems % blockElems;
  const last = rest - (rest % BLOCKED_MULT);
  if (last > 0) counts.push(last);
  return counts;
}

function checkWhole(totalBytes: number, elemSize: number): number {
  if (elemSize <= 0 || totalBytes % elemSize !== 0) {
    throw new Error(`bitshuffle data of ${totalBytes} bytes is not a whole number of ${elemSize}-byte elements`);
  }
  return totalBytes / elemSize;
}

/** Bit-shuffled data without compression (HDF5 bitshuffle filter with compression 0). */
export function bitunshuffle(data: Uint8Array, elemSize: number, blockElems: number): Uint8Array {
  const totalElems = checkWhole(data.length, elemSize);
  const out = new Uint8Array(data.length);
  let offset = 0;
  for (const count of blockCounts(totalElems, blockElems)) {
    unshuffleBlock(data, offset, out, offset, count, elemSize);
    offset += count * elemSize;
  }
  out.set(data.subarray(offset), offset);
  return out;
}

/**
 * Header + LZ4-compressed bit-shuffled blocks. `expectedBytes`, when known, must match the header, as
 * HSDS requires.
 */
export async function decodeBitshuffleLz4(
  data: Uint8Array,
  elemSize: number,
  expectedBytes?: number,
): Promise<Uint8Array> {
  if (data.length < BITSHUFFLE_HEADER_BYTES) throw new Error(`bitshuffle chunk too short: ${data.length} bytes`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const totalBytes = Number(view.getBigUint64(0, false));
  const blockBytes = view.getUint32(8, false);
  if (expectedBytes !== undefined && totalBytes !== expectedBytes) {
    throw new Error(`bitshuffle header reports ${totalBytes} bytes, expected ${expectedBytes}`);
  }
  const totalElems = checkWhole(totalBytes, elemSize);
  if (blockBytes % elemSize !== 0) throw new Error(`bitshuffle block of ${blockBytes} bytes is not whole elements`);
  const out = new Uint8Array(totalBytes);
  let inPos = BITSHUFFLE_HEADER_BYTES;
  let outPos = 0;
  for (const count of blockCounts(totalElems, blockBytes / elemSize)) {
    if (inPos + 4 > data.length) throw new Error('truncated bitshuffle chunk');
    const compressed = view.getUint32(inPos, false);
    inPos += 4;
    if (inPos + compressed > data.length) throw new Error('truncated bitshuffle chunk');
    const shuffled = await decodeLz4Block(data.subarray(inPos, inPos + compressed), count * elemSize);
    inPos += compressed;
    unshuffleBlock(shuffled, 0, out, outPos, count, elemSize);
    outPos += count * elemSize;
  }
  const leftover = totalBytes - outPos;
  if (inPos + leftover > data.length) throw new Error('truncated bitshuffle chunk');
  out.set(data.subarray(inPos, inPos + leftover), outPos);
  return out;
}
