/**
 * Copy mode's fast path for datasets whose chunks the file stores exactly as the server stores them (see
 * stored-chunk-plan.ts): each allocated chunk is read from the file as it lies there and sent with h5lab's
 * stored-chunk PUT, so it is neither decompressed here nor recompressed by the server, which only decodes
 * it once to check it. Chunks the file never allocated hold the fill value and are skipped.
 *
 * One read of a stored chunk (a GET, which writes nothing) tells, once per load, whether the server has
 * the endpoint; without it (HSDS) every dataset is copied by value pages as before. A chunk the server
 * refuses (400) is written by value instead, and so is the rest of its dataset. Every chunk written is
 * journaled by its number in the chunk grid, so a resumed load skips it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { readStoredChunk, writeStoredChunk, type FilterJson } from '../../client/index.js';
import { fixedSize, isVariable } from '../../core/types.js';
import { Hdf5FormatError, Hdf5PathError, type ChunkLocation } from '../../h5file/index.js';
import type { RequestQueue } from '../common/request-queue.js';
import type { LoadRun } from './load-run.js';
import { isAllFill, readRegion, writeRegion } from './region-values.js';
import { MIN_STORED_CHUNK_BYTES, storedChunkDecision, type StoredChunkPlan } from './stored-chunk-plan.js';
import type { DatasetJob } from './structure-copy.js';

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

export class StoredChunkCopy {
  /** Whether the server takes stored chunks; undefined until asked. */
  private supported?: boolean;
  private file?: Promise<FileHandle>;
  /** Datasets whose chunks the server refused, with the first reason. */
  private readonly refused = new Map<string, string>();
  /** Chunks sent as stored, per dataset path (for the log). */
  readonly sent = new Map<string, number>();

  constructor(private readonly run: LoadRun) {}

  /** The chunks of `job` to send as stored, or undefined when it goes by value pages. */
  async planFor(job: DatasetJob): Promise<StoredChunkPlan | undefined> {
    const { md } = job;
    if (this.supported === false || job.extendDims.size > 0 || isVariable(job.type) || job.props.layout !== 'chunked') return undefined;
    if (!md.shape?.length || !md.chunks) return undefined;
    if (product(md.chunks) * fixedSize(job.type) < MIN_STORED_CHUNK_BYTES) return this.byValue(job, 'its chunks are small');
    let info;
    try {
      info = await this.run.locate(job.object.path);
    } catch (e) {
      if (!(e instanceof Hdf5FormatError || e instanceof Hdf5PathError)) throw e;
      return this.byValue(job, e.message);
    }
    const copy = await this.run.session.json<{ layout?: { dims?: number[] }; creationProperties?: { filters?: FilterJson[] } }>('GET', `/datasets/${job.id}`, { what: job.object.path });
    const decision = storedChunkDecision(md, job.type, info, { chunkDims: copy.layout?.dims, filters: copy.creationProperties?.filters ?? [] });
    if (!decision.use) return this.byValue(job, decision.reason);
    if (this.supported === undefined) {
      const probe = await readStoredChunk(this.run.session, job.id, decision.plan.chunkDims.map(() => 0), job.object.path);
      this.supported = probe.outcome !== 'unsupported';
      if (!this.supported) {
        this.run.note('the server does not take chunks as stored (no h5lab-chunks endpoint): values are copied decoded');
        return undefined;
      }
    }
    return decision.plan;
  }

  private byValue(job: DatasetJob, reason: string): undefined {
    // Only compressed datasets lose much by going through values.
    if (job.props.filters.length) this.run.note(`${job.object.path}: values copied decoded, not as stored chunks: ${reason}`);
    return undefined;
  }

  /** Schedules the chunk writes of one dataset; the outcome says whether all of them succeeded. */
  async copy(job: DatasetJob, plan: StoredChunkPlan, queue: RequestQueue): Promise<{ outcome: Promise<boolean> }> {
    const run = this.run;
    const dims = job.md.shape!;
    const itemSize = fixedSize(job.type);
    const strides = plan.grid.map((_, d) => product(plan.grid.slice(d + 1)));
    const done = run.resumed?.chunks.get(job.id);
    const regionOf = (coords: number[]) => {
      const start = coords.map((c, d) => c * plan.chunkDims[d]);
      return { start, count: start.map((s, d) => Math.min(plan.chunkDims[d], dims[d] - s)) };
    };
    // Chunks the file never allocated hold the fill value: done already.
    const allocated = plan.chunks.reduce((n, c) => n + product(regionOf(c.coords).count), 0);
    run.progress.bytes((product(dims) - allocated) * itemSize);
    const outcomes: Promise<boolean>[] = [];
    for (const chunk of plan.chunks) {
      const number = chunk.coords.reduce((n, c, d) => n + c * strides[d], 0);
      const { start, count } = regionOf(chunk.coords);
      const bytes = product(count) * itemSize;
      if (done?.has(number)) {
        run.progress.bytes(bytes);
        continue;
      }
      const write = await queue.add(chunk.size, async () => {
        if (!(await this.sendStored(job, chunk))) {
          const values = readRegion(run, job, start, count);
          if (!isAllFill(values, job.fill)) await writeRegion(run, job, start, count, values);
        }
        run.journal.chunk(job.id, number);
        run.progress.bytes(bytes);
      });
      outcomes.push(write.outcome);
    }
    return { outcome: Promise.all(outcomes).then((oks) => oks.every(Boolean)) };
  }

  /** Sends one chunk as stored; false when it must be written by value. */
  private async sendStored(job: DatasetJob, chunk: ChunkLocation): Promise<boolean> {
    if (this.refused.has(job.id)) return false;
    const stored = await this.read(chunk);
    const result = await writeStoredChunk(this.run.session, job.id, chunk.coords, stored, job.object.path);
    if (result.outcome === 'stored') {
      this.sent.set(job.object.path, (this.sent.get(job.object.path) ?? 0) + 1);
      return true;
    }
    if (!this.refused.has(job.id)) {
      const reason = result.outcome === 'refused' ? result.reason : 'the server does not take chunks as stored';
      this.refused.set(job.id, reason);
      this.run.note(`${job.object.path}: values copied decoded from chunk [${chunk.coords}] on: ${reason}`);
    }
    return false;
  }

  private async read(chunk: ChunkLocation): Promise<Uint8Array> {
    this.file ??= open(this.run.reader.path, 'r');
    const fh = await this.file;
    const bytes = new Uint8Array(chunk.size);
    for (let at = 0; at < chunk.size; ) {
      const { bytesRead } = await fh.read(bytes, at, chunk.size - at, chunk.offset + at);
      if (bytesRead === 0) throw new Hdf5FormatError(`chunk [${chunk.coords}] lies past the end of ${this.run.reader.path}`);
      at += bytesRead;
    }
    return bytes;
  }

  /** Logs what went as stored chunks, and closes the source file. */
  async close(): Promise<void> {
    for (const [path, n] of this.sent) this.run.note(`${path}: ${n} chunk${n > 1 ? 's' : ''} copied as stored (not recompressed)`);
    const file = this.file;
    this.file = undefined;
    await (await file?.catch(() => undefined))?.close();
  }
}
