/**
 * HDF5's shuffle filter (H5Z_FILTER_SHUFFLE): byte j of every element is gathered into plane j. Bytes that
 * do not fill a whole element stay at the end unchanged. numcodecs' Shuffle, which HSDS uses, produces the
 * same layout for whole elements.
 *
 * 4- and 8-byte elements (the common numeric types) move through 32-bit words, about twice as fast as
 * byte by byte; that needs a little-endian host and, for shuffling, 4-byte aligned input.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function wordPath(data: Uint8Array, itemSize: number, needAlignedInput: boolean): boolean {
  return LITTLE_ENDIAN && (itemSize === 4 || itemSize === 8) && (!needAlignedInput || data.byteOffset % 4 === 0);
}

function shuffleWords(data: Uint8Array, out: Uint8Array, count: number, itemSize: number): void {
  const words = new Uint32Array(data.buffer, data.byteOffset, (count * itemSize) >>> 2);
  const wordsPerItem = itemSize >>> 2;
  for (let w = 0; w < wordsPerItem; w++) {
    const plane = 4 * w * count;
    for (let i = 0, k = w; i < count; i++, k += wordsPerItem) {
      const v = words[k];
      out[plane + i] = v;
      out[plane + count + i] = v >>> 8;
      out[plane + 2 * count + i] = v >>> 16;
      out[plane + 3 * count + i] = v >>> 24;
    }
  }
}

function unshuffleWords(data: Uint8Array, out: Uint8Array, count: number, itemSize: number): void {
  const words = new Uint32Array(out.buffer, 0, (count * itemSize) >>> 2);
  const wordsPerItem = itemSize >>> 2;
  for (let w = 0; w < wordsPerItem; w++) {
    const plane = 4 * w * count;
    for (let i = 0, k = w; i < count; i++, k += wordsPerItem) {
      words[k] =
        data[plane + i] |
        (data[plane + count + i] << 8) |
        (data[plane + 2 * count + i] << 16) |
        (data[plane + 3 * count + i] << 24);
    }
  }
}

export function shuffleBytes(data: Uint8Array, itemSize: number): Uint8Array {
  if (itemSize <= 1 || data.length < 2 * itemSize) return data;
  const count = Math.floor(data.length / itemSize);
  const out = new Uint8Array(data.length);
  if (wordPath(data, itemSize, true)) shuffleWords(data, out, count, itemSize);
  else {
    for (let j = 0; j < itemSize; j++) {
      const plane = j * count;
      for (let i = 0, src = j; i < count; i++, src += itemSize) out[plane + i] = data[src];
    }
  }
  out.set(data.subarray(count * itemSize), count * itemSize);
  return out;
}

export function unshuffleBytes(data: Uint8Array, itemSize: number): Uint8Array {
  if (itemSize <= 1 || data.length < 2 * itemSize) return data;
  const count = Math.floor(data.length / itemSize);
  const out = new Uint8Array(data.length);
  if (wordPath(data, itemSize, false)) unshuffleWords(data, out, count, itemSize);
  else {
    for (let j = 0; j < itemSize; j++) {
      const plane = j * count;
      for (let i = 0, dst = j; i < count; i++, dst += itemSize) out[dst] = data[plane + i];
    }
  }
  out.set(data.subarray(count * itemSize), count * itemSize);
  return out;
}
