/**
 * The link structure of a whole domain, built from what one request returns: either `domain_objs` (every
 * object with its links, `GET /?getobjs=1`) or the recursive link listing of the root group
 * (`GET /groups/{root}/links?follow_links=1`, for domains above the server's `domain_objs` limit).
 * It answers tree listings and path lookups without further requests.
 */
import { tracksOrder } from '../../client/index.js';
import type { EntityKind, TreeNode } from './models.js';

export type LinkRecord =
  | { class: 'hard'; name: string; id: string; created?: number }
  | { class: 'soft'; name: string; path: string; created?: number }
  | { class: 'external'; name: string; path: string; domain: string; created?: number };

/** The stored link JSON (domain_objs entries) and the listed one (link listings, with `title`). */
interface LinkJson {
  class?: string;
  title?: string;
  id?: string;
  h5path?: string;
  h5domain?: string;
  created?: number;
}

interface GroupLinksJson {
  links?: Record<string, LinkJson>;
  creationProperties?: Record<string, unknown>;
}

/** Where a path leads: an object of this domain, or a link that leaves it (or dangles). */
export type Resolved =
  | { kind: 'object'; id: string; path: string }
  | { kind: 'external'; path: string; targetPath: string; targetDomain: string }
  | { kind: 'dangling'; path: string; targetPath: string };

/** Soft links followed in one lookup before giving up (cycles). */
const MAX_LINK_DEPTH = 32;

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function kindOfId(id: string): 'group' | 'dataset' | 'datatype' {
  if (id.startsWith('g-')) return 'group';
  if (id.startsWith('d-')) return 'dataset';
  if (id.startsWith('t-')) return 'datatype';
  throw new TypeError(`not an object id: ${id}`);
}

function toRecord(name: string, json: LinkJson): LinkRecord | undefined {
  switch (json.class) {
    case 'H5L_TYPE_HARD':
      return json.id ? { class: 'hard', name, id: json.id, created: json.created } : undefined;
    case 'H5L_TYPE_SOFT':
      return { class: 'soft', name, path: json.h5path ?? '', created: json.created };
    case 'H5L_TYPE_EXTERNAL':
      return { class: 'external', name, path: json.h5path ?? '', domain: json.h5domain ?? '', created: json.created };
    default:
      return undefined;
  }
}

export class DomainIndex {
  private readonly paths = new Map<string, string>();

  private constructor(
    readonly rootId: string,
    /** Links of every group reachable from the root, in listing order. */
    private readonly links: Map<string, LinkRecord[]>,
    /** Ids of every object reachable from the root (root included). */
    private readonly objects: Set<string>,
  ) {
    this.assignPaths();
  }

  /** From `domain_objs`: groups list their links by name, or by creation order when they track it. */
  static fromDomainObjs(rootId: string, objs: Record<string, unknown>): DomainIndex {
    const links = new Map<string, LinkRecord[]>();
    for (const [id, value] of Object.entries(objs)) {
      if (!id.startsWith('g-')) continue;
      const json = value as GroupLinksJson;
      const records = Object.entries(json.links ?? {})
        .map(([name, link]) => toRecord(name, link))
        .filter((r): r is LinkRecord => r !== undefined);
      if (tracksOrder(json)) records.sort((a, b) => (a.created ?? 0) - (b.created ?? 0) || byCodePoint(a.name, b.name));
      else records.sort((a, b) => byCodePoint(a.name, b.name));
      links.set(id, records);
    }
    return new DomainIndex(rootId, links, new Set(Object.keys(objs)));
  }

  /** From a recursive link listing `{group id: [links with title]}`, in the server's (name) order. */
  static fromLinkListing(rootId: string, byGroup: Record<string, LinkJson[]>): DomainIndex {
    const links = new Map<string, LinkRecord[]>();
    const objects = new Set<string>([rootId]);
    for (const [groupId, list] of Object.entries(byGroup)) {
      objects.add(groupId);
      const records = list.map((l) => toRecord(l.title ?? '', l)).filter((r): r is LinkRecord => r !== undefined);
      for (const r of records) if (r.class === 'hard') objects.add(r.id);
      links.set(groupId, records);
    }
    return new DomainIndex(rootId, links, objects);
  }

  /** Groups, datasets and committed datatypes reachable from the root. */
  get objectCount(): number {
    return this.objects.size;
  }

  /** The first path an object is reached by (breadth first, in link order); undefined if unreachable. */
  pathOf(id: string): string | undefined {
    return this.paths.get(id);
  }

  /** The links of the group at `path` as tree nodes; [] when `path` is not a group. */
  children(path: string): TreeNode[] {
    const resolved = this.resolve(path);
    if (resolved?.kind !== 'object') return [];
    const records = this.links.get(resolved.id) ?? [];
    const prefix = path === '/' ? '' : path.replace(/\/+$/, '');
    return records.map((r) => {
      const childPath = `${prefix}/${r.name}`;
      if (r.class === 'hard') {
        const kind = kindOfId(r.id);
        return { name: r.name, path: childPath, kind, id: r.id, hasChildren: kind === 'group' && (this.links.get(r.id)?.length ?? 0) > 0 };
      }
      const target = this.resolve(childPath);
      if (target?.kind === 'object') {
        const kind = kindOfId(target.id);
        return { name: r.name, path: childPath, kind, id: target.id, hasChildren: kind === 'group' && (this.links.get(target.id)?.length ?? 0) > 0 };
      }
      const kind: EntityKind = r.class === 'soft' ? 'soft-link' : 'external-link';
      return { name: r.name, path: childPath, kind, hasChildren: false };
    });
  }

  /** Follows `path` from the root (soft links included); undefined when a component does not exist. */
  resolve(path: string, depth = 0): Resolved | undefined {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    let here = this.rootId;
    let herePath = '';
    for (const [i, part] of parts.entries()) {
      if (!here.startsWith('g-')) return undefined;
      const link = this.links.get(here)?.find((l) => l.name === part);
      if (!link) return undefined;
      const linkPath = `${herePath}/${part}`;
      const rest = parts.slice(i + 1).join('/');
      if (link.class === 'external') {
        if (rest) return undefined;
        return { kind: 'external', path: linkPath, targetPath: link.path, targetDomain: link.domain };
      }
      if (link.class === 'soft') {
        if (depth >= MAX_LINK_DEPTH) throw new Error(`too many levels of soft links at '${linkPath}' (a link cycle?)`);
        const target = link.path.startsWith('/') ? link.path : `${herePath}/${link.path}`;
        const followed = this.resolve(rest ? `${target}/${rest}` : target, depth + 1);
        if (followed) return { ...followed, path: parts.length ? `/${parts.join('/')}` : '/' };
        return rest ? undefined : { kind: 'dangling', path: linkPath, targetPath: link.path };
      }
      here = link.id;
      herePath = linkPath;
    }
    return { kind: 'object', id: here, path: herePath || '/' };
  }

  private assignPaths(): void {
    this.paths.set(this.rootId, '/');
    const queue: [string, string][] = [[this.rootId, '']];
    for (let i = 0; i < queue.length; i++) {
      const [groupId, prefix] = queue[i];
      for (const link of this.links.get(groupId) ?? []) {
        if (link.class !== 'hard' || this.paths.has(link.id)) continue;
        const path = `${prefix}/${link.name}`;
        this.paths.set(link.id, path);
        if (link.id.startsWith('g-')) queue.push([link.id, path]);
      }
    }
  }
}
