/**
 * Entry point: finds datasets by path and reports where their raw data lives, reading only the metadata
 * structures on the way. Wrap the source with withReadCache() so the many small reads share block reads.
 */
import type { ByteSource } from './byte-source.js';
import { readDatasetInfo } from './dataset-storage.js';
import { Hdf5PathError } from './errors.js';
import type { FileContext } from './file-context.js';
import { isGroup, readGroupLinks } from './group-links.js';
import type { Link } from './messages.js';
import { MessageType, readObjectHeader, type HeaderMessage } from './object-header.js';
import type { DatasetInfo } from './storage-layout.js';
import { readSuperblock } from './superblock.js';

/** Soft links followed while resolving one path before giving up (catches loops). */
const MAX_SOFT_LINK_DEPTH = 32;

/** Path components: empty ones and "." are ignored, as HDF5 does; ".." has no special meaning. */
const components = (path: string) => path.split('/').filter((part) => part !== '' && part !== '.');
const joinPath = (parts: string[]) => '/' + parts.join('/');

export class Hdf5Locator {
  private readonly headers = new Map<number, Promise<HeaderMessage[]>>();
  private readonly groups = new Map<number, Promise<Map<string, Link> | null>>();

  private constructor(
    private readonly ctx: FileContext,
    private readonly rootAddress: number,
  ) {}

  static async open(src: ByteSource): Promise<Hdf5Locator> {
    const superblock = await readSuperblock(src);
    return new Hdf5Locator(superblock.context, superblock.rootObjectAddress);
  }

  /** Storage of the dataset at `path` ('/g1/g2/dset'), following hard and soft links inside the file. */
  async dataset(path: string): Promise<DatasetInfo> {
    const target = await this.resolve(path, 0);
    const messages = await this.header(target.address);
    const normalized = joinPath(components(path));
    if (!messages.some((m) => m.type === MessageType.layout)) {
      throw new Hdf5PathError(
        isGroup(messages)
          ? `'${normalized}' is a group, not a dataset`
          : `'${normalized}' is not a dataset (it has no data layout; it may be a committed datatype)`,
      );
    }
    return readDatasetInfo(this.ctx, (a) => this.header(a), normalized, target.address, messages);
  }

  /**
   * Every dataset reachable from '/' through hard links, sorted. Like HDF5's object visit, an object
   * reachable by several paths is listed once, under the first path met in a depth-first walk by name.
   */
  async listDatasets(): Promise<string[]> {
    const found: string[] = [];
    const visited = new Set<number>([this.rootAddress]);
    const walk = async (address: number, path: string): Promise<void> => {
      const links = (await this.links(address)) ?? new Map<string, Link>();
      const children = [...links.values()]
        .filter((link): link is Extract<Link, { kind: 'hard' }> => link.kind === 'hard')
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      // Start every child's header read now; they are consumed in order below.
      for (const child of children) this.header(child.address).catch(() => undefined);
      for (const child of children) {
        if (visited.has(child.address)) continue;
        visited.add(child.address);
        const childPath = `${path === '/' ? '' : path}/${child.name}`;
        const messages = await this.header(child.address);
        if (messages.some((m) => m.type === MessageType.layout)) found.push(childPath);
        else if (isGroup(messages)) await walk(child.address, childPath);
      }
    };
    await walk(this.rootAddress, '/');
    return found.sort();
  }

  private header(address: number): Promise<HeaderMessage[]> {
    let header = this.headers.get(address);
    if (!header) {
      header = readObjectHeader(this.ctx, address);
      this.headers.set(address, header);
      // Forget failures, so that a transient read error (e.g. a network source) is retried next time.
      header.catch(() => this.headers.delete(address));
    }
    return header;
  }

  private links(address: number): Promise<Map<string, Link> | null> {
    let links = this.groups.get(address);
    if (!links) {
      links = this.header(address)
        .then((messages) => readGroupLinks(this.ctx, messages, address))
        .then((list) => (list === null ? null : new Map(list.map((link) => [link.name, link]))));
      this.groups.set(address, links);
      links.catch(() => this.groups.delete(address));
    }
    return links;
  }

  private async resolve(path: string, softLinkDepth: number): Promise<{ address: number; parts: string[] }> {
    const wanted = components(path);
    let address = this.rootAddress;
    let parts: string[] = [];
    for (const name of wanted) {
      const groupPath = joinPath(parts);
      const links = await this.links(address);
      if (links === null) {
        throw new Hdf5PathError(`'${joinPath(wanted)}' does not exist: '${groupPath}' is not a group`);
      }
      const link = links.get(name);
      if (!link) {
        throw new Hdf5PathError(`'${joinPath(wanted)}' does not exist: no link named '${name}' in '${groupPath}'`);
      }
      const linkPath = joinPath([...parts, name]);
      switch (link.kind) {
        case 'hard':
          address = link.address;
          parts = [...parts, name];
          break;
        case 'soft': {
          if (softLinkDepth >= MAX_SOFT_LINK_DEPTH) {
            throw new Hdf5PathError(`too many levels of soft links while resolving '${linkPath}'`);
          }
          // A relative target is relative to the group holding the link.
          const target = link.target.startsWith('/') ? link.target : `${groupPath}/${link.target}`;
          let resolved: { address: number; parts: string[] };
          try {
            resolved = await this.resolve(target, softLinkDepth + 1);
          } catch (error) {
            // Report the outermost soft link only, not every level of a chain or loop.
            if (!(error instanceof Hdf5PathError) || softLinkDepth > 0) throw error;
            throw new Hdf5PathError(`soft link '${linkPath}' -> '${link.target}' does not resolve: ${error.message}`);
          }
          address = resolved.address;
          parts = resolved.parts;
          break;
        }
        case 'external':
          throw new Hdf5PathError(
            `'${linkPath}' is an external link to '${link.target}' in file '${link.file}'; ` +
              'external links are not followed',
          );
        case 'user-defined':
          throw new Hdf5PathError(
            `'${linkPath}' is a user-defined link (type ${link.linkType}), which is not followed`,
          );
      }
    }
    return { address, parts };
  }
}
