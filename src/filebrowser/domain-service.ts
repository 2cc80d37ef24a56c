/**
 * What the domain browser does on the HDF REST service, on the SDK: folder listings (paged, through Folder),
 * creating folders and domains, deleting, moving a domain (h5pyd's hsmv: a new domain on the same root group,
 * then the old entry removed) or an empty folder, and ACLs. Browser-safe; the tests run it in Node against the
 * real server.
 */
import { getAcls, setAcl } from '../client/acl-requests.js';
import { Acl, AclEntry, Connection, DomainJson, Folder, HsError } from '../client/index.js';
import { baseName, domainOf, folderPath } from './domain-paths.js';
import { DomainBrowserError, explain } from './errors.js';

export type DomainKind = 'folder' | 'domain';

export interface DomainItem {
  /** Domain path without a trailing slash ('/home/ana/data.h5', '/home/ana/results'); '/' for the top level. */
  path: string;
  name: string;
  kind: DomainKind;
  owner?: string;
  /** Seconds since the epoch, as the service sends them. */
  created?: number;
  lastModified?: number;
}

export interface Identity {
  /** Who the service takes us for (`/about`); undefined for anonymous access. */
  username?: string;
  isAdmin: boolean;
}

/** Items per listing request: large folders are read in pages of this size. */
const PAGE_SIZE = 500;

export interface DomainServiceOptions {
  /** Items per listing request (default 500). */
  pageSize?: number;
}

export class DomainService {
  private _identity: { connection: Connection; identity: Promise<Identity> } | undefined;
  private readonly _pageSize: number;

  /** `connect` gives the SDK connection of the moment (the endpoint settings may change). */
  constructor(
    private readonly _connect: () => Connection,
    options: DomainServiceOptions = {},
  ) {
    this._pageSize = options.pageSize ?? PAGE_SIZE;
  }

  get connection(): Connection {
    return this._connect();
  }

  /** The user the service sees, asked once per connection. */
  identity(): Promise<Identity> {
    const connection = this.connection;
    if (this._identity?.connection !== connection) {
      const identity = connection.about().then((about) => ({ username: about.username || undefined, isAdmin: about.isadmin === true }));
      identity.catch(() => {
        if (this._identity?.identity === identity) this._identity = undefined;
      });
      this._identity = { connection, identity };
    }
    return this._identity.identity;
  }

  /** The user's home folder, /home/<user>/, when it exists. */
  async homeFolder(): Promise<string | undefined> {
    const { username } = await this.identity();
    if (!username) return undefined;
    const home = `/home/${username}`;
    const item = await this.find(home);
    return item?.kind === 'folder' ? folderPath(home) : undefined;
  }

  /** The folder or domain at `path`; rejects (404) when there is none. */
  stat(path: string): Promise<DomainItem> {
    return this._stat(domainOf(path), `open ${domainOf(path)}`);
  }

