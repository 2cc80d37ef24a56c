/**
 * The data-node layer: owner of stored objects and chunks. It does storage-level operations only — the
 * service layer has already authenticated, authorized and validated the request. Every method takes and
 * returns plain JSON-serializable values so a data node can run in another process (HSDS's SN/DN split).
 *
 * Things deleted during this process's lifetime answer 410 Gone (404 after a restart), as HSDS's data nodes.
 */
import { badRequest, conflict, gone, notFound } from '../http/errors.js';
import type { AttributeJson, DatasetJson, DomainJson, LinkJson, ObjectJson } from '../model.js';
import { ACL_KEYS, now } from '../model.js';
import { stringifyJson } from '../../core/json.js';
import { domainKey, objectKey, rootPrefix } from '../storage/keys.js';
import { PARALLEL_DELETES, type ObjectStore } from '../storage/object-store.js';
import { forEachLimited } from '../async-pool.js';
import type { StoreCounts } from '../storage/counting-store.js';
import type { Selection, SliceSel } from '../../core/selection.js';
import { ChunkQuery, queryChunk } from './chunk-query.js';
import { ChunkSpec, ChunkStore, FieldWrite } from './chunk-store.js';
import type { DataNodeApi } from './data-node-api.js';
import { LinkedChunkReader } from './linked-chunks.js';
import { MetadataStore } from './metadata-store.js';
import { readSummary, scanDomain, DomainSummary } from './summary.js';

export interface DataNodeOptions {
  metadataCacheBytes: number;
  chunkCacheBytes: number;
}

export type { PutStatus } from './data-node-api.js';
import type { PutStatus } from './data-node-api.js';

export class DataNode implements DataNodeApi {
  readonly meta: MetadataStore;
  readonly chunks: ChunkStore;
  private readonly deleted = new Set<string>();

  constructor(
    readonly store: ObjectStore,
    options: DataNodeOptions,
    linkRoots: string[] = [],
  ) {
    this.meta = new MetadataStore(store, options.metadataCacheBytes);
    this.chunks = new ChunkStore(store, options.chunkCacheBytes, new LinkedChunkReader(store, linkRoots));
  }

  private mark(...parts: string[]): void {
    this.deleted.add(parts.join('\0'));
  }
  private unmark(...parts: string[]): void {
    this.deleted.delete(parts.join('\0'));
  }
  private wasDeleted(...parts: string[]): boolean {
    return this.deleted.has(parts.join('\0'));
  }

  // ---- domains and folders

  async getDomain(bucket: string, path: string): Promise<DomainJson | undefined> {
    const d = await this.meta.read<DomainJson>(bucket, domainKey(path));
    if (!d && this.wasDeleted('domain', bucket, path)) throw gone(`domain ${path} has been deleted`);
    return d;
  }

  /** Creating what already exists, identically, succeeds: a call retried after a node failure is harmless. */
  async createDomain(bucket: string, path: string, json: DomainJson): Promise<void> {
    if (!(await this.meta.create(bucket, domainKey(path), json)) && !(await this.holds(bucket, domainKey(path), json)))
      throw conflict(`domain ${path} already exists`);
    this.unmark('domain', bucket, path);
  }

  private async holds(bucket: string, key: string, json: object): Promise<boolean> {
    const current = await this.meta.read(bucket, key);
    return current !== undefined && stringifyJson(current) === stringifyJson(json);
  }

  /** Creates or updates one ACL entry: given keys override, and a new entry starts with every action denied. */
  async putAcl(bucket: string, path: string, user: string, acl: Record<string, unknown>): Promise<void> {
    const r = await this.meta.update<DomainJson, void>(bucket, domainKey(path), (d) => {
      const acls = d.acls ?? {};
      const base = Object.hasOwn(acls, user) ? acls[user] : Object.fromEntries(ACL_KEYS.map((k) => [k, false]));
      d.acls = { ...acls, [user]: { ...base, ...acl } as DomainJson['acls'][string] };
      d.lastModified = now();
    });
    if (!r) throw notFound(`domain ${path} not found`);
  }

  async deleteDomain(bucket: string, path: string): Promise<void> {
    await this.meta.remove(bucket, domainKey(path));
    this.mark('domain', bucket, path);
  }

