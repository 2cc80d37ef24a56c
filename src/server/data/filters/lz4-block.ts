/**
 * Raw LZ4 blocks (no frame), as inside bitshuffle and HDF5 lz4-plugin chunks. numcodecs.js's LZ4 codec
 * (liblz4 in WASM) expects numcodecs' own framing — a u32 little-endian decoded size in front of one
 * block — so each block is given that prefix.
 */
import LZ4 from 'numcodecs/lz4';

const codec = LZ4.fromConfig({ id: 'lz4' });

export async function decodeLz4Block(block: Uint8Array, decodedBytes: number): Promise<Uint8Array> {
  const framed = new Uint8Array(4 + block.length);
  new DataView(framed.buffer).setUint32(0, decodedBytes, true);
  framed.set(block, 4);
  let out: Uint8Array;
  try {
    out = await codec.decode(framed);
  } catch {
    throw new Error('corrupt LZ4 block');
  }
  if (out.length !== decodedBytes) {
    throw new Error(`LZ4 block decoded to ${out.length} bytes, expected ${decodedBytes}`);
  }
  return out;
}
