/**
 * HdfDrive: the HDF REST service as a JupyterLab contents drive, so that JupyterLab's own file browser can show
 * it. Folders are directories; domains are items of the content type 'hdf-domain' (not documents: the browser
 * opens them with the h5lab:open-domain command). Uploads and downloads are handed to IDomainTransfers, which
 * goes through the lab server (hsload / hsget jobs). Browser-safe, and free of JupyterLab runtime imports so that
 * node's test runner runs it against the real server.
 */
import type { Contents, ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';
import { baseName, domainOf, invalidName, joinPath, localPathOf, parentOf, untitledName } from './domain-paths.js';
import { DomainItem, DomainService } from './domain-service.js';
import { DomainBrowserError } from './errors.js';

/** Content type of domains in the drive's models (and name of their file type). */
export const DOMAIN_CONTENT_TYPE = 'hdf-domain';
export const HDF5_MIME_TYPE = 'application/x-hdf5';

/** A drive model, with what the HDF listing shows beyond JupyterLab's fields. */
export interface IDomainModel extends Contents.IModel {
  /** Domain path: '/home/ana/data.h5'; '/' for the top level. */
  readonly domain: string;
  readonly owner?: string;
}

/** How files get into and out of the service: through the lab server (see transfers.ts). */
export interface IDomainTransfers {
  /**
   * Takes one part of an upload to `domain`, as JupyterLab's file browser sends them (base64, `chunk` 1, 2, …, -1,
   * or no `chunk` for a small file). Resolves true when that was the last part and loading has started.
   */
  upload(domain: string, part: Partial<Contents.IModel>): Promise<boolean>;
  /** Writes `domain` into an HDF5 file of the lab and returns the URL that downloads it. */
  downloadUrl(domain: string): Promise<string>;
}

export interface HdfDriveOptions {
  service: DomainService;
  serverSettings: ServerConnection.ISettings;
  /** Without it, uploads and downloads are refused. */
  transfers?: IDomainTransfers;
  name?: string;
}

export class HdfDrive implements Contents.IDrive {
  readonly name: string;
  readonly serverSettings: ServerConnection.ISettings;
  readonly service: DomainService;
  private readonly _transfers: IDomainTransfers | undefined;
  private readonly _fileChanged = new Signal<Contents.IDrive, Contents.IChangedArgs>(this);
  private _isDisposed = false;

  constructor(options: HdfDriveOptions) {
    this.name = options.name ?? 'HDF';
    this.serverSettings = options.serverSettings;
    this.service = options.service;
    this._transfers = options.transfers;
  }

  get fileChanged(): ISignal<Contents.IDrive, Contents.IChangedArgs> {
    return this._fileChanged;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    Signal.clearData(this);
  }

  async get(localPath: string, options: Contents.IFetchOptions = {}): Promise<IDomainModel> {
    const withContent = options.content !== false;
    const { item, items } = await this.service.open(localPath, withContent);
    if (item.kind === 'domain' && withContent) {
      throw new DomainBrowserError(
        `${item.path} is an HDF domain, not a document: open it from the HDF Domains browser (double-click) to view it.`,
        400,
      );
    }
    const identity = await this._identity();
    return this._model(item, identity, items?.map((child) => this._model(child, identity)));
  }

  async getDownloadUrl(localPath: string): Promise<string> {
    const item = await this.service.stat(localPath);
    if (item.kind === 'folder') throw new DomainBrowserError(`${item.path} is a folder: only domains can be downloaded as .h5 files.`, 400);
    return this._requireTransfers('download').downloadUrl(item.path);
  }

  /** A new folder ('Untitled Folder', …) or an empty domain ('untitled.h5', …) in `options.path`. */
  async newUntitled(options: Contents.ICreateOptions = {}): Promise<IDomainModel> {
    const type = options.type ?? 'file';
    if (type !== 'directory' && type !== 'file' && type !== DOMAIN_CONTENT_TYPE) {
      throw new DomainBrowserError(`HDF Domains holds folders and domains only, not ${type}s.`, 400);
    }
    const folder = domainOf(options.path ?? '');
    const taken = new Set((await this.service.list(folder)).map((item) => item.name));
    const name = untitledName(taken, type === 'directory' ? 'folder' : 'domain', options.ext || '.h5');
    const path = joinPath(folder, name);
    const item = type === 'directory' ? await this.service.createFolder(path) : await this.service.createDomain(path);
    const model = this._model(item, await this._identity());
    this._fileChanged.emit({ type: 'new', oldValue: null, newValue: model });
    return model;
  }

  async delete(localPath: string): Promise<void> {
    await this.service.delete(localPath);
    this._fileChanged.emit({ type: 'delete', oldValue: { path: localPathOf(localPath) }, newValue: null });
  }

  /** Renames or moves a domain or an empty folder (see DomainService.move). */
  async rename(oldLocalPath: string, newLocalPath: string): Promise<IDomainModel> {
    const problem = invalidName(baseName(newLocalPath));
    if (problem) throw new DomainBrowserError(problem, 400);
    const item = await this.service.move(oldLocalPath, newLocalPath);
    const model = this._model(item, await this._identity());
    this._fileChanged.emit({ type: 'rename', oldValue: { path: localPathOf(oldLocalPath) }, newValue: model });
    return model;
  }

  /**
   * Saving is how JupyterLab's file browser uploads: each part of an HDF5 file goes to the transfers, and the
   * model of the domain being loaded is returned. A directory model creates a folder.
   */
  async save(localPath: string, options: Partial<Contents.IModel> = {}): Promise<IDomainModel> {
    const domain = domainOf(localPath);
    if (options.type === 'directory') {
      const model = this._model(await this.service.createFolder(domain), await this._identity());
      this._fileChanged.emit({ type: 'new', oldValue: null, newValue: model });
      return model;
    }
    if (options.type !== 'file' || options.format !== 'base64') {
      throw new DomainBrowserError('Only HDF5 files can be saved into HDF Domains: upload them, or load them from the file browser.', 400);
    }
    const name = baseName(domain);
    if (options.chunk === undefined || options.chunk === 1) {
      const problem = invalidName(name);
      if (problem) throw new DomainBrowserError(problem, 400);
      if (parentOf(domain) === '/') {
        throw new DomainBrowserError('Domains cannot be created at the top level: open a folder first, such as your home folder.', 403);
      }
    }
    const finished = await this._requireTransfers('upload').upload(domain, options);
    const model = this._model({ path: domain, name, kind: 'domain' }, await this._identity());
    if (finished) this._fileChanged.emit({ type: 'save', oldValue: null, newValue: model });
    return model;
  }

  async copy(localPath: string): Promise<IDomainModel> {
    throw new DomainBrowserError(
      `Domains cannot be copied from the browser (${domainOf(localPath)}): use hscopy in a terminal, or move it instead.`,
      400,
    );
  }

  async createCheckpoint(localPath: string): Promise<Contents.ICheckpointModel> {
    throw new DomainBrowserError(`HDF domains have no checkpoints (${domainOf(localPath)}).`, 400);
  }

  async listCheckpoints(): Promise<Contents.ICheckpointModel[]> {
    return [];
  }

  async restoreCheckpoint(localPath: string): Promise<void> {
    throw new DomainBrowserError(`HDF domains have no checkpoints (${domainOf(localPath)}).`, 400);
  }

  async deleteCheckpoint(localPath: string): Promise<void> {
    throw new DomainBrowserError(`HDF domains have no checkpoints (${domainOf(localPath)}).`, 400);
  }

  private _requireTransfers(what: 'upload' | 'download'): IDomainTransfers {
    if (!this._transfers) throw new DomainBrowserError(`This HDF drive cannot ${what} files: it has no connection to the lab server.`, 400);
    return this._transfers;
  }

  private async _identity(): Promise<{ username?: string; isAdmin: boolean }> {
    // Listings stay usable when /about fails: only `writable` depends on it.
    return this.service.identity().catch(() => ({ isAdmin: false }));
  }

  private _model(item: DomainItem, identity: { username?: string; isAdmin: boolean }, content?: IDomainModel[]): IDomainModel {
    const isDomain = item.kind === 'domain';
    return {
      name: item.name,
      path: localPathOf(item.path),
      domain: item.path,
      type: isDomain ? DOMAIN_CONTENT_TYPE : 'directory',
      owner: item.owner,
      // Whether it is ours: the service tells per-item permissions only through ACL requests.
      writable: identity.isAdmin || (item.owner !== undefined && item.owner === identity.username),
      created: isoTime(item.created),
      last_modified: isoTime(item.lastModified),
      mimetype: isDomain ? HDF5_MIME_TYPE : '',
      content: content ?? null,
      format: content ? 'json' : null,
    };
  }
}

function isoTime(seconds: number | undefined): string {
  return seconds === undefined ? '' : new Date(seconds * 1000).toISOString();
}
