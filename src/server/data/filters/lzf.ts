/**
 * LZF, h5py's filter 32000: the chunk is one raw LZF stream (liblzf), decoded by the `lzfjs` package.
 * lzfjs cannot bound its output while decoding, so an oversized result is rejected afterwards.
 */
import lzfjs from 'lzfjs';

export function decodeLzf(data: Uint8Array, maxBytes: number): Uint8Array {
  let out: Uint8Array;
  try {
    out = lzfjs.decompress(data);
  } catch (e) {
    throw new Error(`corrupt LZF stream: ${(e as Error).message}`);
  }
  if (out.length > maxBytes) throw new Error(`LZF stream decoded to ${out.length} bytes, at most ${maxBytes} expected`);
  return out;
}
