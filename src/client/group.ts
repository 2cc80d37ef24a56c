/**
 * A group (h5py's Group): members by path (following soft and external links), listing in a stable order
 * (by name, or by creation order when the group tracks it), creation of groups, datasets, committed types
 * and links, deletion, and visits of everything below.
 */
import { TypeJson } from '../core/types.js';
import { byCodePoint, jsonElement } from './attributes.js';
import { creationProperties, FilterOptions } from './creation-properties.js';
import { Dataset } from './dataset.js';
import { Datatype } from './datatype.js';
import { DomainSession } from './domain-session.js';
import { DtypeSpec, toType } from './dtype.js';
import { HsError } from './errors.js';
import { HLObject, joinPath, tracksOrder } from './hl-object.js';
import { elementTest, inferType, shapeData } from './infer.js';
import { collectionOf, DatasetJson, DatatypeJson, GroupJson, ObjectJson, StoredLinkJson } from './json-types.js';
import { LinkInfo, linkInfo, pathParts, resolveExternalDomain } from './links.js';
import { isNdArray, product } from './ndarray.js';
import { baseOf } from './values.js';

export type Member = Group | Dataset | Datatype;

export interface CreateGroupOptions {
  /** List members in creation order rather than by name (h5py's track_order). */
  trackOrder?: boolean;
}

export interface CreateDatasetOptions extends FilterOptions {
  /** Dimensions ([] for a scalar); taken from `data` when omitted. Neither shape nor data: null dataspace. */
  shape?: number | readonly number[];
  /** Element type; a committed Datatype links the dataset to it. Default: inferred from data, else float32. */
  dtype?: DtypeSpec | Datatype;
  /** Initial values (written after creation); compound elements as objects keyed by field name. */
  data?: unknown;
  /** Maximum dimensions; null for unlimited. */
  maxshape?: readonly (number | null)[];
  fillvalue?: unknown;
  trackOrder?: boolean;
}

/** How many member lookups run at once when listing items. */
const CONCURRENCY = 8;
/** Soft/external links followed in one lookup before giving up (cycles). */
const MAX_LINK_DEPTH = 32;

interface Location {
  session: DomainSession;
  id: string;
}

export class Group extends HLObject<GroupJson> {
  constructor(session: DomainSession, json: GroupJson, name: string | null) {
    super(session, json, name);
  }

  get trackOrder(): boolean {
    return tracksOrder(this.json);
  }

  /** The member at `path` (relative to this group, or absolute from the root). Throws HsError 404 if absent. */
  async get(path: string): Promise<Member> {
    const found = await this.locate(path);
    if (!found) throw this.notFound(path);
    return makeMember(found.session, found.id, this.nameOf(path));
  }

  async has(path: string): Promise<boolean> {
    return (await this.locate(path)) !== undefined;
  }

  /** The link itself (not followed) at `path`. */
  async getLink(path: string): Promise<LinkInfo> {
    const { parent, leaf } = await this.parentOf(path);
    const json = await linkJson(parent.session, parent.id, leaf);
    if (!json) throw this.notFound(path);
    return linkInfo(leaf, json);
  }

  /** Links of this group, in member order. */
  async links(): Promise<LinkInfo[]> {
    const cached = this.session.cached<GroupJson>(this.id)?.links;
    if (cached) {
      const names = Object.keys(cached);
      if (this.trackOrder) names.sort((a, b) => (cached[a].created ?? 0) - (cached[b].created ?? 0));
      else names.sort(byCodePoint);
      return names.map((n) => linkInfo(n, cached[n]));
    }
    const res = await this.session.json<{ links: StoredLinkJson[] }>('GET', `/groups/${this.id}/links`, {
      query: { CreateOrder: this.trackOrder ? 1 : undefined },
      what: `links of ${this.label}`,
    });
    return res.links.map((l) => linkInfo(l.title!, l));
  }

  async keys(): Promise<string[]> {
    return (await this.links()).map((l) => l.name);
  }

  /** Number of members. */
  async length(): Promise<number> {
    return (await this.links()).length;
  }

