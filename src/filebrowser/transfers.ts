/**
 * Files in and out of the service through the lab server. An upload is first written into a staging folder of
 * the lab (JupyterLab's chunked contents API), then an hsload job loads it and removes it. A download is an
 * hsget job writing an .h5 file into the lab's download folder, which the browser then fetches from the lab.
 */
import type { Contents } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';
import { baseName, downloadName } from './domain-paths.js';
import type { IDomainTransfers } from './hdf-drive.js';
import { base64StartsLikeHdf5 } from './hdf5-signature.js';
import type { IJob, IJobRequest, JobsClient } from './jobs.js';

export interface TransferSettings {
  /** Folder of the lab (relative to its root) where uploads wait until they are loaded. */
  stagingFolder: string;
  /** Folder of the lab where downloaded domains are written. */
  downloadFolder: string;
}

export interface DomainTransfersOptions {
  jobs: JobsClient;
  /** The lab's own contents manager (its default drive is the server's file system). */
  contents: Contents.IManager;
  settings: () => TransferSettings;
  /** Milliseconds between two looks at a running job (default 500). */
  pollInterval?: number;
}

/** Polls in a row that may fail (a restarting server) before a job is given up. */
const MAX_POLL_FAILURES = 5;

export class DomainTransfers implements IDomainTransfers {
  /** Staging file of each upload in progress, by target domain. */
  private readonly _staged = new Map<string, string>();
  private readonly _jobChanged = new Signal<DomainTransfers, IJob>(this);

  constructor(private readonly _options: DomainTransfersOptions) {}

  /** Emitted when a job starts, at each change of its progress, and when it ends. */
  get jobChanged(): ISignal<DomainTransfers, IJob> {
    return this._jobChanged;
  }

  async upload(domain: string, part: Partial<Contents.IModel>): Promise<boolean> {
    const { contents } = this._options;
    const first = part.chunk === undefined || part.chunk === 1;
    const last = part.chunk === undefined || part.chunk === -1;
    const content = typeof part.content === 'string' ? part.content : '';
    let staged = this._staged.get(domain);
    if (first) {
      if (!base64StartsLikeHdf5(content)) throw new Error(`${baseName(domain)} is not an HDF5 file: only HDF5 files can be loaded into domains.`);
      const folder = trimSlashes(this._options.settings().stagingFolder);
      await this._ensureFolder(folder);
      staged = `${folder ? `${folder}/` : ''}${randomHex()}-${baseName(domain)}`;
      this._staged.set(domain, staged);
    } else if (!staged) {
      throw new Error(`The upload of ${baseName(domain)} lost its beginning: upload it again.`);
    }
    try {
      await contents.save(staged, { type: 'file', format: 'base64', content, chunk: part.chunk });
    } catch (error) {
      this._abandon(domain, staged);
      throw error;
    }
    if (!last) return false;
    this._staged.delete(domain);
    let job: IJob;
    try {
      // The file browser has already asked before replacing an existing domain.
      job = await this._options.jobs.start({ kind: 'load', src: staged, dst: domain, overwrite: true, remove_source: true });
    } catch (error) {
      this._abandon(domain, staged);
      throw error;
    }
    void this.follow(job);
    return true;
  }

  async downloadUrl(domain: string): Promise<string> {
    const folder = trimSlashes(this._options.settings().downloadFolder);
    const job = await this.run({ kind: 'get', src: domain, dst: `${folder ? `${folder}/` : ''}${downloadName(domain)}` });
    if (job.state !== 'done') throw new Error(job.error ?? `The download of ${domain} was cancelled.`);
    return this._options.contents.getDownloadUrl(job.dst);
  }

  /** Starts a job and follows it; resolves with its final state. */
  async run(request: IJobRequest): Promise<IJob> {
    return this.follow(await this._options.jobs.start(request));
  }

  /** Reports `job` through jobChanged until it ends; resolves with its final state. */
  async follow(job: IJob): Promise<IJob> {
    this._jobChanged.emit(job);
    let failures = 0;
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, this._options.pollInterval ?? 500));
      try {
        const next = await this._options.jobs.get(job.id);
        failures = 0;
        const changed = JSON.stringify(next) !== JSON.stringify(job);
        job = next;
        if (changed) this._jobChanged.emit(job);
      } catch (error) {
        if (++failures < MAX_POLL_FAILURES) continue;
        job = { ...job, state: 'failed', error: `Lost track of the job: ${(error as Error).message}` };
        this._jobChanged.emit(job);
      }
    }
    return job;
  }

  cancel(id: string): Promise<IJob> {
    return this._options.jobs.cancel(id);
  }

  /** Creates the folder (and its parents) in the lab's file system unless it exists. */
  private async _ensureFolder(folder: string): Promise<void> {
    const { contents } = this._options;
    let path = '';
    for (const part of folder.split('/').filter((p) => p !== '')) {
      path = path ? `${path}/${part}` : part;
      let existing: Contents.IModel | undefined;
      try {
        existing = await contents.get(path, { content: false });
      } catch (error) {
        if ((error as { response?: { status?: number } }).response?.status !== 404) throw error;
      }
      if (!existing) await contents.save(path, { type: 'directory' });
      else if (existing.type !== 'directory') throw new Error(`${path} is a file, not a folder: change the staging folder setting of HDF Domains.`);
    }
  }

  private _abandon(domain: string, staged: string): void {
    this._staged.delete(domain);
    this._options.contents.delete(staged).catch(() => undefined);
  }
}

function trimSlashes(path: string): string {
  return path.split('/').filter((part) => part !== '').join('/');
}

function randomHex(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
