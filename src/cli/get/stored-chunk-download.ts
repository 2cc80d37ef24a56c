/**
 * hsget's fast path: when the server stores a dataset's chunks exactly as the output file's filter
 * pipeline writes them, each chunk is fetched as stored (h5lab's stored-chunk GET) and written into the
 * file as it is — neither decompressed by the server nor recompressed here.
 *
 * The server keeps a chunk as the whole chunk (edge chunks padded) in REST binary form, byte-shuffled by
 * the element size with the shuffle filter, then a zlib stream with deflate; HDF5's shuffle (2) then
 * deflate (1) pipeline with that element size reads exactly that. So the output dataset must be chunked
 * with the server's chunk shape, its pipeline [], [shuffle], [deflate] or [shuffle, deflate], and its type
 * stored in the file as in REST form (fixed-size, no references). Each answer names the filters its bytes
 * carry: a dataset whose chunks the server keeps in another form (Blosc frames HSDS wrote) is read by
 * value pages instead, as are datasets that do not qualify, and everything once the first request shows
 * the server lacks the endpoint (HSDS).
 */
import { readStoredChunk, type File, type StoredChunkRead } from '../../client/index.js';
import type { DatasetJson } from '../../client/json-types.js';
import { fixedSize, isVariable } from '../../core/types.js';
import type { H5FileWriter, H5Object } from '../../h5file/h5-file-writer.js';
import { fileSize } from '../../h5file/h5-write-datatype.js';
import { needsConversion } from '../../h5file/h5-write-values.js';
import type { LoadProgress } from '../common/load-progress.js';
import { selectOf } from '../common/page-plan.js';
import type { RequestQueue } from '../common/request-queue.js';
import type { OutputDataset } from './output-layout.js';

/** Chunks smaller than this (uncompressed) are read by value pages: a request each would cost more. */
const MIN_STORED_CHUNK_BYTES = 64 * 1024;

const FILTER_NAMES: Record<number, string> = { 2: 'shuffle', 1: 'deflate' };

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

export interface StoredChunkTarget {
  id: string;
  path: string;
  target: H5Object;
  dims: number[];
  chunkDims: number[];
  /** The filter names the server's bytes must carry to be written as they are. */
  filters: string[];
  itemSize: number;
}

/** Whether the chunks of a dataset can be written as the server stores them. */
export function storedChunkTarget(json: DatasetJson, path: string, out: OutputDataset, target: H5Object): StoredChunkTarget | undefined {
  const { type, dims, layout } = out;
  if (layout.kind !== 'chunked' || !dims?.length) return undefined;
  if (isVariable(type) || needsConversion(type) || fileSize(type) !== fixedSize(type)) return undefined;
  const serverChunks = json.layout?.dims;
  if (!serverChunks || serverChunks.length !== layout.chunks.length || serverChunks.some((c, d) => c !== layout.chunks[d])) return undefined;
  const cp = json.creationProperties ?? {};
  const recorded = cp.layout as { class?: string } | undefined;
  if (/_REF/.test(recorded?.class ?? '') || cp.initializer !== undefined) return undefined;
  if (product(layout.chunks) * fixedSize(type) < MIN_STORED_CHUNK_BYTES) return undefined;
  const ids = layout.filters.map((f) => f.id);
  const allowed = [[], [2], [1], [2, 1]].some((p) => p.length === ids.length && p.every((id, i) => id === ids[i]));
  if (!allowed) return undefined;
  if (layout.filters.some((f) => f.id === 2 && f.clientData[0] !== fixedSize(type))) return undefined;
  return { id: json.id, path, target, dims, chunkDims: layout.chunks, filters: ids.map((id) => FILTER_NAMES[id]), itemSize: fixedSize(type) };
}

/** Chunks asked for one by one, at most, before the others go out in parallel. */
const SERIAL_PROBES = 4;

export class StoredChunkDownload {
  /** Whether the server serves stored chunks; undefined until asked. */
  private supported?: boolean;
  /** Chunks written as stored (for the log). */
  written = 0;

  constructor(
    private readonly file: File,
    private readonly writer: H5FileWriter,
    private readonly progress: LoadProgress,
    private readonly readValues: (id: string, select: string, what: string) => Promise<Uint8Array>,
  ) {}

  /** False once the server has shown it lacks the endpoint: datasets then go by value pages. */
  get usable(): boolean {
    return this.supported !== false;
  }

  /**
   * Schedules every chunk of a dataset; false when the dataset is better read by value pages (nothing of
   * it is written then): the server lacks the endpoint, refuses the dataset, or keeps its chunks in another
   * form than the file's filters write. The first chunk found stored decides; chunks in another form after
   * it are read by value one by one.
   */
  async copy(t: StoredChunkTarget, queue: RequestQueue): Promise<boolean> {
    const grid = t.dims.map((n, d) => Math.ceil(n / t.chunkDims[d]));
    const total = product(grid);
    const coordsOf = (i: number) => {
      const coords = new Array<number>(grid.length);
      for (let d = grid.length - 1, rest = i; d >= 0; d--) {
        coords[d] = rest % grid[d];
        rest = Math.floor(rest / grid[d]);
      }
      return coords;
    };
    const absent: number[][] = [];
    let i = 0;
    // The first stored chunk tells whether the dataset's chunks can go as stored; past a few never-written ones
    // (a sparse or empty dataset), the rest are asked for in parallel and each decides for itself.
    for (; i < total && absent.length < SERIAL_PROBES; i++) {
      const coords = coordsOf(i);
      const answer = await readStoredChunk(this.file.session, t.id, coords, t.path);
      this.supported = answer.outcome !== 'unsupported';
      if (answer.outcome === 'absent') {
        absent.push(coords);
        continue;
      }
      if (!this.carriesFilters(t, answer)) return false;
      await this.place(t, coords, answer);
      i++;
      break;
    }
    for (const coords of absent) this.progress.bytes(this.region(t, coords).bytes);
    for (; i < total; i++) {
      const coords = coordsOf(i);
      await queue.add(product(t.chunkDims) * t.itemSize, async () => this.place(t, coords, await readStoredChunk(this.file.session, t.id, coords, t.path)));
    }
    return true;
  }

  private carriesFilters(t: StoredChunkTarget, answer: StoredChunkRead): answer is Extract<StoredChunkRead, { outcome: 'stored' }> {
    return answer.outcome === 'stored' && answer.filters.length === t.filters.length && answer.filters.every((f, i) => f === t.filters[i]);
  }

  private region(t: StoredChunkTarget, coords: number[]): { start: number[]; count: number[]; bytes: number } {
    const start = coords.map((c, d) => c * t.chunkDims[d]);
    const count = start.map((s, d) => Math.min(t.chunkDims[d], t.dims[d] - s));
    return { start, count, bytes: product(count) * t.itemSize };
  }

  /** Writes one chunk as stored when its bytes carry the file's filters, else its values. */
  private async place(t: StoredChunkTarget, coords: number[], answer: StoredChunkRead): Promise<void> {
    const { start, count, bytes } = this.region(t, coords);
    if (this.carriesFilters(t, answer)) {
      await this.writer.writeStoredChunk(t.target, coords, answer.bytes);
      this.written++;
    } else if (answer.outcome !== 'absent') {
      // Never stored means the fill value, which an unwritten chunk of the file reads as too.
      await this.writer.writeBlock(t.target, start, count, await this.readValues(t.id, selectOf({ start, count }), t.path));
    }
    this.progress.bytes(bytes);
  }
}
