/**
 * A domain opened as a file (h5py's File), which is also its root group. Modes as h5py/h5pyd:
 *   r   read only; must exist. All metadata is fetched in one request and served locally.
 *   r+  read/write; must exist.
 *   w   create; an existing domain is deleted first.
 *   w-, x  create; fail (409) if it exists.
 *   a   read/write if it exists (needs 'update' permission), else create.
 */
import { getAcl, getAcls, setAcl } from './acl-requests.js';
import { splitDomainUrl } from './config.js';
import { Connection, ConnectionOptions } from './connection.js';
import { DomainSession } from './domain-session.js';
import { HsError } from './errors.js';
import { Group } from './group.js';
import { Acl, AclEntry, DomainJson, GroupJson, Limits } from './json-types.js';

export type FileMode = 'r' | 'r+' | 'w' | 'w-' | 'x' | 'a';

const MODES: FileMode[] = ['r', 'r+', 'w', 'w-', 'x', 'a'];

export interface OpenOptions extends ConnectionOptions {
  /** Share a connection between files (otherwise one is made from the other options, and closed by close()). */
  connection?: Connection;
  /** In mode 'r', fetch all metadata at open time (default true; false suits domains others are changing). */
  useCache?: boolean;
  /** New domains: list root members in creation order. */
  trackOrder?: boolean;
  /** New domains: owner other than the caller (administrators only). */
  owner?: string;
  /** New domains: share the root group of this existing domain. */
  linkedDomain?: string;
  signal?: AbortSignal;
}

export interface DomainSummary {
  num_groups?: number;
  num_datasets?: number;
  num_datatypes?: number;
  num_objects?: number;
  num_chunks?: number;
  num_linked_chunks?: number;
  allocated_bytes?: number;
  metadata_bytes?: number;
  linked_bytes?: number;
  total_size?: number;
  lastModified?: number;
  md5_sum?: string;
  [key: string]: unknown;
}

export class File extends Group {
  private constructor(
    session: DomainSession,
    root: GroupJson,
    readonly mode: FileMode,
    private readonly ownsConnection: boolean,
  ) {
    super(session, root, '/');
  }

  static async open(domain: string, mode: FileMode = 'r', options: OpenOptions = {}): Promise<File> {
    if (!MODES.includes(mode)) throw new TypeError(`invalid mode '${mode}'; must be one of ${MODES.join(', ')}`);
    const { endpoint, path } = splitDomainUrl(domain);
    if (!path.startsWith('/')) throw new TypeError(`domain '${domain}' must be an absolute path such as /home/user/file.h5`);
    const ownsConnection = !options.connection || endpoint !== undefined;
    const connection = options.connection && !endpoint ? options.connection : new Connection({ ...(options.connection?.config ?? {}), ...options, ...(endpoint ? { endpoint } : {}) });
    try {
      const domainJson = await openDomain(connection, path, mode, options);
      const writable = mode !== 'r';
      const session = new DomainSession(connection, path, writable, domainJson, externalOpener(connection, options.useCache));
      const root = session.cached<GroupJson>(session.rootId) ?? (await session.json<GroupJson>('GET', `/groups/${session.rootId}`, { what: `root group of ${path}` }));
      return new File(session, root, mode, ownsConnection);
    } catch (e) {
      if (ownsConnection) await connection.close();
      throw e;
    }
  }

  /** The domain path. */
  get filename(): string {
    return this.domain;
  }

  get owner(): string | undefined {
    return this.session.domainJson.owner;
  }

  /** When the domain was created (seconds since the epoch). */
  override get created(): number | undefined {
    return this.session.domainJson.created;
  }

  get modified(): number | undefined {
    return this.session.domainJson.lastModified;
  }

  get limits(): Limits | undefined {
    return this.session.domainJson.limits;
  }

  /** Compressors the server can apply to new datasets. */
  get compressors(): string[] {
    return this.session.compressors;
  }

