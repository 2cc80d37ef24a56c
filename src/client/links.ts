/** Links as the SDK reports them: hard (to an object id), soft (to a path), external (to a path in a domain). */
import { Collection, collectionOf, StoredLinkJson } from './json-types.js';

export type LinkInfo =
  | { class: 'hard'; name: string; id: string; collection: Collection; created?: number }
  | { class: 'soft'; name: string; path: string; created?: number }
  | { class: 'external'; name: string; domain: string; path: string; created?: number };

export function linkInfo(name: string, json: StoredLinkJson): LinkInfo {
  switch (json.class) {
    case 'H5L_TYPE_HARD':
      return { class: 'hard', name, id: json.id!, collection: json.collection ?? collectionOf(json.id!), created: json.created };
    case 'H5L_TYPE_SOFT':
      return { class: 'soft', name, path: json.h5path!, created: json.created };
    case 'H5L_TYPE_EXTERNAL':
      return { class: 'external', name, domain: json.h5domain!, path: json.h5path!, created: json.created };
    default:
      throw new TypeError(`link '${name}' has an unsupported class ${json.class}`);
  }
}

/** Splits an HDF5 path into link names ('' and '.' components dropped). */
export function pathParts(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/** Resolves an external link's domain against the domain holding the link (relative names are siblings). */
export function resolveExternalDomain(linkDomain: string, fromDomain: string): string {
  let d = linkDomain;
  if (d.startsWith('hdf5://')) d = d.slice('hdf5:/'.length);
  if (d.startsWith('/')) return d;
  const dir = fromDomain.slice(0, fromDomain.lastIndexOf('/') + 1);
  const parts: string[] = [];
  for (const p of (dir + d).split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return '/' + parts.join('/');
}
