/**
 * The structure of a domain, read through the SDK: every object once (breadth first, with the path it was
 * first reached by), its JSON, its attributes, and every link of every group in the group's order
 * (creation order when the group tracks it). A domain opened read-only comes with all its metadata in one
 * answer when it is small enough; otherwise the objects of each level are fetched in batches by path.
 */
import { encodeValues, flattenValues } from '../../core/codec.js';
import { normalizeNested, type TypeJson } from '../../core/types.js';
import { fromBase64, tracksOrder, type DomainSession, type File } from '../../client/index.js';
import type { AttributeJson, GroupJson, ObjectJson, StoredLinkJson } from '../../client/json-types.js';

export type DomainObjectKind = 'group' | 'dataset' | 'datatype';

export interface DomainObject {
  id: string;
  kind: DomainObjectKind;
  path: string;
  json: ObjectJson;
}

export type DomainLinkTarget = { id: string } | { soft: string } | { external: string; path: string };

export interface DomainLink {
  groupId: string;
  name: string;
  target: DomainLinkTarget;
}

export interface DomainAttribute {
  name: string;
  type: TypeJson;
  /** null for a null dataspace, [] for a scalar. */
  dims: number[] | null;
  /** REST binary form; null for a null dataspace or no value. */
  wire: Uint8Array | null;
}

export interface DomainStructure {
  root: DomainObject;
  objects: DomainObject[];
  links: DomainLink[];
}

const KINDS: Record<string, DomainObjectKind> = { g: 'group', d: 'dataset', t: 'datatype' };
const COLLECTIONS: Record<DomainObjectKind, string> = { group: 'groups', dataset: 'datasets', datatype: 'datatypes' };
/** Object paths asked for in one request. */
const PATHS_PER_REQUEST = 500;

export const kindOf = (id: string): DomainObjectKind => KINDS[id[0]];
const childPath = (group: string, name: string) => (group === '/' ? `/${name}` : `${group}/${name}`);

function linkTarget(link: StoredLinkJson): DomainLinkTarget | undefined {
  switch (link.class) {
    case 'H5L_TYPE_HARD':
      return link.id ? { id: link.id } : undefined;
    case 'H5L_TYPE_SOFT':
      return { soft: link.h5path ?? '' };
    case 'H5L_TYPE_EXTERNAL':
      return { external: link.h5domain ?? '', path: link.h5path ?? '' };
    default:
      return undefined;
  }
}

/** A group's links in its order (from the metadata at hand, else asked for). */
async function groupLinks(session: DomainSession, group: GroupJson): Promise<[string, StoredLinkJson][]> {
  const ordered = tracksOrder(group);
  const known = session.cached<GroupJson>(group.id)?.links ?? group.links;
  if (known) {
    const entries = Object.entries(known);
    if (ordered) entries.sort((a, b) => (a[1].created ?? 0) - (b[1].created ?? 0));
    else entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return entries;
  }
  const res = await session.json<{ links: StoredLinkJson[] }>('GET', `/groups/${group.id}/links`, {
    query: { CreateOrder: ordered ? 1 : undefined },
    what: `links of group ${group.id}`,
  });
  return res.links.map((l) => [l.title!, l]);
}

/**
 * The JSON of the objects at `paths`, with their links and attributes, a batch of paths per request
 * (POST / with h5paths): a few requests for a domain of thousands of objects.
 */
async function objectsAt(session: DomainSession, paths: string[]): Promise<Map<string, ObjectJson>> {
  const out = new Map<string, ObjectJson>();
  for (let i = 0; i < paths.length; i += PATHS_PER_REQUEST) {
    const batch = paths.slice(i, i + PATHS_PER_REQUEST);
    const res = await session.json<{ h5paths: Record<string, ObjectJson> }>('POST', '/', {
      json: { h5paths: batch },
      query: { include_links: 1, include_attrs: 1 },
      idempotent: true,
      what: `objects of ${session.domain}`,
    });
    for (const p of batch) out.set(p, res.h5paths[p]);
  }
  return out;
}

export async function walkDomain(file: File): Promise<DomainStructure> {
  const session = file.session;
  // A read-only domain may have come with all its metadata; otherwise objects are fetched level by level.
  const whole = session.cached(file.id) !== undefined;
  const fetch = async (objects: DomainObject[]) => {
    if (whole) {
      for (const o of objects) o.json = await session.object(o.id);
      return;
    }
    const found = await objectsAt(session, objects.map((o) => o.path));
    for (const o of objects) o.json = found.get(o.path) ?? (await session.object(o.id));
  };
  const root: DomainObject = { id: file.id, kind: 'group', path: '/', json: { id: file.id } };
  await fetch([root]);
  const seen = new Set<string>([root.id]);
  const objects: DomainObject[] = [];
  const links: DomainLink[] = [];
  let level: DomainObject[] = [root];
  while (level.length) {
    const next: DomainObject[] = [];
    for (const group of level) {
      for (const [name, link] of await groupLinks(session, group.json as GroupJson)) {
        const target = linkTarget(link);
        if (!target) continue;
        links.push({ groupId: group.id, name, target });
        if ('id' in target && !seen.has(target.id)) {
          seen.add(target.id);
          const object: DomainObject = { id: target.id, kind: kindOf(target.id), path: childPath(group.path, name), json: { id: target.id } };
          objects.push(object);
          next.push(object);
        }
      }
    }
    await fetch(next);
    level = next.filter((o) => o.kind === 'group');
  }
  return { root, objects, links };
}

function attributeOf(name: string, json: AttributeJson): DomainAttribute {
  const type = normalizeNested(json.type);
  const shapeClass = json.shape?.class ?? 'H5S_SCALAR';
  const dims = shapeClass === 'H5S_NULL' ? null : shapeClass === 'H5S_SIMPLE' ? (json.shape.dims ?? []) : [];
  if (dims === null || json.value === null || json.value === undefined) return { name, type, dims, wire: null };
  if (json.encoding === 'base64') return { name, type, dims, wire: fromBase64(String(json.value)) };
  return { name, type, dims, wire: encodeValues(type, flattenValues(json.value, dims.length)) };
}

/** The attributes of an object, values in the REST binary form. */
export async function attributesOf(session: DomainSession, object: DomainObject): Promise<DomainAttribute[]> {
  const known = session.cached(object.id)?.attributes ?? object.json.attributes;
  if (known) return Object.entries(known).map(([name, json]) => attributeOf(name, json));
  if (!object.json.attributeCount) return [];
  const res = await session.json<{ attributes: AttributeJson[] }>('GET', `/${COLLECTIONS[object.kind]}/${object.id}/attributes`, {
    query: { IncludeData: 1, encoding: 'base64', CreateOrder: tracksOrder(object.json) ? 1 : undefined },
    what: `attributes of ${object.path}`,
  });
  return res.attributes.map((a) => attributeOf(a.name!, a));
}
