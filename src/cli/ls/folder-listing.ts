/**
 * hsls of a folder, in h5pyd's columns (owner, size with -v, class, last modified, path): the folder itself,
 * then its items; with -r the items of sub-folders too (folders that cannot be read are passed over, as
 * h5pyd does); "N items" at the end, and with -v the total size of the domains listed.
 */
import { Connection, File, Folder, FolderEntry, HsError } from '../../client/index.js';
import { humanSize, localTimestamp } from '../common/format.js';
import { Progress } from '../common/progress.js';
import { ToolContext } from '../common/tool.js';
import { dumpAcls } from './domain-listing.js';

export interface FolderListingOptions {
  recursive: boolean;
  verbose: boolean;
  human: boolean;
  showAcls: boolean;
  namesOnly: boolean;
  pattern?: string;
  query?: string;
}

export async function listFolder(ctx: ToolContext, connection: Connection, path: string, opts: FolderListingOptions): Promise<void> {
  const folderPath = path.endsWith('/') ? path : `${path}/`;
  const folder = await Folder.open(folderPath, 'r', { connection });
  const listing = new FolderLister(ctx, connection, opts);
  if (!opts.namesOnly) listing.line(folder.owner ?? '', undefined, 'folder', folder.modified, folderPath);
  listing.items++;
  if (opts.showAcls && folderPath !== '/') await dumpAcls(ctx, () => folder.getAcls());
  await listing.visit(folder, '');
  listing.finish();
  if (!opts.namesOnly) ctx.out(`${listing.items} items`);
  if (listing.totalSize > 0) ctx.out(`${opts.human ? humanSize(listing.totalSize) : listing.totalSize} bytes`);
}

class FolderLister {
  items = 0;
  totalSize = 0;
  private readonly progress?: Progress;

  constructor(
    private readonly ctx: ToolContext,
    private readonly connection: Connection,
    private readonly opts: FolderListingOptions,
  ) {
    if (opts.recursive) this.progress = ctx.progress();
  }

  finish(): void {
    if (this.progress) this.ctx.endProgress(this.progress);
  }

  /** Lists a folder's items; `relative` is the folder's path below the listed one (for -n). */
  async visit(folder: Folder, relative: string): Promise<void> {
    const entries = folder.entries({ pattern: this.opts.pattern, query: this.opts.query, verbose: this.opts.verbose });
    for await (const entry of entries) {
      const isFolder = entry.class === 'folder';
      const suffix = isFolder ? '/' : '';
      const size = typeof entry.total_size === 'number' ? entry.total_size : undefined;
      if (size !== undefined) this.totalSize += size;
      if (this.opts.namesOnly) this.ctx.out(`${relative}${entry.basename}${suffix}`);
      else this.line(entry.owner ?? '', size, entry.class, entry.lastModified, `${entry.name}${suffix}`);
      this.items++;
      this.progress?.update(`${this.items} items`);
      if (this.opts.showAcls) await this.itemAcls(entry);
      if (isFolder && this.opts.recursive) {
        const sub = await this.openSubFolder(`${entry.name}/`);
        if (sub) await this.visit(sub, `${relative}${entry.basename}/`);
      }
    }
  }

  line(owner: string, size: number | undefined, cls: string, modified: number | undefined, path: string): void {
    this.ctx.out(`${owner.padEnd(35)} ${this.size(size).padEnd(15)} ${cls.padEnd(8)} ${localTimestamp(modified)} ${path}`);
  }

  private size(n: number | undefined): string {
    if (n === undefined) return ' '.repeat(8);
    return this.opts.human ? humanSize(n, 7) : String(n);
  }

  /** A sub-folder to descend into, or undefined when it cannot be read (no permission, just deleted). */
  private async openSubFolder(path: string): Promise<Folder | undefined> {
    try {
      return await Folder.open(path, 'r', { connection: this.connection });
    } catch (e) {
      if (e instanceof HsError && [401, 403, 404, 410].includes(e.status)) {
        this.ctx.log.info(`skipping ${path}: ${e.message}`);
        return undefined;
      }
      throw e;
    }
  }

  private async itemAcls(entry: FolderEntry): Promise<void> {
    if (entry.class === 'folder') {
      const sub = await this.openSubFolder(`${entry.name}/`);
      if (sub) await dumpAcls(this.ctx, () => sub.getAcls());
      return;
    }
    await dumpAcls(this.ctx, async () => {
      const file = await File.open(entry.name, 'r', { connection: this.connection, useCache: false });
      return file.getAcls();
    });
  }
}
