/**
 * The HDF5 library compiled to WebAssembly (h5wasm's Node build: files are read in place through the host
 * file system, never loaded whole), loaded once per process, and a guard around its synchronous calls.
 *
 * HDF5 reports errors by printing its error stack to the process's stderr (file descriptor 2) and returning
 * a failure code; h5wasm then throws a bare "name not defined". The guard captures that printout while a
 * call runs and turns it into the error's message, so HDF5's diagnostics never reach the terminal and
 * failures say what went wrong. HDF5's own error handler is kept (not h5wasm's throwing one): a throw from
 * inside the library would skip h5wasm's cleanup, and some failures are harmless (setting the byte order of
 * a big-endian enum type fails, and the read goes on in file order, which is what is wanted).
 */
import fs from 'node:fs';

export type H5Module = Awaited<(typeof import('h5wasm/node'))['ready']>;

let loading: Promise<H5Module> | undefined;

/** The h5wasm module, loaded on first use. */
export function h5wasmModule(): Promise<H5Module> {
  loading ??= import('h5wasm/node').then(async (h5wasm) => h5wasm.ready);
  return loading;
}

export class Hdf5LibraryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Hdf5LibraryError';
  }
}

/** The most specific lines of an HDF5 error stack ("unable to open dataset: not found"). */
function summarize(diagnostics: string): string {
  const lines = diagnostics.split('\n').map((l) => l.trim());
  const frames = lines
    .map((l) => /^#\d+: .* in [^(]+\(\): (.*)$/.exec(l)?.[1])
    .filter((m): m is string => m !== undefined);
  if (frames.length === 0) return diagnostics.trim();
  const last = frames[frames.length - 1];
  return frames.length > 1 ? `${frames[0]}: ${last}` : last;
}

/**
 * Runs a synchronous HDF5 call with its error printout captured. Throws Hdf5LibraryError when the call
 * throws, or when `failed(result)` says the returned status means failure.
 */
export function h5call<T>(what: string, call: () => T, failed: (result: T) => boolean = () => false): T {
  const write = fs.writeSync;
  let diagnostics = '';
  fs.writeSync = ((fd: number, buffer: unknown, ...rest: unknown[]) => {
    if (fd !== 2 || !ArrayBuffer.isView(buffer)) return (write as (...args: unknown[]) => number)(fd, buffer, ...rest);
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    const length = typeof rest[1] === 'number' ? rest[1] : buffer.byteLength - offset;
    diagnostics += Buffer.from(buffer.buffer, buffer.byteOffset + offset, length).toString('utf8');
    return length;
  }) as typeof fs.writeSync;
  let result: T;
  try {
    result = call();
  } catch (e) {
    const detail = diagnostics ? summarize(diagnostics) : e instanceof Error ? e.message : String(e);
    throw new Hdf5LibraryError(`${what}: ${detail}`);
  } finally {
    fs.writeSync = write;
  }
  if (failed(result)) throw new Hdf5LibraryError(`${what}: ${diagnostics ? summarize(diagnostics) : 'HDF5 reported a failure'}`);
  return result;
}
