/**
 * Jenkins' lookup3 "hashlittle" with an initial value of 0: the checksum HDF5 stores after version-2 and
 * later metadata structures (superblock v2+, object headers v2, B-tree v2, fractal heap, fixed and
 * extensible arrays). Verifying it is cheap because the structure's bytes are already in memory.
 */
import { Hdf5FormatError } from './errors.js';

const rotate = (x: number, k: number) => (x << k) | (x >>> (32 - k));

export function lookup3(data: Uint8Array): number {
  let length = data.length;
  let a = (0xdeadbeef + length) | 0;
  let b = a;
  let c = a;
  let k = 0;
  const word = (i: number) => data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);

  while (length > 12) {
    a = (a + word(k)) | 0;
    b = (b + word(k + 4)) | 0;
    c = (c + word(k + 8)) | 0;
    a = (a - c) | 0; a ^= rotate(c, 4); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rotate(a, 6); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rotate(b, 8); b = (b + a) | 0;
    a = (a - c) | 0; a ^= rotate(c, 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rotate(a, 19); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rotate(b, 4); b = (b + a) | 0;
    length -= 12;
    k += 12;
  }
  if (length === 0) return c >>> 0;

  // The last 1..12 bytes are added byte by byte (little-endian within each 32-bit word).
  const tail = [0, 0, 0];
  for (let i = 0; i < length; i++) tail[i >> 2] |= data[k + i] << ((i & 3) * 8);
  a = (a + tail[0]) | 0;
  b = (b + tail[1]) | 0;
  c = (c + tail[2]) | 0;

  c ^= b; c = (c - rotate(b, 14)) | 0;
  a ^= c; a = (a - rotate(c, 11)) | 0;
  b ^= a; b = (b - rotate(a, 25)) | 0;
  c ^= b; c = (c - rotate(b, 16)) | 0;
  a ^= c; a = (a - rotate(c, 4)) | 0;
  b ^= a; b = (b - rotate(a, 14)) | 0;
  c ^= b; c = (c - rotate(b, 24)) | 0;
  return c >>> 0;
}

/** Checks the little-endian checksum stored in the 4 bytes after `bytes[0, end)`. */
export function verifyChecksum(bytes: Uint8Array, end: number, what: string, address: number): void {
  if (end + 4 > bytes.length) {
    throw new Hdf5FormatError(`${what} at address ${address} is too short to hold its checksum`);
  }
  const stored = (bytes[end] | (bytes[end + 1] << 8) | (bytes[end + 2] << 16) | (bytes[end + 3] << 24)) >>> 0;
  const computed = lookup3(bytes.subarray(0, end));
  if (stored !== computed) {
    throw new Hdf5FormatError(
      `checksum mismatch in ${what} at address ${address} (stored 0x${stored.toString(16)}, ` +
        `computed 0x${computed.toString(16)}): the file is corrupt`,
    );
  }
}
