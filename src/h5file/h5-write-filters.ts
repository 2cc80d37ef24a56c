/**
 * HDF5 filters applied when writing chunks, in pipeline order: shuffle (2), deflate (1, a zlib stream at
 * the pipeline's level), Fletcher-32 (3, a checksum appended little-endian) and LZF (32000, h5py's filter:
 * a raw LZF stream, skipped for a chunk it does not shrink, as that filter is optional). Deflate runs on
 * libuv's thread pool, so several chunks compress at once.
 */
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import lzfjs from 'lzfjs';
import { shuffleBytes } from '../core/byte-shuffle.js';
import { appendFletcher32 } from '../core/fletcher32.js';
import type { PipelineFilter } from './h5-write-messages.js';

const deflateAsync = promisify(deflate);

/** Filter ids this writer can apply. */
export const WRITABLE_FILTERS = new Set([1, 2, 3, 32000]);

/** h5py's LZF filter client data: filter version, LZF version, chunk bytes. */
export const lzfClientData = (chunkBytes: number) => [4, 0x0105, chunkBytes];

/** LZF compression by `lzfjs` (liblzf's format); undefined when the result would not be smaller than the input. */
export function lzfCompress(input: Uint8Array): Uint8Array | undefined {
  if (input.length === 0) return undefined;
  const packed = lzfjs.compress(input);
  return packed.length < input.length ? new Uint8Array(packed.buffer, packed.byteOffset, packed.length) : undefined;
}

/** Runs the pipeline over a chunk; the mask has bit i set where optional filter i was skipped. */
export async function applyFilters(chunk: Uint8Array, pipeline: PipelineFilter[]): Promise<{ data: Uint8Array; mask: number }> {
  let data = chunk;
  let mask = 0;
  for (const [i, f] of pipeline.entries()) {
    switch (f.id) {
      case 2:
        // Without its element size (HDF5 gives none for variable-length types) the filter fails, and
        // being optional it is skipped for the chunk.
        if (f.clientData.length === 0) mask |= 1 << i;
        else data = shuffleBytes(data, f.clientData[0]);
        break;
      case 1:
        data = new Uint8Array(await deflateAsync(data, { level: f.clientData[0] ?? 6 }));
        break;
      case 3:
        data = appendFletcher32(data);
        break;
      case 32000: {
        const packed = lzfCompress(data);
        if (packed) data = packed;
        else mask |= 1 << i;
        break;
      }
      default:
        throw new Error(`HDF5 filter ${f.id} cannot be written`);
    }
  }
  return { data, mask };
}