  /** Members with their names, following soft and external links (a dangling link throws). */
  async items(): Promise<[string, Member][]> {
    const links = await this.links();
    const out = new Array<[string, Member]>(links.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < links.length; i = next++) {
        const l = links[i];
        out[i] = [l.name, l.class === 'hard' ? await makeMember(this.session, l.id, this.nameOf(l.name)) : await this.get(l.name)];
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, links.length) }, worker));
    return out;
  }

  /** Same as items() (Map-style name). */
  entries(): Promise<[string, Member][]> {
    return this.items();
  }

  async values(): Promise<Member[]> {
    return (await this.items()).map(([, m]) => m);
  }

  /** Creates a group, and any missing groups on the way; fails (409) if `path` exists. */
  async createGroup(path: string, options: CreateGroupOptions = {}): Promise<Group> {
    const { parent, leaf } = await this.parentOf(path, true);
    const body: Record<string, unknown> = { link: { id: parent.id, name: leaf } };
    if (options.trackOrder) body.creationProperties = { CreateOrder: 1 };
    const json = await parent.session.json<GroupJson>('POST', '/groups', { json: body, what: `group '${this.nameOf(path)}'` });
    return new Group(parent.session, { ...json, creationProperties: json.creationProperties ?? body.creationProperties as Record<string, unknown> }, this.nameOf(path));
  }

  /** The group at `path`, created (with missing parents) when absent. */
  async requireGroup(path: string, options: CreateGroupOptions = {}): Promise<Group> {
    const found = await this.locate(path);
    if (!found) return this.createGroup(path, options);
    const member = await makeMember(found.session, found.id, this.nameOf(path));
    if (!(member instanceof Group)) throw new TypeError(`'${this.nameOf(path)}' exists and is not a group`);
    return member;
  }

  /** Creates a dataset (missing parent groups too) and writes `data` if given. */
  async createDataset(path: string, options: CreateDatasetOptions = {}): Promise<Dataset> {
    const spec = datasetSpec(options);
    const { parent, leaf } = await this.parentOf(path, true);
    const rank = spec.shape === null ? 0 : spec.shape.length;
    const cpl = creationProperties(
      { ...options, fillvalue: options.fillvalue === undefined ? undefined : jsonElement(spec.type, options.fillvalue) },
      rank,
      parent.session.compressors,
    );
    if (options.maxshape && spec.shape && options.maxshape.length !== spec.shape.length)
      throw new TypeError(`maxshape must have the same rank (${spec.shape.length}) as the shape`);
    const body = {
      type: spec.typeRef,
      shape: spec.shape === null ? 'H5S_NULL' : spec.shape,
      maxdims: options.maxshape?.map((m) => (m === null ? 0 : m)),
      creationProperties: Object.keys(cpl).length ? cpl : undefined,
      link: { id: parent.id, name: leaf },
    };
    const what = `dataset '${this.nameOf(path)}'`;
    const created = await parent.session.json<{ id: string }>('POST', '/datasets', { json: body, what });
    const json = await parent.session.json<DatasetJson>('GET', `/datasets/${created.id}`, { what });
    const dataset = new Dataset(parent.session, json, this.nameOf(path));
    if (spec.data !== undefined && spec.shape !== null && product(spec.shape) > 0) await dataset.write(undefined, spec.data);
    return dataset;
  }

  /** The dataset at `path` if its shape and dtype match, else a new one (h5py's require_dataset). */
  async requireDataset(path: string, options: CreateDatasetOptions): Promise<Dataset> {
    const found = await this.locate(path);
    if (!found) return this.createDataset(path, options);
    const member = await makeMember(found.session, found.id, this.nameOf(path));
    if (!(member instanceof Dataset)) throw new TypeError(`'${this.nameOf(path)}' exists and is not a dataset`);
    const spec = datasetSpec(options);
    if (JSON.stringify(member.shape) !== JSON.stringify(spec.shape))
      throw new TypeError(`shapes do not match: existing (${member.shape?.join(', ')}) vs requested (${spec.shape?.join(', ')})`);
    if (JSON.stringify(member.type) !== JSON.stringify(spec.type))
      throw new TypeError(`dtypes do not match: existing ${member.dtype} vs requested ${options.dtype ?? 'inferred'}`);
    return member;
  }

  /** Stores a type as a committed datatype at `path`. */
  async commitDatatype(path: string, dtype: DtypeSpec): Promise<Datatype> {
    const { parent, leaf } = await this.parentOf(path, true);
    const json = await parent.session.json<DatatypeJson>('POST', '/datatypes', {
      json: { type: toType(dtype), link: { id: parent.id, name: leaf } },
      what: `datatype '${this.nameOf(path)}'`,
    });
    return new Datatype(parent.session, json, this.nameOf(path));
  }

  /** Removes the link at `path` (the object itself stays if other links point to it). */
  async delete(path: string): Promise<void> {
    const { parent, leaf } = await this.parentOf(path);
    await parent.session.request({
      method: 'DELETE',
      path: `/groups/${parent.id}/links/${encodeURIComponent(leaf)}`,
      what: `link '${this.nameOf(path)}'`,
    });
  }

  /** A hard link at `path` to an object of the same domain (or its id). */
  async createHardLink(path: string, target: HLObject | string): Promise<void> {
    const id = typeof target === 'string' ? target : target.id;
    await this.putLink(path, { id });
  }

  /** A soft link at `path` to `targetPath` (resolved when followed; may dangle). */
  async createSoftLink(path: string, targetPath: string): Promise<void> {
    await this.putLink(path, { h5path: targetPath });
  }

  /** An external link at `path` to `targetPath` in domain `domain` (relative domains are siblings of this one). */
  async createExternalLink(path: string, domain: string, targetPath: string): Promise<void> {
    await this.putLink(path, { h5path: targetPath, h5domain: domain });
  }

  /**
   * Calls `fn(name)` for every object below this group, depth first in member order, each object once
   * (hard links only, as h5py). Stops early and returns the value when `fn` returns something.
   */
  async visit<T>(fn: (name: string) => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
    return this.walk(async (name) => fn(name));
  }

  /** Like visit, with the object: `fn(name, obj)`. */
  async visitItems<T>(fn: (name: string, obj: Member) => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
    return this.walk(async (name, id) => fn(name, await makeMember(this.session, id, this.nameOf(name))));
  }

  private async walk<T>(fn: (name: string, id: string) => Promise<T | undefined>): Promise<T | undefined> {
    const seen = new Set<string>([this.id]);
    const visitGroup = async (groupId: string, prefix: string): Promise<T | undefined> => {
      const group = groupId === this.id ? this : ((await makeMember(this.session, groupId, null)) as Group);
      for (const link of await group.links()) {
        if (link.class !== 'hard' || seen.has(link.id)) continue;
        seen.add(link.id);
        const name = prefix ? `${prefix}/${link.name}` : link.name;
        const stop = await fn(name, link.id);
        if (stop !== undefined) return stop;
        if (link.collection === 'groups') {
          const inner = await visitGroup(link.id, name);
          if (inner !== undefined) return inner;
        }
      }
      return undefined;
    };
    return visitGroup(this.id, '');
  }

  private async putLink(path: string, body: Record<string, string>): Promise<void> {
    const { parent, leaf } = await this.parentOf(path, true);
    await parent.session.request({
      method: 'PUT',
      path: `/groups/${parent.id}/links/${encodeURIComponent(leaf)}`,
      json: body,
      what: `link '${this.nameOf(path)}'`,
    });
  }

  private get label(): string {
    return this.name ?? this.id;
  }

  private nameOf(path: string): string {
    return joinPath(this.name ?? '', path);
  }

  private notFound(path: string): HsError {
    return new HsError({
      status: 404,
      reason: '',
      method: 'GET',
      path: `/groups/${this.id}/links`,
      domain: this.domain,
      endpoint: this.session.connection.endpoint,
      what: `object '${this.nameOf(path)}' in ${this.domain}`,
    });
  }

  /** The group holding the last component of `path`; with `create`, missing groups on the way are made. */
  private async parentOf(path: string, create = false): Promise<{ parent: Location; leaf: string }> {
    const parts = pathParts(path);
    const leaf = parts.pop();
    if (leaf === undefined) throw new TypeError(`'${path}' does not name a member`);
    let here: Location = { session: this.session, id: path.startsWith('/') ? this.session.rootId : this.id };
    for (const [i, part] of parts.entries()) {
      const next = await follow(here, part, 0);
      if (next) {
        if (collectionOf(next.id) !== 'groups') throw new TypeError(`'${joinPath(this.name, parts.slice(0, i + 1).join('/'))}' is not a group`);
        here = next;
      } else if (create) {
        const json = await here.session.json<GroupJson>('POST', '/groups', { json: { link: { id: here.id, name: part } } });
        here = { session: here.session, id: json.id };
      } else {
        throw this.notFound(path);
      }
    }
    return { parent: here, leaf };
  }

  private async locate(path: string): Promise<Location | undefined> {
    return resolvePath({ session: this.session, id: this.id }, path, 0);
  }
}

