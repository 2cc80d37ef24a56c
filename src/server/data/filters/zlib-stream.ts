/**
 * zlib streams (RFC 1950), as the HDF5 deflate filter writes them and as h5lab stores gzip/deflate
 * chunks. node:zlib's async API runs on the libuv thread pool, so concurrent requests use both cores;
 * sizing its output buffer to the expected result saves the many 16 KiB round trips of the default.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const inflateAsync = promisify(zlib.inflate);
const deflateAsync = promisify(zlib.deflate);

const MIN_BUFFER = 64 * 1024;
const MAX_BUFFER = 16 * 1024 * 1024;

function bufferSizeFor(bytes: number): number {
  return Math.min(MAX_BUFFER, Math.max(MIN_BUFFER, bytes));
}

/**
 * `maxBytes` bounds the output (a corrupt or hostile stream must not inflate without limit);
 * `expectedBytes` only sizes the work buffer.
 */
export async function inflateZlib(data: Uint8Array, expectedBytes?: number, maxBytes?: number): Promise<Uint8Array> {
  try {
    return await inflateAsync(data, {
      chunkSize: bufferSizeFor(expectedBytes ?? data.length * 4),
      ...(maxBytes !== undefined ? { maxOutputLength: Math.max(1, maxBytes) } : {}),
    });
  } catch (e) {
    throw new Error(`zlib stream could not be inflated: ${(e as Error).message}`);
  }
}

export async function deflateZlib(data: Uint8Array, level: number): Promise<Uint8Array> {
  return deflateAsync(data, { level, chunkSize: bufferSizeFor(data.length) });
}
