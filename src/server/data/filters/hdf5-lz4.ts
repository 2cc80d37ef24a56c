/**
 * The HDF5 lz4 plugin's chunk format (filter 32004): u64 big-endian original size, u32 big-endian block
 * size, then per block a u32 big-endian compressed size and the LZ4 block. A block whose compressed size
 * equals its original size was stored uncompressed. The last block holds the remainder.
 */
import { decodeLz4Block } from './lz4-block.js';

const HEADER_BYTES = 12;

export async function decodeHdf5Lz4(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  if (data.length < HEADER_BYTES) throw new Error(`lz4 chunk too short: ${data.length} bytes`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const totalBytes = Number(view.getBigUint64(0, false));
  const blockBytes = view.getUint32(8, false);
  if (totalBytes > maxBytes) throw new Error(`lz4 chunk claims ${totalBytes} bytes, at most ${maxBytes} expected`);
  if (blockBytes === 0 && totalBytes > 0) throw new Error('lz4 chunk has a zero block size');
  const out = new Uint8Array(totalBytes);
  let inPos = HEADER_BYTES;
  for (let outPos = 0; outPos < totalBytes; ) {
    const originalBytes = Math.min(blockBytes, totalBytes - outPos);
    if (inPos + 4 > data.length) throw new Error('truncated lz4 chunk');
    const storedBytes = view.getUint32(inPos, false);
    inPos += 4;
    if (inPos + storedBytes > data.length) throw new Error('truncated lz4 chunk');
    const stored = data.subarray(inPos, inPos + storedBytes);
    out.set(storedBytes === originalBytes ? stored : await decodeLz4Block(stored, originalBytes), outPos);
    inPos += storedBytes;
    outPos += originalBytes;
  }
  return out;
}