/** The object a path leads to from `start`, following soft and external links; undefined if it does not exist. */
async function resolvePath(start: Location, path: string, depth: number): Promise<Location | undefined> {
  let here: Location = path.startsWith('/') ? { session: start.session, id: start.session.rootId } : start;
  for (const part of pathParts(path)) {
    if (collectionOf(here.id) !== 'groups') return undefined;
    const next = await follow(here, part, depth);
    if (!next) return undefined;
    here = next;
  }
  return here;
}

/** One step: the object linked as `name` from group `here`. */
async function follow(here: Location, name: string, depth: number): Promise<Location | undefined> {
  const json = await linkJson(here.session, here.id, name);
  if (!json) return undefined;
  const link = linkInfo(name, json);
  if (link.class === 'hard') return { session: here.session, id: link.id };
  if (depth >= MAX_LINK_DEPTH) throw new Error(`too many levels of soft/external links at '${name}' (a link cycle?)`);
  if (link.class === 'soft') return resolvePath(here, link.path, depth + 1);
  let root: Group;
  try {
    root = await here.session.openExternal(resolveExternalDomain(link.domain, here.session.domain));
  } catch (e) {
    if (e instanceof HsError && e.isNotFound) return undefined;
    throw e;
  }
  return resolvePath({ session: root.session, id: root.id }, link.path, depth + 1);
}

