/**
 * A folder of domains (h5pyd's Folder): paged listing (`GET /domains` with Limit/Marker), sub-folder creation,
 * deletion of items, and ACLs. Folder paths end with '/'; '/' itself lists the top-level folders.
 */
import { getAcl, getAcls, setAcl } from './acl-requests.js';
import { splitDomainUrl } from './config.js';
import { Connection } from './connection.js';
import { HsError } from './errors.js';
import { OpenOptions } from './file.js';
import { Acl, AclEntry, DomainJson } from './json-types.js';

export type FolderMode = 'r' | 'r+' | 'a' | 'w' | 'w-' | 'x';

export interface FolderEntry {
  /** Full path, e.g. /home/user/data.h5 */
  name: string;
  /** Last path component. */
  basename: string;
  class: 'domain' | 'folder';
  owner?: string;
  created?: number;
  lastModified?: number;
  root?: string;
  /** With `verbose`: object and byte counts, as the server reports them. */
  [key: string]: unknown;
}

export interface ListOptions {
  /** Glob on the item name, e.g. '*.h5'. */
  pattern?: string;
  /** Only domains whose root attributes satisfy this expression (HSDS query syntax). */
  query?: string;
  /** Include object and size counts (slower on the server). */
  verbose?: boolean;
  /** Items per request (default 1000). */
  batchSize?: number;
  signal?: AbortSignal;
}

export interface FolderOpenOptions extends Pick<OpenOptions, Exclude<keyof OpenOptions, 'useCache' | 'trackOrder' | 'linkedDomain'>> {}

export class Folder {
  private constructor(
    readonly connection: Connection,
    /** Folder path with a trailing slash. */
    readonly path: string,
    readonly mode: FolderMode,
    private readonly json: DomainJson,
    private readonly ownsConnection: boolean,
  ) {}

  /** Opens a folder; modes 'w', 'w-' and 'x' create it when missing (its parent must exist). */
  static async open(path: string, mode: FolderMode = 'r', options: FolderOpenOptions = {}): Promise<Folder> {
    const { endpoint, path: raw } = splitDomainUrl(path);
    if (!raw.startsWith('/')) throw new TypeError(`folder '${path}' must be an absolute path such as /home/user/`);
    const folder = raw.endsWith('/') ? raw : `${raw}/`;
    const ownsConnection = !options.connection || endpoint !== undefined;
    const connection = options.connection && !endpoint ? options.connection : new Connection({ ...(options.connection?.config ?? {}), ...options, ...(endpoint ? { endpoint } : {}) });
    try {
      let json: DomainJson = { class: 'folder' };
      if (folder !== '/') {
        const domain = folder.slice(0, -1);
        const create = mode === 'w' || mode === 'w-' || mode === 'x';
        const res = await connection.request({ method: 'GET', path: '/', domain, allow: create ? [404, 410] : [], signal: options.signal });
        if (res.status === 200) {
          json = res.json<DomainJson>();
          if (json.root || json.class === 'domain') throw new TypeError(`${domain} is a domain (file), not a folder`);
        } else {
          const body: Record<string, unknown> = { folder: true };
          if (options.owner) body.owner = options.owner;
          json = await connection.json<DomainJson>('PUT', '/', { domain, json: body, signal: options.signal });
        }
      }
      return new Folder(connection, folder, mode, json, ownsConnection);
    } catch (e) {
      if (ownsConnection) await connection.close();
      throw e;
    }
  }

  get owner(): string | undefined {
    return this.json.owner;
  }

  get created(): number | undefined {
    return this.json.created;
  }

  get modified(): number | undefined {
    return this.json.lastModified;
  }

  /** The folder path without its trailing slash ('' for the top level), as ACL requests name it. */
  private get domain(): string {
    return this.path.slice(0, -1);
  }

  /** Items of the folder, fetched in batches as iteration proceeds. */
  async *entries(options: ListOptions = {}): AsyncGenerator<FolderEntry> {
    const batch = options.batchSize ?? 1000;
    let marker: string | undefined;
    for (;;) {
      const res = await this.connection.json<{ domains: FolderEntry[] }>('GET', '/domains', {
        domain: this.path,
        query: {
          verbose: options.verbose ? 1 : undefined,
          // As h5pyd: a query filters after listing, so it is sent without paging.
          Limit: options.query ? undefined : batch,
          Marker: marker,
          pattern: options.pattern,
          query: options.query,
        },
        what: `folder ${this.path}`,
        signal: options.signal,
      });
      for (const d of res.domains) yield { ...d, basename: d.name.slice(d.name.lastIndexOf('/') + 1) };
      if (options.query || res.domains.length < batch) return;
      marker = res.domains[res.domains.length - 1].name;
    }
  }

  async list(options: ListOptions = {}): Promise<FolderEntry[]> {
    const out: FolderEntry[] = [];
    for await (const e of this.entries(options)) out.push(e);
    return out;
  }

  /** Names of the items. */
  async keys(options: ListOptions = {}): Promise<string[]> {
    return (await this.list(options)).map((e) => e.basename);
  }

  /** The item called `name`, or undefined. */
  async get(name: string): Promise<FolderEntry | undefined> {
    for await (const e of this.entries()) if (e.basename === name) return e;
    return undefined;
  }

  /** Creates a sub-folder. */
  async createFolder(name: string): Promise<Folder> {
    this.requireWritable();
    return Folder.open(`${this.path}${name}/`, 'x', { connection: this.connection });
  }

  /** Deletes a domain, or an empty sub-folder (409 if it has items). */
  async delete(name: string): Promise<void> {
    this.requireWritable();
    const domain = `${this.path}${name}`;
    await this.connection.request({ method: 'DELETE', path: '/', domain, what: `${domain}` });
  }

  async getAcl(user: string): Promise<AclEntry> {
    return getAcl(this.connection, this.requireDomain(), user);
  }

  async getAcls(): Promise<AclEntry[]> {
    return getAcls(this.connection, this.requireDomain());
  }

  async setAcl(user: string, acl: Partial<Acl>): Promise<void> {
    this.requireWritable();
    await setAcl(this.connection, this.requireDomain(), user, acl);
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.connection.close();
  }

  private requireWritable(): void {
    if (this.mode === 'r') throw new Error(`cannot change ${this.path}: the folder was opened read-only (mode 'r')`);
  }

  private requireDomain(): string {
    if (!this.domain) throw new HsError({ status: 400, reason: 'the top level has no ACLs', method: 'GET', path: '/acls', what: 'the top-level folder' });
    return this.domain;
  }
}
