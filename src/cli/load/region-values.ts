/**
 * A region of a source dataset by value: read through h5wasm in REST binary form, and written to the copy
 * with one binary PUT of its selection. Regions holding nothing but the fill value need no write: the server
 * answers the fill value for what was never written.
 */
import { selectOf } from '../common/page-plan.js';
import type { LoadRun } from './load-run.js';
import type { DatasetJob } from './structure-copy.js';

/** Whether fixed-size values are all the fill element (zeros when the source set none). */
export function isAllFill(bytes: Uint8Array, fill: Uint8Array | undefined): boolean {
  if (!fill) {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
    return true;
  }
  const n = fill.length;
  if (bytes.length % n !== 0) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== fill[i % n]) return false;
  return true;
}

export function readRegion(run: LoadRun, job: DatasetJob, start: number[], count: number[]): Uint8Array {
  return run.reader.readHyperslab(job.object.path, job.md, start, count, run);
}

export async function writeRegion(run: LoadRun, job: DatasetJob, start: number[], count: number[], bytes: Uint8Array, offset?: number[]): Promise<void> {
  const select = start.length ? selectOf({ start, count }, offset) : undefined;
  await run.session.request({ method: 'PUT', path: `/datasets/${job.id}/value`, query: { select }, binary: bytes, what: job.object.path });
}
