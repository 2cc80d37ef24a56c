/**
 * Client of the h5lab server extension's jobs (`<base_url>/api/h5lab/jobs`, src/python/h5lab/server/jobs.py):
 * hsload and hsget run by the lab server, with their progress.
 */

export type JobKind = 'load' | 'get';
export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface IJobRequest {
  kind: JobKind;
  /** load: a file of the lab ('uploads/data.h5', relative to its root); get: a domain path. */
  src: string;
  /** load: a domain path; get: the file to write, relative to the lab's root (a free name is chosen). */
  dst: string;
  /** load: replace an existing domain (otherwise the job fails if it exists). */
  overwrite?: boolean;
  /** load: delete the source file when the job ends. */
  remove_source?: boolean;
}

export interface IJob {
  id: string;
  kind: JobKind;
  src: string;
  dst: string;
  state: JobState;
  objects_done: number;
  objects_total: number | null;
  bytes_done: number;
  bytes_total: number | null;
  /** Last thing the tool said. */
  message: string;
  error: string | null;
  started: number;
  ended: number | null;
}

/** `fetch` on a path below the jobs endpoint ('' or '/<id>'), authenticated as the lab does. */
export type JobsFetch = (path: string, init?: RequestInit) => Promise<Response>;

export class JobsClient {
  constructor(private readonly _fetch: JobsFetch) {}

  start(request: IJobRequest): Promise<IJob> {
    return this._send('', { method: 'POST', body: JSON.stringify(request), headers: { 'Content-Type': 'application/json' } });
  }

  get(id: string): Promise<IJob> {
    return this._send(`/${id}`, { method: 'GET' });
  }

  cancel(id: string): Promise<IJob> {
    return this._send(`/${id}`, { method: 'DELETE' });
  }

  private async _send(path: string, init: RequestInit): Promise<IJob> {
    let response: Response;
    try {
      response = await this._fetch(path, init);
    } catch (error) {
      throw new Error(`The Jupyter server does not answer (${(error as Error).message}).`);
    }
    const text = await response.text();
    if (response.status === 404 && path === '') {
      throw new Error('The h5lab server extension is not enabled in this Jupyter server, so files cannot be loaded or downloaded.');
    }
    let body: { message?: string } & Partial<IJob> = {};
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the status line is all there is to tell.
    }
    if (!response.ok) throw new Error(body.message || `The jobs request failed: ${response.status} ${response.statusText}.`);
    return body as IJob;
  }
}

/** How far a job is, from 0 to 1, when the tool has said so. */
export function jobProgress(job: IJob): number | undefined {
  if (job.state === 'done') return 1;
  if (job.bytes_total) return Math.min(1, job.bytes_done / job.bytes_total);
  if (job.objects_total) return Math.min(1, job.objects_done / job.objects_total);
  return undefined;
}

const MB = 1024 * 1024;

/** '12/40 objects, 1.5 of 61.0 MB', or '' before the tool has reported anything. */
export function describeProgress(job: IJob): string {
  const parts: string[] = [];
  if (job.objects_total) parts.push(`${job.objects_done}/${job.objects_total} objects`);
  if (job.bytes_total) parts.push(`${(job.bytes_done / MB).toFixed(1)} of ${(job.bytes_total / MB).toFixed(1)} MB`);
  return parts.join(', ');
}
