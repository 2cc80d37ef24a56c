/**
 * Copies dataset values. Datasets whose chunks the file stores as the server stores them go chunk by chunk
 * as stored (stored-chunk-copy.ts); the others page by page (see page-plan.ts): each page is read from the
 * source through h5wasm and written with one binary PUT, with several writes in flight while the next
 * pages are read. Pages holding nothing but the fill value are not written (the server answers the fill
 * value for them). Every page written is recorded in the journal, and a dataset whose pages are all
 * written is marked done, so a resumed load only writes what is missing. With --extend, a dataset's values
 * go after what earlier files put along the extended dimensions (the dataset is grown first; the offset is
 * journaled).
 */
import { fixedSize, isVariable } from '../../core/types.js';
import { Hdf5LibraryError } from '../../h5file/h5wasm-runtime.js';
import { filterName } from './filter-mapping.js';
import type { LoadRun } from './load-run.js';
import { Page, pageAt, planPages } from '../common/page-plan.js';
import { RequestQueue } from '../common/request-queue.js';
import { isAllFill, readRegion, writeRegion } from './region-values.js';
import { StoredChunkCopy } from './stored-chunk-copy.js';
import type { DatasetJob } from './structure-copy.js';

/** HDF5's own filters, the ones h5wasm decodes (plugins such as LZF, Blosc or Zstd are not included). */
const H5WASM_FILTERS = new Set([1, 2, 3, 4, 5, 6]);
/** Bytes per element assumed for planning pages of variable-length types. */
const VARIABLE_ITEM_ESTIMATE = 64;

const itemBytes = (job: DatasetJob) => (isVariable(job.type) ? VARIABLE_ITEM_ESTIMATE : fixedSize(job.type));

/** Logical bytes of a dataset's values (for progress). */
export function datasetBytes(job: DatasetJob): number {
  if (!job.md.shape) return 0;
  return job.md.shape.reduce((a, b) => a * b, 1) * itemBytes(job);
}

/** Where this file's values go along each dimension; grows the dataset to hold them. */
async function extendOffsets(run: LoadRun, job: DatasetJob, dims: number[]): Promise<number[]> {
  const recorded = run.resumed?.offsets.get(job.id);
  if (recorded) return recorded;
  const shape = await run.session.json<{ shape: { dims?: number[] } }>('GET', `/datasets/${job.id}/shape`, { what: job.object.path });
  const current = shape.shape.dims ?? [];
  const given = run.settings.extend?.offset;
  const offset = dims.map((_, d) => (job.extendDims.has(d) ? (given ?? current[d]) : 0));
  run.journal.offset(job.id, offset);
  const needed = dims.map((n, d) => Math.max(current[d], offset[d] + n));
  if (needed.some((n, d) => n !== current[d]))
    await run.session.request({ method: 'PUT', path: `/datasets/${job.id}/shape`, json: { shape: needed }, what: job.object.path });
  return offset;
}

/** The chunk shape the server uses for a dataset (it may differ from the one asked for). */
async function serverChunks(run: LoadRun, job: DatasetJob): Promise<number[] | undefined> {
  const json = await run.session.json<{ layout?: { dims?: number[] } }>('GET', `/datasets/${job.id}`, { what: job.object.path });
  return json.layout?.dims;
}

/** Schedules the writes of one dataset; the result says whether all of them succeeded. */
async function copyDataset(run: LoadRun, job: DatasetJob, queue: RequestQueue): Promise<{ outcome: Promise<boolean> }> {
  const { md } = job;
  const dims = md.shape!;
  if (dims.length === 0) {
    const bytes = readRegion(run, job, [], []);
    return queue.add(bytes.length, async () => {
      await writeRegion(run, job, [], [], bytes);
      run.progress.bytes(bytes.length);
    });
  }
  const offset = job.extendDims.size ? await extendOffsets(run, job, dims) : undefined;
  const size = itemBytes(job);
  let plan = planPages(dims, size, md.chunks);
  if (plan.total > 1) plan = planPages(dims, size, md.chunks, await serverChunks(run, job));
  const done = run.resumed?.pages.get(job.id);
  const pageBytes = (page: Page) => page.count.reduce((a, b) => a * b, size);
  const outcomes: Promise<boolean>[] = [];
  for (let i = 0; i < plan.total; i++) {
    const page = pageAt(plan, dims, i);
    if (done?.has(i)) {
      run.progress.bytes(pageBytes(page));
      continue;
    }
    const bytes = readRegion(run, job, page.start, page.count);
    const finished = () => {
      run.journal.page(job.id, i);
      run.progress.bytes(pageBytes(page));
    };
    if (!isVariable(job.type) && isAllFill(bytes, job.fill)) {
      finished();
      continue;
    }
    const write = await queue.add(bytes.length, async () => {
      await writeRegion(run, job, page.start, page.count, bytes, offset);
      finished();
    });
    outcomes.push(write.outcome);
  }
  return { outcome: Promise.all(outcomes).then((oks) => oks.every(Boolean)) };
}

/**
 * Copies the values of every dataset not linked and not already complete. Returns the paths of datasets
 * whose values could not be read from the source (e.g. compressed with a filter h5wasm lacks); the others
 * are copied regardless.
 */
export async function copyData(run: LoadRun, jobs: DatasetJob[]): Promise<string[]> {
  const queue = new RequestQueue();
  const storedChunks = new StoredChunkCopy(run);
  const completions: Promise<void>[] = [];
  const unreadable: string[] = [];
  await run.ensureData(jobs.filter((j) => !j.linked && j.md.shape !== null).map((j) => j.object.path));
  try {
    for (const job of jobs) {
      // Datasets that were in the domain before (--append) keep their values, unless this file extends them.
      const kept = !run.created.has(job.object.address) && job.extendDims.size === 0;
      if (job.linked || job.md.shape === null || kept || run.resumed?.done.has(job.id)) {
        if (!job.linked) run.progress.bytes(datasetBytes(job));
        continue;
      }
      let scheduled: { outcome: Promise<boolean> };
      try {
        const plan = await storedChunks.planFor(job);
        scheduled = plan ? await storedChunks.copy(job, plan, queue) : await copyDataset(run, job, queue);
      } catch (e) {
        if (!(e instanceof Hdf5LibraryError)) throw e;
        const missing = job.props.filters.filter((f) => !H5WASM_FILTERS.has(f.id)).map((f) => filterName(f.id));
        run.warn(`values of ${job.object.path} not copied: ${missing.length ? `h5wasm cannot decode its ${missing.join(', ')} filter` : e.message}`);
        unreadable.push(job.object.path);
        continue;
      }
      completions.push(scheduled.outcome.then((ok) => void (ok && run.journal.done(job.id))));
    }
    await queue.drain();
    await Promise.all(completions);
  } finally {
    await storedChunks.close();
  }
  return unreadable;
}