/** The stored JSON of link `name` in group `groupId`, or undefined when there is no such link. */
async function linkJson(session: DomainSession, groupId: string, name: string): Promise<StoredLinkJson | undefined> {
  const cached = session.cached<GroupJson>(groupId);
  if (cached?.links) return cached.links[name];
  const res = await session.request({
    method: 'GET',
    path: `/groups/${groupId}/links/${encodeURIComponent(name)}`,
    allow: [404, 410],
    what: `link '${name}'`,
  });
  if (res.status !== 200) return undefined;
  return res.json<{ link: StoredLinkJson }>().link;
}

/** A Group, Dataset or Datatype for an id. */
export async function makeMember(session: DomainSession, id: string, name: string | null): Promise<Member> {
  const json = await session.object<ObjectJson>(id);
  switch (collectionOf(id)) {
    case 'groups':
      return new Group(session, json as GroupJson, name);
    case 'datasets':
      return new Dataset(session, json as DatasetJson, name);
    default:
      return new Datatype(session, json as DatatypeJson, name);
  }
}

/** Type (and how to name it in the request), shape and data of a dataset to create, h5py's rules. */
function datasetSpec(options: CreateDatasetOptions): { type: TypeJson; typeRef: TypeJson | string; shape: number[] | null; data?: unknown } {
  const committed = options.dtype instanceof Datatype ? options.dtype : undefined;
  const given = committed ? committed.type : options.dtype !== undefined ? toType(options.dtype as DtypeSpec) : undefined;
  let shape: number[] | null =
    options.shape === undefined ? null : typeof options.shape === 'number' ? [options.shape] : [...options.shape];
  let type = given;
  if (options.data !== undefined) {
    const { base, dims: itemDims } = given ? baseOf(given) : { base: undefined, dims: [] };
    const shaped = shapeData(options.data, shape ? shape.length + itemDims.length : Infinity, base && elementTest(base));
    const dataShape = shaped.shape.slice(0, shaped.shape.length - itemDims.length);
    type ??= isNdArray(options.data) ? options.data.type : inferType(shaped.data);
    if (shape === null) shape = dataShape;
    else if (product(shape) !== product(dataShape))
      throw new TypeError(`shape (${shape.join(', ')}) is incompatible with data of shape (${dataShape.join(', ')})`);
    return { type, typeRef: committed ? committed.id : type, shape, data: shaped.data };
  }
  if (shape === null && given === undefined) throw new TypeError('one of data, shape or dtype must be given');
  type ??= toType('float32');
  return { type, typeRef: committed ? committed.id : type, shape };
}
