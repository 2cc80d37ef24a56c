/**
 * What every object of one open domain shares: the connection, the domain path, whether writes are allowed,
 * the domain JSON (root id, limits, compressors) and, for files opened read-only, the metadata of all objects
 * fetched at open time (`domain_objs`), from which lookups are answered without further requests.
 */
import type { Group } from './group.js';
import { Connection, Method, RestRequest, RestResponse } from './connection.js';
import { Collection, collectionOf, DomainJson, ObjectJson } from './json-types.js';

const DEFAULT_MAX_REQUEST_SIZE = 100 * 1024 * 1024;

export type SessionRequest = Omit<RestRequest, 'domain'>;

export class DomainSession {
  private readonly objdb?: Record<string, ObjectJson>;

  constructor(
    readonly connection: Connection,
    readonly domain: string,
    readonly writable: boolean,
    readonly domainJson: DomainJson,
    /** Opens another domain's root group read-only (external links); supplied by File to avoid an import cycle. */
    readonly openExternal: (domain: string) => Promise<Group>,
  ) {
    this.objdb = writable ? undefined : (domainJson.domain_objs as Record<string, ObjectJson> | undefined);
  }

  get rootId(): string {
    const root = this.domainJson.root;
    if (!root) throw new TypeError(`${this.domain} is a folder, not a file`);
    return root;
  }

  /** The server's request size limit (HSDS `max_request_size`). */
  get maxRequestSize(): number {
    return this.domainJson.limits?.max_request_size ?? DEFAULT_MAX_REQUEST_SIZE;
  }

  get compressors(): string[] {
    return this.domainJson.compressors?.length ? this.domainJson.compressors : ['gzip'];
  }

  /** Metadata fetched at open time, when the file is read-only and the server sent it. */
  cached<T extends ObjectJson>(id: string): T | undefined {
    return this.objdb?.[id] as T | undefined;
  }

  request(req: SessionRequest): Promise<RestResponse> {
    const reads = req.method === 'GET' || (req.method === 'POST' && req.idempotent);
    if (!reads && !this.writable)
      throw new Error(`cannot change ${this.domain}: it was opened read-only (mode 'r'); open it with mode 'r+' or 'a' to write`);
    return this.connection.request({ ...req, domain: this.domain });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async json<T = any>(method: Method, path: string, options: Omit<SessionRequest, 'method' | 'path'> = {}): Promise<T> {
    return (await this.request({ ...options, method, path })).json<T>();
  }

  /** An object's JSON, from the open-time metadata when available. */
  async object<T extends ObjectJson>(id: string, collection: Collection = collectionOf(id)): Promise<T> {
    return this.cached<T>(id) ?? this.json<T>('GET', `/${collection}/${id}`, { what: `object ${id}` });
  }
}
