/**
 * Link-mode layouts (HSDS "single object" design): datasets whose chunk bytes live in a traditional HDF5
 * file and are read by byte range. The service layer resolves where each chunk is (`ChunkLocation`); the data
 * node reads the range and undoes the HDF5 filter pipeline.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { forbidden, notFound } from '../http/errors.js';
import { StorageError, type ObjectStore } from '../storage/object-store.js';
import { decodeHdf5Chunk, Hdf5Filter } from './filters/hdf5-pipeline.js';
import { RangeCoalescer } from './range-coalescer.js';
import type { FilterJson } from './filters/definitions.js';

export type LinkedChunkSource =
  | { class: 'H5D_CONTIGUOUS_REF'; fileUri: string; offset: number; size: number; datasetDims: number[] }
  | { class: 'H5D_CHUNKED_REF'; fileUri: string; chunks: Record<string, [number, number]> }
  | { class: 'H5D_CHUNKED_REF_INDIRECT'; fileUri?: string; chunkTable: string; hyperDims?: number[] };

/** Where one chunk's bytes are: a range of an HDF5 file named by URI. */
export interface ChunkLocation {
  uri: string;
  offset: number;
  size: number;
}

/**
 * The HDF5 filter pipeline of a linked dataset: as recorded at load time (`h5lab_pipeline` in the layout,
 * with the file's client data), else derived from the dataset's HSDS filter list (datasets linked by HSDS).
 */
export function pipelineOf(recorded: unknown, filters: FilterJson[] | undefined): Hdf5Filter[] {
  if (Array.isArray(recorded)) return recorded as Hdf5Filter[];
  return (filters ?? []).map((f) => ({ id: f.id, flags: 0, clientData: f.level !== undefined ? [f.level] : [] }));
}

/**
 * Reads linked chunks: URIs `s3://bucket/key` and `bucket/key` through the engine's object store (the same
 * bucket layout on POSIX and S3); absolute file paths only inside the configured link roots, so a domain
 * cannot be used to read arbitrary files of the server machine.
 */
export class LinkedChunkReader {
  private readonly ranges: RangeCoalescer;

  constructor(
    store: ObjectStore,
    private readonly linkRoots: string[],
  ) {
    // Chunks of one request that lie close together in the file are fetched with one ranged GET.
    this.ranges = new RangeCoalescer(store);
  }

  private async readRange(uri: string, offset: number, size: number): Promise<Uint8Array> {
    const file = uri.startsWith('file://') ? uri.slice('file://'.length) : uri;
    if (file.startsWith('/')) {
      const resolved = path.resolve(file);
      if (!this.linkRoots.some((root) => resolved.startsWith(path.resolve(root) + path.sep)))
        throw forbidden(`linked file ${file} is outside the directories this server may read`);
      const fh = await open(resolved, 'r').catch(() => {
        throw notFound(`linked file ${file} not found`);
      });
      try {
        const buf = new Uint8Array(size);
        let done = 0;
        while (done < size) {
          const { bytesRead } = await fh.read(buf, done, size - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return buf.subarray(0, done);
      } finally {
        await fh.close();
      }
    }
    const bare = uri.replace(/^s3:\/\//, '');
    const slash = bare.indexOf('/');
    if (slash <= 0) throw notFound(`linked file URI ${uri} names no bucket`);
    const bytes = await this.ranges.read(bare.slice(0, slash), bare.slice(slash + 1), offset, size).catch((e) => {
      // An unusable bucket name or key in the URI is the domain's problem, not the server's.
      if (e instanceof StorageError) throw notFound(`linked file ${uri} not found: ${e.message}`);
      throw e;
    });
    if (!bytes) throw notFound(`linked file ${uri} not found`);
    return bytes;
  }

  /** The whole decoded chunk (`chunkBytes` long, or shorter at the end of a contiguous file). */
  async read(loc: ChunkLocation, pipeline: Hdf5Filter[], itemSize: number, chunkBytes: number): Promise<Uint8Array> {
    const stored = await this.readRange(loc.uri, loc.offset, loc.size);
    if (pipeline.length === 0) return stored;
    return decodeHdf5Chunk(stored, pipeline, 0, itemSize, chunkBytes);
  }
}
