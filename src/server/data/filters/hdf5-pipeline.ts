/**
 * Link mode: decode one chunk exactly as it is stored in an HDF5 file, by running the dataset's filter
 * pipeline backwards. Bit i of the chunk's filter mask means filter i was skipped when the chunk was
 * written (an optional filter that gave up, e.g. LZF on incompressible data).
 */
import Zstd from 'numcodecs/zstd';
import { bitunshuffle, decodeBitshuffleLz4, defaultBlockElems } from './bitshuffle.js';
import { bloscDecode } from './blosc-frame.js';
import { unshuffleBytes } from '../../../core/byte-shuffle.js';
import { stripFletcher32 } from '../../../core/fletcher32.js';
import { decodeHdf5Lz4 } from './hdf5-lz4.js';
import { decodeLzf } from './lzf.js';
import { inflateZlib } from './zlib-stream.js';

export interface Hdf5Filter {
  id: number;
  flags: number;
  /** The filter's cd_values as stored in the pipeline message (after set_local). */
  clientData: number[];
}

export const HDF5_FILTER = {
  deflate: 1,
  shuffle: 2,
  fletcher32: 3,
  szip: 4,
  nbit: 5,
  scaleoffset: 6,
  lzf: 32000,
  blosc: 32001,
  lz4: 32004,
  bitshuffle: 32008,
  zstd: 32015,
} as const;

const FILTER_NAMES = new Map<number, string>(Object.entries(HDF5_FILTER).map(([name, id]) => [id, name]));

/** bitshuffle plugin client data: [major, minor, element size, block size, compression]. */
const BITSHUFFLE_NO_COMPRESSION = 0;
const BITSHUFFLE_LZ4 = 2;

/** Room for checksums and headers of filters still to be undone after the current one. */
const INTERMEDIATE_SLACK_BYTES = 4096;

/** A positive client data slot, or the fallback when the slot is absent or 0 ("use the default"). */
function slot(filter: Hdf5Filter, index: number, fallback: number): number {
  const value = filter.clientData[index];
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

async function decodeZstd(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const out = await Zstd.fromConfig({ id: 'zstd' }).decode(data);
  if (out.length > maxBytes) throw new Error(`zstd frame decoded to ${out.length} bytes, at most ${maxBytes} expected`);
  return out;
}

async function undoFilter(
  filter: Hdf5Filter,
  data: Uint8Array,
  itemSize: number,
  maxBytes: number,
): Promise<Uint8Array> {
  switch (filter.id) {
    case HDF5_FILTER.deflate:
      return inflateZlib(data, maxBytes, maxBytes);
    case HDF5_FILTER.shuffle:
      return unshuffleBytes(data, slot(filter, 0, itemSize));
    case HDF5_FILTER.fletcher32:
      return stripFletcher32(data);
    case HDF5_FILTER.lzf:
      return decodeLzf(data, maxBytes);
    case HDF5_FILTER.blosc:
      return bloscDecode(data, { maxBytes });
    case HDF5_FILTER.lz4:
      return decodeHdf5Lz4(data, maxBytes);
    case HDF5_FILTER.zstd:
      return decodeZstd(data, maxBytes);
    case HDF5_FILTER.bitshuffle: {
      const elemSize = slot(filter, 2, itemSize);
      const compression = filter.clientData[4] ?? BITSHUFFLE_NO_COMPRESSION;
      if (compression === BITSHUFFLE_LZ4) return decodeBitshuffleLz4(data, elemSize);
      if (compression === BITSHUFFLE_NO_COMPRESSION) {
        return bitunshuffle(data, elemSize, slot(filter, 3, defaultBlockElems(elemSize)));
      }
      throw new Error(`HDF5 filter 32008 (bitshuffle) with compression ${compression} is not supported`);
    }
    default: {
      const name = FILTER_NAMES.get(filter.id);
      throw new Error(`HDF5 filter ${filter.id}${name ? ` (${name})` : ''} is not supported`);
    }
  }
}

export async function decodeHdf5Chunk(
  stored: Uint8Array,
  pipeline: Hdf5Filter[],
  filterMask: number,
  itemSize: number,
  chunkBytes: number,
): Promise<Uint8Array> {
  let data = stored;
  for (let i = pipeline.length - 1; i >= 0; i--) {
    if ((filterMask >>> i) & 1) continue;
    data = await undoFilter(pipeline[i], data, itemSize, chunkBytes + INTERMEDIATE_SLACK_BYTES);
  }
  if (data.length !== chunkBytes) {
    throw new Error(`HDF5 chunk decoded to ${data.length} bytes, expected ${chunkBytes}`);
  }
  return data;
}