  /** The folder or domain at `path`, or undefined when there is none. */
  async find(path: string): Promise<DomainItem | undefined> {
    try {
      return await this.stat(path);
    } catch (error) {
      if (error instanceof DomainBrowserError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * A folder with its items, or a domain: what the drive's get() needs. Folders are opened with the SDK's
   * Folder, which reads the folder itself and then its listing page by page.
   */
  async open(path: string, withItems: boolean): Promise<{ item: DomainItem; items?: DomainItem[] }> {
    const domain = domainOf(path);
    let folder: Folder;
    try {
      folder = await Folder.open(folderPath(domain), 'r', { connection: this.connection });
    } catch (error) {
      if (error instanceof TypeError && /is a domain/.test(error.message)) return { item: await this.stat(domain) };
      throw explain(error, `open ${domain}`);
    }
    const item: DomainItem =
      domain === '/'
        ? { path: '/', name: '', kind: 'folder' }
        : { path: domain, name: baseName(domain), kind: 'folder', owner: folder.owner, created: folder.created, lastModified: folder.modified };
    if (!withItems) return { item };
    try {
      const entries = await folder.list({ batchSize: this._pageSize });
      return { item, items: entries.map((entry) => itemOf(entry.name, entry)) };
    } catch (error) {
      throw explain(error, `list ${folderPath(domain)}`);
    }
  }

  /** Items of a folder ('/' for the top level). */
  async list(folder: string): Promise<DomainItem[]> {
    const { item, items } = await this.open(folder, true);
    if (item.kind !== 'folder') throw new DomainBrowserError(`${item.path} is a domain, not a folder.`, 400);
    return items ?? [];
  }

  async createFolder(path: string): Promise<DomainItem> {
    const domain = domainOf(path);
    try {
      const json = await this.connection.json<DomainJson>('PUT', '/', { domain, json: { folder: true }, what: `folder ${domain}` });
      return itemOf(domain, { ...json, class: 'folder' });
    } catch (error) {
      throw explain(error, `create the folder ${domain}`);
    }
  }

  /** An empty domain (a root group and nothing else). */
  async createDomain(path: string): Promise<DomainItem> {
    const domain = domainOf(path);
    try {
      const json = await this.connection.json<DomainJson>('PUT', '/', { domain, what: `domain ${domain}` });
      return itemOf(domain, json);
    } catch (error) {
      throw explain(error, `create the domain ${domain}`);
    }
  }

  /** Deletes a domain with all its data, or an empty folder (a folder with items is refused, as the service does). */
  async delete(path: string): Promise<void> {
    const item = await this._stat(domainOf(path), `delete ${domainOf(path)}`);
    if (item.kind === 'folder') {
      const { items } = await this.open(item.path, true);
      if (items?.length) {
        throw new DomainBrowserError(
          `The folder ${item.path} is not empty (${items.length} item${items.length === 1 ? '' : 's'}): delete or move what it holds first.`,
          409,
        );
      }
    }
    try {
      await this.connection.request({ method: 'DELETE', path: '/', domain: item.path, what: `${item.kind} ${item.path}` });
    } catch (error) {
      if (error instanceof HsError && error.status === 409) {
        throw new DomainBrowserError(`The folder ${item.path} is not empty: delete or move what it holds first.`, 409);
      }
      throw explain(error, `delete ${item.path}`);
    }
  }

  /**
   * Moves (renames) a domain without copying its data, as hsmv does: a new domain is created on the source's
   * root group (`linked_domain`), the source's ACL entries are given to it, and the source entry is deleted
   * keeping its objects (`keep_root`). The service has no folder move: an empty folder is made again under the
   * new name (so that a new folder can be named), a folder with items is refused.
   */
  async move(from: string, to: string): Promise<DomainItem> {
    const source = domainOf(from);
    const target = domainOf(to);
    const item = await this._stat(source, `move ${source}`);
    if (source === target) return item;
    if (item.kind === 'folder') {
      const { items } = await this.open(source, true);
      if (items?.length) {
        throw new DomainBrowserError(
          `Only empty folders can be renamed or moved (the HDF REST API has no folder move): create ${target} and move the domains of ${source} into it.`,
          400,
        );
      }
    }
    if (await this.find(target)) throw new DomainBrowserError(`${target} already exists.`, 409);
    const connection = this.connection;
    // Without readACL on the source there is nothing to carry over; the new item still gets the owner's.
    const acls = await getAcls(connection, source).catch((): AclEntry[] => []);
    const body = item.kind === 'folder' ? { folder: true } : { linked_domain: source };
    try {
      await connection.request({ method: 'PUT', path: '/', domain: target, json: body, what: `${item.kind} ${target}` });
    } catch (error) {
      throw explain(error, `move ${source} to ${target}`);
    }
    const { username } = await this.identity();
    for (const { userName, ...flags } of acls) {
      if (userName !== username) await setAcl(connection, target, userName, flags).catch(() => undefined);
    }
    try {
      const query = item.kind === 'domain' ? { keep_root: 1 } : {};
      await connection.request({ method: 'DELETE', path: '/', domain: source, query, what: `${item.kind} ${source}` });
    } catch (error) {
      throw explain(error, `remove ${source} after copying it to ${target}`);
    }
    return this.stat(target);
  }

  /** `GET /` of a domain or folder; a failure explained as failing to do `action`. */
  private async _stat(domain: string, action: string): Promise<DomainItem> {
    if (domain === '/') return { path: '/', name: '', kind: 'folder' };
    try {
      const json = await this.connection.json<DomainJson>('GET', '/', { domain, what: `domain ${domain}` });
      return itemOf(domain, json);
    } catch (error) {
      throw explain(error, action);
    }
  }

  /** Who may do what with a folder or domain (needs readACL). */
  async acls(path: string): Promise<AclEntry[]> {
    const domain = domainOf(path);
    try {
      return await getAcls(this.connection, domain);
    } catch (error) {
      throw explain(error, `see who has access to ${domain}`);
    }
  }

  /** Sets all six flags of one ACL entry (a user name, `g:<group>`, or `default` for everyone). */
  async setAcl(path: string, name: string, acl: Acl): Promise<void> {
    const domain = domainOf(path);
    try {
      await setAcl(this.connection, domain, name, acl);
    } catch (error) {
      throw explain(error, `change the access of ${name} to ${domain}`);
    }
  }
}

/** A listing entry or a GET / answer as a DomainItem. */
function itemOf(path: string, json: DomainJson & { name?: string }): DomainItem {
  const domain = domainOf(path);
  return {
    path: domain,
    name: baseName(domain),
    kind: json.root || json.class === 'domain' ? 'domain' : 'folder',
    owner: json.owner,
    created: json.created,
    lastModified: json.lastModified,
  };
}
