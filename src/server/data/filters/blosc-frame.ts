/**
 * Blosc-1 frames, the form HSDS stores compressed chunks in (numcodecs.Blosc) and the HDF5 blosc plugin
 * (filter 32001) writes. Coding is done by numcodecs.js (c-blosc 1.x compiled to WASM, one thread).
 *
 * Frame header, 16 bytes: version, versionlz, flags (bit0 byte shuffle, bit1 memcpyed, bit2 bit shuffle,
 * bits 5-7 codec), typesize, then little-endian u32 nbytes, blocksize, cbytes.
 */
import Blosc from 'numcodecs/blosc';

export const BLOSC_HEADER_BYTES = 16;
/** c-blosc 1.x BLOSC_VERSION_FORMAT: frames from a newer format are not Blosc-1. */
const MAX_FORMAT_VERSION = 2;
const MEMCPYED_FLAG = 0x02;

/** The codecs HSDS writes (numcodecs' list_compressors minus zlib, which h5lab writes as plain zlib). */
export const BLOSC_WRITE_CODECS: ReadonlySet<string> = new Set(['blosclz', 'lz4', 'lz4hc', 'zstd']);

export interface BloscHeader {
  version: number;
  flags: number;
  typesize: number;
  nbytes: number;
  blocksize: number;
  cbytes: number;
}

/**
 * HSDS's test for "this chunk is a Blosc frame": c-blosc's blosc_cbuffer_metainfo reports a non-zero
 * typesize, which it does for any buffer whose byte 0 is at most 2 and byte 3 is not 0. A zlib stream
 * starts with 0x78, so it never qualifies.
 */
export function isBloscFrame(data: Uint8Array): boolean {
  return data.length >= BLOSC_HEADER_BYTES && data[0] <= MAX_FORMAT_VERSION && data[3] > 0;
}

export function readBloscHeader(data: Uint8Array): BloscHeader {
  if (data.length < BLOSC_HEADER_BYTES) throw new Error(`Blosc frame too short: ${data.length} bytes`);
  const view = new DataView(data.buffer, data.byteOffset, BLOSC_HEADER_BYTES);
  return {
    version: data[0],
    flags: data[2],
    typesize: data[3],
    nbytes: view.getUint32(4, true),
    blocksize: view.getUint32(8, true),
    cbytes: view.getUint32(12, true),
  };
}

export interface DecodeLimits {
  /** The exact decoded size, when the caller knows it. */
  expectedBytes?: number;
  /** An upper bound on the decoded size otherwise. */
  maxBytes?: number;
}

/**
 * The WASM decoder trusts the header and reports no errors, so a frame is checked first: it must be whole
 * and decode to a size the caller accepts.
 */
export async function bloscDecode(
  frame: Uint8Array,
  { expectedBytes, maxBytes }: DecodeLimits = {},
): Promise<Uint8Array> {
  const header = readBloscHeader(frame);
  if (header.version === 0 || header.version > MAX_FORMAT_VERSION) {
    throw new Error(`unsupported Blosc frame version ${header.version}`);
  }
  if (header.cbytes < BLOSC_HEADER_BYTES || header.cbytes > frame.length) {
    throw new Error(`truncated Blosc frame: header says ${header.cbytes} bytes, have ${frame.length}`);
  }
  if (expectedBytes !== undefined && header.nbytes !== expectedBytes) {
    throw new Error(`Blosc frame holds ${header.nbytes} bytes, expected ${expectedBytes}`);
  }
  if (maxBytes !== undefined && header.nbytes > maxBytes) {
    throw new Error(`Blosc frame holds ${header.nbytes} bytes, at most ${maxBytes} expected`);
  }
  if (header.flags & MEMCPYED_FLAG && header.cbytes !== header.nbytes + BLOSC_HEADER_BYTES) {
    throw new Error('corrupt Blosc frame: stored size does not match its uncompressed size');
  }
  if (header.nbytes === 0) return new Uint8Array(0);
  const codec = Blosc.fromConfig({ id: 'blosc' });
  const out = await codec.decode(frame.subarray(0, header.cbytes));
  if (out.length !== header.nbytes) throw new Error('corrupt Blosc frame');
  return out;
}

/**
 * `shuffle` is the Blosc shuffle flag as HSDS sets it (1 when the dataset has the shuffle filter). Blosc
 * undoes its own shuffle, so the frame always decodes to `raw`. numcodecs.js fixes typesize at 4 where
 * HSDS's frames say 1; readers take the typesize from the header, so both decode alike.
 */
export async function bloscEncode(raw: Uint8Array, cname: string, level: number, shuffle: 0 | 1): Promise<Uint8Array> {
  if (!BLOSC_WRITE_CODECS.has(cname)) throw new Error(`cannot write Blosc frames with codec ${cname}`);
  const codec = Blosc.fromConfig({ id: 'blosc', cname, clevel: level, shuffle, blocksize: 0 });
  return codec.encode(raw);
}
