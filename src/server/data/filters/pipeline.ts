/**
 * Chunk objects in HSDS 0.9.4's storage format (hsds: storUtil._compress/_uncompress), so that a bucket
 * written by HSDS is served by h5lab and the reverse.
 *
 * Reading: with a compressor configured, a Blosc-1 frame is Blosc-decoded (Blosc has then undone any byte
 * shuffle itself); otherwise gzip/deflate chunks are plain zlib streams. A byte shuffle not consumed by
 * Blosc is then undone with the type's item size; bitshuffle chunks carry the bitshuffle/LZ4 format.
 *
 * Writing: gzip/deflate → a zlib stream of the (byte-shuffled, if shuffle is on) bytes, which HSDS reads
 * through its zlib-then-unshuffle path; lz4/lz4hc/blosclz/zstd → a Blosc frame of the raw bytes with the
 * Blosc shuffle flag HSDS would set; shuffle alone → the byte-shuffled bytes, because HSDS's reader always
 * unshuffles from storage. Variable-length types are never shuffled.
 */
import { bloscDecode, bloscEncode, BLOSC_WRITE_CODECS, isBloscFrame } from './blosc-frame.js';
import { decodeBitshuffleLz4 } from './bitshuffle.js';
import { shuffleBytes, unshuffleBytes } from '../../../core/byte-shuffle.js';
import type { FilterJson } from './definitions.js';
import { filterOpsFor, type FilterOps } from './filter-ops.js';
import { deflateZlib, inflateZlib } from './zlib-stream.js';

export interface ChunkCodec {
  /** Whole-chunk bytes (C order, §2.5) → the chunk object's bytes. */
  encode(raw: Uint8Array): Promise<Uint8Array>;
  /** Chunk object bytes → whole-chunk bytes. Results may be views into larger buffers. */
  decode(stored: Uint8Array): Promise<Uint8Array>;
  /** True when stored bytes are the raw bytes (no compressor, no shuffle): callers may skip the codec. */
  readonly identity: boolean;
}

/** Bound on inflating a vlen chunk, whose size is not known in advance; far above any real chunk. */
const MAX_VLEN_CHUNK_BYTES = 1024 * 1024 * 1024;
/** A bitshuffle frame exceeds its chunk by its header, block sizes and LZ4's worst-case expansion. */
const BITSHUFFLE_FRAME_SLACK_BYTES = 1024 * 1024;

class HsdsChunkCodec implements ChunkCodec {
  readonly identity: boolean;

  constructor(
    private readonly ops: FilterOps,
    private readonly itemSize: number,
    /** Exact decoded size; undefined for variable-length types. */
    private readonly chunkBytes: number | undefined,
  ) {
    this.identity = ops.compressor === undefined && ops.shuffle === 'none';
  }

  async encode(raw: Uint8Array): Promise<Uint8Array> {
    const { compressor, level, shuffle } = this.ops;
    if (shuffle === 'bit') throw new Error('writing bitshuffle chunks is not supported (HSDS does not create them)');
    const byteShuffle = shuffle === 'byte';
    if (compressor === undefined) return byteShuffle ? shuffleBytes(raw, this.itemSize) : raw;
    if (compressor === 'zlib') return deflateZlib(byteShuffle ? shuffleBytes(raw, this.itemSize) : raw, level);
    if (BLOSC_WRITE_CODECS.has(compressor)) return bloscEncode(raw, compressor, level, byteShuffle ? 1 : 0);
    throw new Error(`cannot write chunks compressed with ${compressor}`);
  }

  async decode(stored: Uint8Array): Promise<Uint8Array> {
    const { compressor, shuffle } = this.ops;
    // Before a bitshuffle step the size is the bitshuffle frame's, not the chunk's.
    const exact = shuffle === 'bit' ? undefined : this.chunkBytes;
    const maxBytes =
      this.chunkBytes === undefined ? MAX_VLEN_CHUNK_BYTES : this.chunkBytes + BITSHUFFLE_FRAME_SLACK_BYTES;
    let data = stored;
    let unshuffled = false;
    if (compressor !== undefined) {
      if (isBloscFrame(data)) {
        data = await bloscDecode(data, { expectedBytes: exact, maxBytes });
        unshuffled = true;
      } else if (compressor === 'zlib') {
        data = await inflateZlib(data, exact, exact ?? maxBytes);
      } else {
        throw new Error(`chunk is not a Blosc frame and cannot be decompressed with ${compressor}`);
      }
    }
    if (shuffle === 'byte' && !unshuffled) data = unshuffleBytes(data, this.itemSize);
    if (shuffle === 'bit') data = await decodeBitshuffleLz4(data, this.itemSize, this.chunkBytes);
    if (this.chunkBytes !== undefined && data.length !== this.chunkBytes) {
      throw new Error(`chunk decoded to ${data.length} bytes, expected ${this.chunkBytes}`);
    }
    return data;
  }
}

/**
 * The codec for a dataset's chunk objects. `filters` is the stored `creationProperties.filters`;
 * `chunkBytes` the size of a whole chunk (ignored for variable-length types, whose chunks vary).
 */
export function chunkCodecFor(
  filters: FilterJson[] | undefined,
  itemSize: number,
  isVlen: boolean,
  chunkBytes: number,
): ChunkCodec {
  return new HsdsChunkCodec(filterOpsFor(filters, isVlen), itemSize, isVlen ? undefined : chunkBytes);
}