  get serverVersion(): string | undefined {
    return this.session.domainJson.version;
  }

  /** Object and storage counts from the server's scan of the domain. */
  async summary(): Promise<DomainSummary> {
    return this.session.json<DomainSummary>('GET', '/', { query: { verbose: 1 }, what: `domain ${this.domain}` });
  }

  /** Waits until the server has written all changes to storage. */
  async flush(): Promise<void> {
    await this.session.request({ method: 'PUT', path: '/', json: { flush: 1 }, what: `domain ${this.domain}` });
  }

  /** Releases the connection if this file made it. */
  async close(): Promise<void> {
    if (this.ownsConnection) await this.session.connection.close();
  }

  async getAcl(user: string): Promise<AclEntry> {
    return getAcl(this.session.connection, this.domain, user);
  }

  async getAcls(): Promise<AclEntry[]> {
    return getAcls(this.session.connection, this.domain);
  }

  async setAcl(user: string, acl: Partial<Acl>): Promise<void> {
    if (!this.session.writable) throw new Error(`cannot change ACLs of ${this.domain}: it was opened read-only (mode 'r')`);
    await setAcl(this.session.connection, this.domain, user, acl);
  }
}

/** Gets, deletes or creates the domain as the mode says, returning its JSON. */
async function openDomain(connection: Connection, domain: string, mode: FileMode, options: OpenOptions): Promise<DomainJson> {
  const cacheAll = mode === 'r' && options.useCache !== false;
  const query = { getdnids: 1, getobjs: cacheAll ? 'T' : undefined, include_attrs: cacheAll ? 'T' : undefined };
  const mustExist = mode === 'r' || mode === 'r+';
  const res = await connection.request({ method: 'GET', path: '/', domain, query, allow: mustExist ? [] : [404, 410], signal: options.signal });
  let json: DomainJson | undefined = res.status === 200 ? res.json<DomainJson>() : undefined;
  const fail = (status: number, what: string) =>
    new HsError({ status, reason: '', method: 'GET', path: '/', domain, endpoint: connection.endpoint, what });
  if (json && (mode === 'w-' || mode === 'x')) throw fail(409, `domain ${domain}`);
  if (json && !json.root) throw new TypeError(`${domain} is a folder, not a file`);
  if (json && mode === 'w') {
    await connection.request({ method: 'DELETE', path: '/', domain, allow: [410], signal: options.signal });
    json = undefined;
  }
  if (!json) {
    const body: Record<string, unknown> = {};
    if (options.owner) body.owner = options.owner;
    if (options.linkedDomain) body.linked_domain = options.linkedDomain;
    if (options.trackOrder) body.group = { creationProperties: { CreateOrder: 1 } };
    json = await connection.json<DomainJson>('PUT', '/', { domain, query: { getdnids: 1 }, json: body, signal: options.signal });
  } else if (mode === 'a' && connection.username) {
    // As h5pyd: appending needs 'update' permission, checked now rather than at the first write.
    const acl = await connection.request({ method: 'GET', path: `/acls/${encodeURIComponent(connection.username)}`, domain, allow: [403, 404] });
    if (acl.status === 200 && !acl.json<{ acl: Acl }>().acl.update)
      throw new HsError({ status: 403, reason: '', method: 'PUT', path: '/', domain, endpoint: connection.endpoint, credentials: { kind: 'basic', user: connection.username }, what: `domain ${domain}` });
  }
  return json;
}

/** Opens external-link targets read-only on the same connection, once per domain. */
function externalOpener(connection: Connection, useCache: boolean | undefined): (domain: string) => Promise<Group> {
  const opened = new Map<string, Promise<Group>>();
  return (domain) => {
    let file = opened.get(domain);
    if (!file) {
      file = File.open(domain, 'r', { connection, useCache });
      opened.set(domain, file);
      file.catch(() => opened.delete(domain));
    }
    return file;
  };
}
