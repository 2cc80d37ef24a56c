/**
 * Paths inside a domain: resolving `/g1/g2/dset` through hard, soft and external links, creating objects at
 * a path (optionally with intermediate groups), finding an object's path, and walking every object reachable
 * from the root by hard links.
 */
import { badRequest, conflict, HttpError, notFound } from '../http/errors.js';
import type { DomainJson, GroupJson, LinkJson, ObjectJson } from '../model.js';
import { now } from '../model.js';
import { collectionOf, createObjectId, rootIdOf, Collection } from '../storage/ids.js';
import type { DomainRef, ServiceNode } from './service-node.js';

export interface Resolved {
  id: string;
  ref: DomainRef;
  link?: LinkJson;
}

export interface FollowOptions {
  followSoft: boolean;
  followExternal: boolean;
}

async function domainOf(sn: ServiceNode, ref: DomainRef): Promise<DomainJson> {
  const d = await sn.getDomain(ref);
  sn.rootOf(d);
  return d;
}

async function getLink(sn: ServiceNode, ref: DomainRef, groupId: string, title: string): Promise<LinkJson> {
  return sn.nodes.forObject(groupId).getLink(ref.bucket, groupId, title);
}

/** Resolves an h5path from `startId` (absolute paths start at the root of the domain); 404 if missing. */
export async function resolvePath(
  sn: ServiceNode,
  ref: DomainRef,
  startId: string,
  h5path: string,
  follow: FollowOptions,
  depth = 0,
): Promise<Resolved> {
  if (depth > 16) throw badRequest('too many levels of symbolic links');
  let objId = startId;
  if (h5path.startsWith('./')) h5path = h5path.slice(2);
  if (h5path === '.') return { id: objId, ref };
  if (h5path.startsWith('/')) objId = (await domainOf(sn, ref)).root!;
  if (h5path === '/') return { id: objId, ref };
  let link: LinkJson | undefined;
  for (const title of h5path.split('/')) {
    if (!title) continue;
    if (collectionOf(objId) !== 'groups') throw notFound(`h5path ${h5path} not found`);
    try {
      link = await getLink(sn, ref, objId, title);
    } catch (e) {
      // A link deleted during this server's lifetime stays 410, as HSDS answers.
      if (e instanceof HttpError && e.status === 404) throw notFound(`h5path ${h5path} not found`);
      throw e;
    }
    if (link.class === 'H5L_TYPE_HARD') {
      objId = link.id;
      continue;
    }
    const target = await followLink(sn, ref, objId, link, follow, depth);
    objId = target.id;
    ref = target.ref;
  }
  return { id: objId, ref, link };
}

async function followLink(
  sn: ServiceNode,
  ref: DomainRef,
  parentId: string,
  link: LinkJson,
  follow: FollowOptions,
  depth: number,
): Promise<Resolved> {
  if (link.class === 'H5L_TYPE_SOFT') {
    if (!follow.followSoft) throw badRequest('Query found unexpected soft link');
    return resolvePath(sn, ref, parentId, link.h5path, follow, depth + 1);
  }
  if (link.class === 'H5L_TYPE_EXTERNAL') {
    if (!follow.followExternal) throw badRequest('Query found unexpected external link');
    let path = link.h5domain.startsWith('hdf5:/') ? link.h5domain.slice(6) : link.h5domain;
    if (!path.startsWith('/')) throw badRequest('external link domain must be an absolute path');
    if (!link.h5path.startsWith('/')) throw badRequest('external link by relative path is not supported');
    path = path.replace(/\/+$/, '');
    const extRef = { bucket: ref.bucket, path };
    const ext = await domainOf(sn, extRef);
    return resolvePath(sn, extRef, ext.root!, link.h5path, follow, depth + 1);
  }
  return { id: (link as { id: string }).id, ref };
}

/** The object JSON HSDS's data nodes hand out for a new group/dataset/datatype. */
export function newObjectJson(collection: Collection, rootId: string, fields: Record<string, unknown> = {}): ObjectJson {
  const t = now();
  const id = createObjectId(collection, rootId);
  const base = { id, root: rootId, created: t, lastModified: t, attributes: {}, ...fields };
  return (collection === 'groups' ? { ...base, links: {} } : base) as ObjectJson;
}

/**
 * Creates `make()`'s object at `h5path` under `parentId` and links it there. Intermediate groups must exist
 * (404) unless `implicit`; an existing final link is 409; a non-group or non-hard-link step is 400.
 */
