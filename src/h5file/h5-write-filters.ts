/**
 * HDF5 filters applied when writing chunks, in pipeline order: shuffle (2), deflate (1, a zlib stream at
 * the pipeline's level), Fletcher-32 (3, a checksum appended little-endian) and LZF (32000, h5py's filter:
 * a raw LZF stream, skipped for a chunk it does not shrink, as that filter is optional). Deflate runs on
 * libuv's thread pool, so several chunks compress at once.
 */
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import type { PipelineFilter } from './h5-write-messages.js';

const deflateAsync = promisify(deflate);

/** Filter ids this writer can apply. */
export const WRITABLE_FILTERS = new Set([1, 2, 3, 32000]);

/** h5py's LZF filter client data: filter version, LZF version, chunk bytes. */
export const lzfClientData = (chunkBytes: number) => [4, 0x0105, chunkBytes];

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * HDF5's shuffle: byte j of every element goes to plane j; bytes past the last whole element stay at the
 * end. Elements of 4 or 8 bytes are read as 32-bit words (far faster than byte by byte).
 */
export function shuffle(data: Uint8Array, size: number): Uint8Array {
  const n = Math.floor(data.length / size);
  if (size <= 1 || n <= 1) return data;
  const out = new Uint8Array(data.length);
  if (LITTLE_ENDIAN && (size === 4 || size === 8) && data.byteOffset % 4 === 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset, (n * size) >>> 2);
    const perItem = size >>> 2;
    for (let w = 0; w < perItem; w++) {
      const p0 = 4 * w * n;
      const p1 = p0 + n;
      const p2 = p1 + n;
      const p3 = p2 + n;
      for (let i = 0, k = w; i < n; i++, k += perItem) {
        const v = words[k];
        out[p0 + i] = v;
        out[p1 + i] = v >>> 8;
        out[p2 + i] = v >>> 16;
        out[p3 + i] = v >>> 24;
      }
    }
  } else {
    for (let j = 0; j < size; j++) {
      const base = j * n;
      for (let i = 0; i < n; i++) out[base + i] = data[i * size + j];
    }
  }
  out.set(data.subarray(n * size), n * size);
  return out;
}

function fletcher32(data: Uint8Array): number {
  let sum1 = 0;
  let sum2 = 0;
  let pos = 0;
  for (let words = data.length >>> 1; words > 0; ) {
    const run = Math.min(words, 360);
    words -= run;
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

function withChecksum(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 4);
  out.set(data);
  new DataView(out.buffer).setUint32(data.length, fletcher32(data), true);
  return out;
}

/**
 * LZF compression (liblzf's format: literal runs of up to 32 bytes, back references of 3 to 264 bytes
 * within 8 KiB); undefined when the result would not be smaller than the input.
 */
export function lzfCompress(input: Uint8Array): Uint8Array | undefined {
  const n = input.length;
  const out = new Uint8Array(n);
  const table = new Int32Array(1 << 14).fill(-1);
  let op = 0;
  let literalStart = 0;
  const flushLiterals = (end: number): boolean => {
    for (let s = literalStart; s < end; s += 32) {
      const len = Math.min(32, end - s);
      if (op + 1 + len >= n) return false;
      out[op++] = len - 1;
      out.set(input.subarray(s, s + len), op);
      op += len;
    }
    return true;
  };
  let ip = 0;
  while (ip + 2 < n) {
    const h = Math.imul((input[ip] << 16) | (input[ip + 1] << 8) | input[ip + 2], 0x9e3779b1) >>> 18;
    const ref = table[h];
    table[h] = ip;
    const off = ip - ref - 1;
    if (ref >= 0 && off < 8192 && input[ref] === input[ip] && input[ref + 1] === input[ip + 1] && input[ref + 2] === input[ip + 2]) {
      let len = 3;
      const max = Math.min(264, n - ip);
      while (len < max && input[ref + len] === input[ip + len]) len++;
      if (!flushLiterals(ip)) return undefined;
      const code = len - 2;
      if (op + 3 >= n) return undefined;
      if (code < 7) out[op++] = (code << 5) | (off >> 8);
      else {
        out[op++] = (7 << 5) | (off >> 8);
        out[op++] = code - 7;
      }
      out[op++] = off & 0xff;
      ip += len;
      literalStart = ip;
    } else {
      ip++;
    }
  }
  if (!flushLiterals(n)) return undefined;
  return out.slice(0, op);
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
        else data = shuffle(data, f.clientData[0]);
        break;
      case 1:
        data = new Uint8Array(await deflateAsync(data, { level: f.clientData[0] ?? 6 }));
        break;
      case 3:
        data = withChecksum(data);
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
