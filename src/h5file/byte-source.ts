/**
 * Random-access byte sources. Every read the HDF5 metadata reader makes goes through this interface, so the
 * same code can work on a local file today and on S3 ranged GETs later.
 */
import { open } from 'node:fs/promises';

export interface ByteSource {
  readonly size: number;
  /**
   * Exactly `length` bytes starting at `offset`; rejects when the range is not inside the source.
   * The result may be a view of a shared cache buffer: callers must not modify it.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

function checkRange(size: number, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new RangeError(`invalid read range: offset ${offset}, length ${length}`);
  }
  if (offset + length > size) {
    throw new RangeError(`read of ${length} bytes at offset ${offset} is past the end of the ${size}-byte source`);
  }
}

/** A local file read with positional reads on one FileHandle (no whole-file reads). */
export async function openFileSource(path: string): Promise<ByteSource> {
  const handle = await open(path, 'r');
  let size: number;
  try {
    size = (await handle.stat()).size;
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    size,
    async read(offset, length) {
      checkRange(size, offset, length);
      const buffer = new Uint8Array(length);
      let filled = 0;
      // A positional read may return fewer bytes than asked for; keep going until the range is complete.
      while (filled < length) {
        const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
        if (bytesRead === 0) {
          throw new RangeError(`file ${path} ended at ${offset + filled} while reading ${length} bytes at ${offset}`);
        }
        filled += bytesRead;
      }
      return buffer;
    },
    close: () => handle.close(),
  };
}

const DEFAULT_BLOCK_SIZE = 64 * 1024;
/** Enough for the metadata of large files while bounding memory (256 blocks of 64 KiB = 16 MiB). */
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Serves reads from aligned blocks kept in an LRU cache. HDF5 metadata is many small structures packed
 * near each other, so this turns hundreds of tiny reads into a few block reads (syscalls or HTTP requests).
 * Runs of missing blocks are fetched with one read, and concurrent reads of the same block share one fetch.
 */
export function withReadCache(src: ByteSource, blockSize = DEFAULT_BLOCK_SIZE): ByteSource {
  if (!Number.isSafeInteger(blockSize) || blockSize <= 0) throw new RangeError(`invalid block size ${blockSize}`);
  const maxBlocks = Math.max(4, Math.floor(DEFAULT_MAX_BYTES / blockSize));
  const blocks = new Map<number, Promise<Uint8Array>>();

  const remember = (index: number, block: Promise<Uint8Array>) => {
    blocks.set(index, block);
    // A failed fetch must not stay cached, or every later read of that block would fail too.
    block.catch(() => blocks.get(index) === block && blocks.delete(index));
    while (blocks.size > maxBlocks) blocks.delete(blocks.keys().next().value as number);
  };

  /** One read for a run of consecutive missing blocks; returns a promise per block. */
  const fetchRun = (first: number, last: number): Promise<Uint8Array>[] => {
    const start = first * blockSize;
    const end = Math.min(src.size, (last + 1) * blockSize);
    const run = src.read(start, end - start);
    const parts: Promise<Uint8Array>[] = [];
    for (let index = first; index <= last; index++) {
      const offset = (index - first) * blockSize;
      const part = run.then((bytes) => bytes.subarray(offset, Math.min(offset + blockSize, bytes.length)));
      remember(index, part);
      parts.push(part);
    }
    return parts;
  };

  return {
    size: src.size,
    async read(offset, length) {
      checkRange(src.size, offset, length);
      if (length === 0) return new Uint8Array(0);
      const first = Math.floor(offset / blockSize);
      const last = Math.floor((offset + length - 1) / blockSize);
      const pending: Promise<Uint8Array>[] = [];
      let runStart = -1;
      for (let index = first; index <= last; index++) {
        const cached = blocks.get(index);
        if (cached === undefined) {
          if (runStart < 0) runStart = index;
          continue;
        }
        if (runStart >= 0) pending.push(...fetchRun(runStart, index - 1));
        runStart = -1;
        // Re-insert so that Map order stays least-recently-used first.
        blocks.delete(index);
        blocks.set(index, cached);
        pending.push(cached);
      }
      if (runStart >= 0) pending.push(...fetchRun(runStart, last));
      const parts = await Promise.all(pending);
      if (parts.length === 1) {
        const start = offset - first * blockSize;
        return parts[0].subarray(start, start + length);
      }
      const out = new Uint8Array(length);
      let written = 0;
      parts.forEach((part, i) => {
        const start = i === 0 ? offset - first * blockSize : 0;
        const piece = part.subarray(start, Math.min(part.length, start + length - written));
        out.set(piece, written);
        written += piece.length;
      });
      return out;
    },
    close: () => src.close(),
  };
}