export async function createAtPath(
  sn: ServiceNode,
  ref: DomainRef,
  parentId: string,
  h5path: string,
  implicit: boolean,
  make: (rootId: string) => ObjectJson,
): Promise<ObjectJson> {
  const rootId = rootIdOf(parentId);
  if (h5path.startsWith('/')) {
    if (parentId !== rootId) throw badRequest(`expecting a relative h5path, but got: ${h5path}`);
    h5path = h5path.slice(1);
  }
  h5path = h5path.replace(/\/+$/, '');
  if (!h5path) throw badRequest('h5path is empty');
  const titles = h5path.split('/');
  if (titles.some((t) => t === '')) throw badRequest(`invalid h5path: ${h5path}`);
  for (let i = 0; i < titles.length; i++) {
    const title = titles[i];
    const last = i === titles.length - 1;
    let link: LinkJson | undefined;
    try {
      link = await getLink(sn, ref, parentId, title);
    } catch (e) {
      if (!(e instanceof HttpError && (e.status === 404 || e.status === 410))) throw e;
    }
    if (link) {
      if (last) throw conflict(`object at ${h5path} already exists`);
      if (link.class !== 'H5L_TYPE_HARD') throw badRequest('h5path must contain only hard links');
      if (collectionOf(link.id) !== 'groups') throw badRequest(`${title} is not a group`);
      parentId = link.id;
      continue;
    }
    if (!last && !implicit)
      throw notFound(titles.length > 1 ? `not all groups in ${h5path} exist` : `${h5path} does not exist`);
    const obj = last ? make(rootId) : newObjectJson('groups', rootId);
    await sn.nodes.forObject(obj.id).createObject(ref.bucket, obj);
    await sn.nodes.forObject(parentId).putLinks(ref.bucket, parentId, { [title]: { class: 'H5L_TYPE_HARD', id: obj.id, created: now() } });
    if (last) return obj;
    parentId = obj.id;
  }
  throw new Error('unreachable');
}

/** The object `id`, or undefined where a hard link dangles (its target deleted): crawlers skip those, as HSDS's does. */
export function objectIfPresent(sn: ServiceNode, ref: DomainRef, id: string): Promise<ObjectJson | undefined> {
  return sn.nodes
    .forObject(id)
    .getObject(ref.bucket, id)
    .catch((e) => {
      if (e instanceof HttpError && (e.status === 404 || e.status === 410)) return undefined;
      throw e;
    });
}

/** Every object reachable from the root by hard links (root included), keyed by id; undefined beyond `max`. */
export async function crawlDomain(
  sn: ServiceNode,
  ref: DomainRef,
  rootId: string,
  max = Infinity,
): Promise<Map<string, ObjectJson> | undefined> {
  const found = new Map<string, ObjectJson>();
  let frontier = [rootId];
  while (frontier.length) {
    const objs = await Promise.all(
      frontier.map((id) => objectIfPresent(sn, ref, id)),
    );
    const next: string[] = [];
    for (const obj of objs) {
      if (!obj || found.has(obj.id)) continue;
      found.set(obj.id, obj);
      if (found.size >= max) return undefined;
      for (const link of Object.values((obj as GroupJson).links ?? {}))
        if (link.class === 'H5L_TYPE_HARD' && !found.has(link.id)) next.push(link.id);
    }
    frontier = [...new Set(next)];
  }
  return found;
}

/** First path from the root to `targetId` in depth-first, title order ("/" for the root). */
export async function findAlias(sn: ServiceNode, ref: DomainRef, rootId: string, targetId: string): Promise<string | undefined> {
  if (targetId === rootId) return '/';
  const visited = new Set<string>([rootId]);
  const walk = async (groupId: string, path: string): Promise<string | undefined> => {
    const g = await sn.nodes.forObject(groupId).getObject<GroupJson>(ref.bucket, groupId);
    const titles = Object.keys(g.links ?? {}).sort();
    for (const title of titles) {
      const link = g.links[title];
      if (link.class !== 'H5L_TYPE_HARD' || visited.has(link.id)) continue;
      const p = `${path === '/' ? '' : path}/${title}`;
      if (link.id === targetId) return p;
      visited.add(link.id);
      if (collectionOf(link.id) === 'groups') {
        const found = await walk(link.id, p).catch(() => undefined);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(rootId, '/');
}
