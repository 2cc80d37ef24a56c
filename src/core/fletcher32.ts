/**
 * HDF5's Fletcher-32 filter (id 3): the chunk is followed by a 4-byte checksum (H5_checksum_fletcher32
 * over big-endian 16-bit words, stored little-endian; HDF5 1.6/1.8 sometimes stored it byte-swapped, so
 * both orders are accepted, as HDF5 does).
 */

export const FLETCHER32_BYTES = 4;
/** Largest run of 16-bit words whose sums cannot overflow 32 bits before folding. */
const WORDS_PER_FOLD = 360;

export function fletcher32(data: Uint8Array): number {
  const words = data.length >>> 1;
  let sum1 = 0;
  let sum2 = 0;
  let pos = 0;
  for (let remaining = words; remaining > 0; ) {
    const run = Math.min(remaining, WORDS_PER_FOLD);
    remaining -= run;
    for (let i = 0; i < run; i++, pos += 2) {
      sum1 += (data[pos] << 8) | data[pos + 1];
      sum2 += sum1;
    }
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  }
  if (data.length & 1) {
    sum1 += data[pos] << 8;
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  return ((sum2 << 16) | sum1) >>> 0;
}

/** Verify and strip the trailing checksum. */
export function stripFletcher32(data: Uint8Array): Uint8Array {
  if (data.length < FLETCHER32_BYTES) throw new Error('chunk too short for its Fletcher-32 checksum');
  const body = data.subarray(0, data.length - FLETCHER32_BYTES);
  const view = new DataView(data.buffer, data.byteOffset + body.length, FLETCHER32_BYTES);
  const computed = fletcher32(body);
  if (view.getUint32(0, true) !== computed && view.getUint32(0, false) !== computed) {
    throw new Error('Fletcher-32 checksum mismatch: the chunk is corrupt');
  }
  return body;
}

/** The chunk followed by its checksum, as HDF5 writes it. */
export function appendFletcher32(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + FLETCHER32_BYTES);
  out.set(data);
  new DataView(out.buffer).setUint32(data.length, fletcher32(data), true);
  return out;
}
