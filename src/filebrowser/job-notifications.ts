/**
 * Progress of uploads, loads and downloads as JupyterLab notifications: one per transfer, with a progress bar
 * while it runs (and Cancel for jobs), then success or the reason it failed.
 */
import { Notification } from '@jupyterlab/apputils';
import type { IChangedArgs } from '@jupyterlab/coreutils';
import type { FileBrowserModel, IUploadModel } from '@jupyterlab/filebrowser';
import { baseName, parentOf } from './domain-paths.js';
import { describeProgress, IJob, jobProgress } from './jobs.js';
import type { DomainTransfers } from './transfers.js';

/** Milliseconds a success stays on screen (failures stay until dismissed). */
const SUCCESS_SHOWN_MS = 6000;

export interface JobNotificationsOptions {
  transfers: DomainTransfers;
  /** Shows a loaded domain in the browser (the notification's Show action). */
  reveal: (domain: string) => void;
}

export class JobNotifications {
  private readonly _jobs = new Map<string, string>();
  private readonly _uploads = new Map<string, string>();

  constructor(private readonly _options: JobNotificationsOptions) {
    _options.transfers.jobChanged.connect(this._onJob, this);
  }

  /** Also reports the uploads of a file browser (the part before loading: browser → lab server). */
  watchUploads(model: FileBrowserModel): void {
    model.uploadChanged.connect(this._onUpload, this);
  }

  private _onJob(_: DomainTransfers, job: IJob): void {
    const id = this._jobs.get(job.id);
    const { type, message, options } = this._describe(job);
    if (id === undefined) {
      this._jobs.set(job.id, Notification.emit(message, type, options));
    } else {
      Notification.update({ id, message, type, ...options });
    }
    if (job.state !== 'running') this._jobs.delete(job.id);
  }

  private _describe(job: IJob): { type: Notification.TypeOptions; message: string; options: Notification.IOptions<null> } {
    const what = job.kind === 'load' ? `Loading ${job.dst}` : `Preparing ${job.src} for download`;
    switch (job.state) {
      case 'running': {
        const progress = describeProgress(job);
        return {
          type: 'in-progress',
          message: `${what}…${progress ? ` ${progress}` : ''}`,
          options: {
            autoClose: false,
            progress: jobProgress(job),
            actions: [{ label: 'Cancel', callback: () => void this._options.transfers.cancel(job.id) }],
          },
        };
      }
      case 'done':
        if (job.kind === 'get') {
          return {
            type: 'success',
            message: `${job.src} saved as ${job.dst} in the lab; your browser downloads it now.`,
            options: { autoClose: SUCCESS_SHOWN_MS, progress: 1, actions: [] },
          };
        }
        return {
          type: 'success',
          message: `Loaded ${baseName(job.dst)} into ${parentOf(job.dst)}`,
          options: {
            autoClose: SUCCESS_SHOWN_MS,
            progress: 1,
            actions: [{ label: 'Show', callback: () => this._options.reveal(job.dst) }],
          },
        };
      case 'cancelled':
        return { type: 'warning', message: `Cancelled: ${what}`, options: { autoClose: SUCCESS_SHOWN_MS, actions: [] } };
      default:
        return {
          type: 'error',
          message: `${job.kind === 'load' ? `Could not load ${job.dst}` : `Could not download ${job.src}`}: ${job.error ?? 'unknown error'}`,
          options: { autoClose: false, actions: [] },
        };
    }
  }

  private _onUpload(_: FileBrowserModel, change: IChangedArgs<IUploadModel | null>): void {
    const upload = change.newValue ?? change.oldValue;
    if (!upload) return;
    const name = baseName(upload.path);
    if (change.name === 'start') {
      this._uploads.set(upload.path, Notification.emit(`Uploading ${name} to the lab server…`, 'in-progress', { autoClose: false, progress: 0 }));
    } else if (change.name === 'update') {
      const id = this._uploads.get(upload.path);
      if (id) Notification.update({ id, message: `Uploading ${name} to the lab server… ${Math.round(upload.progress * 100)}%`, progress: upload.progress });
    } else {
      // Finished (loading is reported by its own notification) or failed (JupyterLab shows the error).
      const id = this._uploads.get(upload.path);
      if (id) Notification.dismiss(id);
      this._uploads.delete(upload.path);
    }
  }
}