  /** Sub-folder and sub-domain paths directly under a folder (key-listing order). */
  async listFolder(bucket: string, folderPath: string): Promise<string[]> {
    const prefix = folderPath.replace(/^\/+/, '').replace(/\/*$/, '/');
    const { prefixes } = await this.store.list(bucket, prefix === '/' ? '' : prefix, { delimiter: '/' });
    const out: string[] = [];
    for (const p of prefixes) {
      const path = '/' + p.slice(0, -1);
      if (p === 'db/' && prefix === '/') continue;
      if (await this.store.stat(bucket, domainKey(path))) out.push(path);
    }
    return out;
  }

  // ---- groups, datasets, datatypes

  async getObject<T extends ObjectJson = ObjectJson>(bucket: string, id: string): Promise<T> {
    const obj = await this.meta.read<T>(bucket, objectKey(id));
    if (!obj) {
      if (this.wasDeleted('obj', bucket, id)) throw gone(`object ${id} has been deleted`);
      throw notFound(`object ${id} not found`);
    }
    return obj;
  }

  async hasObject(bucket: string, id: string): Promise<boolean> {
    return (await this.meta.read(bucket, objectKey(id))) !== undefined;
  }

  async createObject(bucket: string, json: ObjectJson): Promise<void> {
    if (!(await this.meta.create(bucket, objectKey(json.id), json)) && !(await this.holds(bucket, objectKey(json.id), json)))
      throw conflict(`object ${json.id} already exists`);
  }

  async deleteObject(bucket: string, id: string): Promise<void> {
    // The object goes first: stopped half way, a delete leaves chunks nothing refers to, never a dataset that
    // has lost some of its chunks.
    await this.meta.remove(bucket, objectKey(id));
    this.mark('obj', bucket, id);
    if (id.startsWith('d-')) await this.chunks.deleteAll(bucket, id);
  }

  /** Deletes every object and chunk of a domain's tree (`db/<root>/…`). */
  async deleteRootTree(bucket: string, rootId: string): Promise<void> {
    const prefix = rootPrefix(rootId);
    const { objects } = await this.store.list(bucket, prefix);
    await forEachLimited(objects, PARALLEL_DELETES, (o) => this.store.delete(bucket, o.key));
    this.meta.cache.deletePrefix(`${bucket}/${prefix}`);
    this.chunks.cache.deletePrefix(`${bucket}/${prefix}`);
  }

  // ---- links

  async getLink(bucket: string, groupId: string, title: string): Promise<LinkJson> {
    const g = await this.getObject<ObjectJson & { links: Record<string, LinkJson> }>(bucket, groupId);
    const link = g.links && Object.hasOwn(g.links, title) ? g.links[title] : undefined;
    if (!link) {
      if (this.wasDeleted('link', bucket, groupId, title)) throw gone(`link ${title} has been deleted`);
      throw notFound(`link ${title} not found`);
    }
    return link;
  }

  /**
   * Creates links all-or-nothing: an existing link with the same name and target is left as is (200), one
   * with a different target makes the whole call 409.
   */
  async putLinks(bucket: string, groupId: string, links: Record<string, LinkJson>): Promise<Record<string, PutStatus>> {
    const r = await this.meta.update<ObjectJson & { links: Record<string, LinkJson> }, Record<string, PutStatus>>(
      bucket,
      objectKey(groupId),
      (g, ctl) => {
        const status: Record<string, PutStatus> = {};
        const existing = g.links ?? {};
        const added: Record<string, LinkJson> = {};
        for (const [title, link] of Object.entries(links)) {
          const old = Object.hasOwn(existing, title) ? existing[title] : undefined;
          if (old) {
            if (!sameLink(old, link)) throw conflict(`link ${title} already exists`);
            setOwn(status, title, 200);
          } else {
            setOwn(added, title, link);
            setOwn(status, title, 201);
          }
        }
        if (Object.keys(added).length === 0) ctl.unchanged = true;
        else {
          g.links = { ...existing, ...added };
          g.lastModified = now();
        }
        return status;
      },
    );
    if (!r) throw this.missing(bucket, groupId);
    for (const title of Object.keys(links)) this.unmark('link', bucket, groupId, title);
    return r.result;
  }

  /** Deletes links all-or-nothing; titles already deleted in this process are skipped, as HSDS does. */
  async deleteLinks(bucket: string, groupId: string, titles: string[]): Promise<void> {
    const r = await this.meta.update<ObjectJson & { links: Record<string, LinkJson> }, void>(bucket, objectKey(groupId), (g, ctl) => {
      const links = { ...(g.links ?? {}) };
      const removed = new Set<string>();
      for (const t of titles) {
        if (!Object.hasOwn(links, t)) {
          if (removed.has(t) || this.wasDeleted('link', bucket, groupId, t)) continue;
          throw notFound(`link ${t} not found`);
        }
        delete links[t];
        removed.add(t);
      }
      if (removed.size === 0) {
        ctl.unchanged = true;
        return;
      }
      g.links = links;
      g.lastModified = now();
    });
    if (!r) throw this.missing(bucket, groupId);
    for (const t of titles) this.mark('link', bucket, groupId, t);
  }

  // ---- attributes

  async getAttribute(bucket: string, objId: string, name: string): Promise<AttributeJson> {
    const obj = await this.getObject(bucket, objId);
    const attr = obj.attributes && Object.hasOwn(obj.attributes, name) ? obj.attributes[name] : undefined;
    if (!attr) {
      if (this.wasDeleted('attr', bucket, objId, name)) throw gone(`attribute ${name} has been deleted`);
      throw notFound(`attribute ${name} not found`);
    }
    return attr;
  }

  /**
   * Creates attributes all-or-nothing. Without `replace`, an identical existing attribute is 200 and a
   * different one makes the call 409; with `replace` it is overwritten keeping its original `created` and
   * counts as written (201), as HSDS's data node reports it.
   */
  async putAttributes(
    bucket: string,
    objId: string,
    attrs: Record<string, AttributeJson>,
    replace: boolean,
  ): Promise<Record<string, PutStatus>> {
    const r = await this.meta.update<ObjectJson, Record<string, PutStatus>>(bucket, objectKey(objId), (o, ctl) => {
      const existing = o.attributes ?? {};
      const next = { ...existing };
      const status: Record<string, PutStatus> = {};
      let changed = false;
      for (const [name, attr] of Object.entries(attrs)) {
        const old = Object.hasOwn(existing, name) ? existing[name] : undefined;
        if (old && sameAttribute(old, attr)) {
          setOwn(status, name, 200);
          continue;
        }
        if (old && !replace) throw conflict(`attribute ${name} already exists`);
        setOwn(next, name, old ? { ...attr, created: old.created } : attr);
        setOwn(status, name, 201);
        changed = true;
      }
      if (!changed) ctl.unchanged = true;
      else {
        o.attributes = next;
        o.lastModified = now();
      }
      return status;
    });
    if (!r) throw this.missing(bucket, objId);
    for (const name of Object.keys(attrs)) this.unmark('attr', bucket, objId, name);
    return r.result;
  }

  /**
   * Deletes attributes all-or-nothing: any name that never existed makes the call 404. Names already deleted
   * in this process are skipped, as HSDS's data node does.
   */
  async deleteAttributes(bucket: string, objId: string, names: string[]): Promise<void> {
    const r = await this.meta.update<ObjectJson, void>(bucket, objectKey(objId), (o, ctl) => {
      const next = { ...(o.attributes ?? {}) };
      let changed = false;
      for (const n of new Set(names)) {
        if (!Object.hasOwn(next, n)) {
          if (this.wasDeleted('attr', bucket, objId, n)) continue;
          throw notFound(`attribute ${n} not found`);
        }
        delete next[n];
        changed = true;
      }
      if (!changed) {
        ctl.unchanged = true;
        return;
      }
      o.attributes = next;
      o.lastModified = now();
    });
    if (!r) throw this.missing(bucket, objId);
    for (const n of names) this.mark('attr', bucket, objId, n);
  }

  // ---- dataset extent

  /**
   * Changes a dataset's dims atomically: to `dims`, or by `extend` along `dim` from the dims current at the
   * time of the change (so concurrent appends get distinct regions). Past maxdims → 409. The chunks a shrink
   * cuts off are cleaned up by their owners afterwards (service/shrink-chunks.ts).
   */
  async resizeDataset(
    bucket: string,
    spec: ChunkSpec,
    change: { dims?: number[]; extend?: number; dim?: number },
  ): Promise<{ oldDims: number[]; dims: number[] }> {
    const r = await this.meta.update<DatasetJson, { oldDims: number[]; dims: number[] }>(bucket, objectKey(spec.datasetId), (d, ctl) => {
      const oldDims = d.shape.dims ?? [];
      const maxdims = d.shape.maxdims ?? oldDims;
      const dims = change.dims ?? oldDims.map((n, i) => (i === change.dim ? n + (change.extend ?? 0) : n));
      dims.forEach((n, i) => {
        if (n > oldDims[i] && maxdims[i] !== 0 && n > maxdims[i]) throw conflict('Extension dimension can not be extended past max extent');
      });
      if (dims.every((n, i) => n === oldDims[i])) ctl.unchanged = true;
      else {
        d.shape = { ...d.shape, dims };
        d.lastModified = now();
      }
      return { oldDims, dims };
    });
    if (!r) throw this.missing(bucket, spec.datasetId);
    return r.result;
  }

  // ---- chunks

  /** Indices of the chunks a dataset has in storage. */
  listChunks(bucket: string, datasetId: string): Promise<number[][]> {
    return this.chunks.listIndices(bucket, datasetId);
  }

  deleteChunk(bucket: string, spec: ChunkSpec, index: number[]): Promise<void> {
    return this.chunks.deleteChunk(bucket, spec, index);
  }

  /** Resets a region of a chunk to the fill value. */
  fillChunk(bucket: string, spec: ChunkSpec, index: number[], sel: Selection): Promise<void> {
    return this.chunks.fillSelection(bucket, spec, index, sel);
  }


  readChunk(bucket: string, spec: ChunkSpec, index: number[], sel: Selection): Promise<Uint8Array | undefined> {
    return this.chunks.readSelection(bucket, spec, index, sel);
  }

  readChunks(bucket: string, spec: ChunkSpec, indices: number[][], sels: Selection[]): Promise<(Uint8Array | undefined)[]> {
    if (indices.length !== sels.length) throw badRequest('readChunks: one selection per chunk');
    return Promise.all(indices.map((index, i) => this.chunks.readSelection(bucket, spec, index, sels[i])));
  }

  readChunkPoints(bucket: string, spec: ChunkSpec, index: number[], offsets: number[]): Promise<Uint8Array | undefined> {
    return this.chunks.readPoints(bucket, spec, index, offsets);
  }

  writeChunk(bucket: string, spec: ChunkSpec, index: number[], sel: Selection, data: Uint8Array, fields?: FieldWrite): Promise<void> {
    return this.chunks.writeSelection(bucket, spec, index, sel, data, fields);
  }

  writeChunkPoints(bucket: string, spec: ChunkSpec, index: number[], offsets: number[], data: Uint8Array): Promise<void> {
    return this.chunks.writePoints(bucket, spec, index, offsets, data);
  }

  /** Stores a chunk given encoded by the dataset's filters, after checking it decodes (see ChunkStore.writeStored). */
  writeStoredChunk(bucket: string, spec: ChunkSpec, index: number[], stored: Uint8Array, extent: number[]): Promise<void> {
    return this.chunks.writeStored(bucket, spec, index, stored, extent);
  }

  /** A chunk's bytes as stored, undefined when it was never stored. */
  readStoredChunk(bucket: string, spec: ChunkSpec, index: number[]): Promise<Uint8Array | undefined> {
    return this.chunks.readStored(bucket, spec, index);
  }

  /** Query rows of a 1-D compound chunk (see chunk-query.ts). */
  queryChunk(bucket: string, spec: ChunkSpec, index: number[], sel: SliceSel, base: number, query: ChunkQuery): Promise<unknown[][]> {
    return queryChunk(this.chunks, bucket, spec, index, sel, base, query);
  }

  // ---- domain summary

  /** The last stored summary (undefined when never scanned). */
  readSummary(bucket: string, rootId: string): Promise<DomainSummary | undefined> {
    return readSummary(this.store, bucket, rootId);
  }

  summarize(bucket: string, rootId: string): Promise<DomainSummary> {
    return scanDomain(this.store, bucket, rootId);
  }

  private missing(bucket: string, id: string): Error {
    return this.wasDeleted('obj', bucket, id) ? gone(`object ${id} has been deleted`) : notFound(`object ${id} not found`);
  }

  /**
   * Forgets everything cached, including deletions seen: after a cluster membership change this node may own
   * other keys, whose current state only storage knows.
   */
  clearCaches(): void {
    this.meta.cache.clear();
    this.chunks.cache.clear();
    this.deleted.clear();
  }

  async stats(): Promise<Record<string, unknown>> {
    const counts = (this.store as { counts?: StoreCounts }).counts;
    return { meta_cache: this.meta.cache.stats(), chunk_cache: this.chunks.cache.stats(), ...(counts ? { storage_requests: { ...counts } } : {}) };
  }
}

function sameLink(a: LinkJson, b: LinkJson): boolean {
  return (
    a.class === b.class &&
    (a as { id?: string }).id === (b as { id?: string }).id &&
    (a as { h5path?: string }).h5path === (b as { h5path?: string }).h5path &&
    (a as { h5domain?: string }).h5domain === (b as { h5domain?: string }).h5domain
  );
}

/** Values may hold NaN and BigInt, which only the extended serializer writes faithfully. */
function sameAttribute(a: AttributeJson, b: AttributeJson): boolean {
  return stringifyJson([a.type, a.shape, a.value, a.encoding]) === stringifyJson([b.type, b.shape, b.value, b.encoding]);
}

/** Plain assignment would treat a key named `__proto__` as the prototype; names here are user data. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
