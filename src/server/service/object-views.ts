/**
 * How stored objects are shown to clients: the GET responses of groups, datasets and datatypes (with counts
 * and hrefs), and the entries of `domain_objs` in `GET /?getobjs=1`.
 */
import type { DatasetJson, GroupJson, ObjectJson } from '../model.js';
import { collectionOf } from '../storage/ids.js';
import { product } from '../../core/selection.js';
import type { DomainRef, ServiceNode } from './service-node.js';

export interface ViewOptions {
  includeLinks?: boolean;
  includeAttrs?: boolean;
  ignoreNan?: boolean;
}

function creationProperties(d: DatasetJson, ignoreNan: boolean): Record<string, unknown> {
  const cp = d.creationProperties ?? {};
  if (ignoreNan && typeof cp.fillValue === 'number' && Number.isNaN(cp.fillValue)) return { ...cp, fillValue: 'nan' };
  return cp;
}

/** `select` for a ≤100-element preview of a dataset (the `preview` href). */
function previewSelect(dims: number[]): string {
  const sel = dims.map(() => '0:1');
  let budget = 100;
  for (let d = dims.length - 1; d >= 0 && budget > 1; d--) {
    const n = Math.min(dims[d], budget);
    sel[d] = `0:${n}`;
    budget = Math.floor(budget / n);
  }
  return `[${sel.join(',')}]`;
}

export function objectResponse(sn: ServiceNode, ref: DomainRef, obj: ObjectJson, opts: ViewOptions = {}): Record<string, unknown> {
  const collection = collectionOf(obj.id);
  const self = sn.objectHref(ref, obj.id);
  const common = [
    { rel: 'self', href: self },
    { rel: 'root', href: sn.href(ref, `/groups/${obj.root}`) },
    { rel: 'home', href: sn.href(ref, '/') },
    { rel: 'attributes', href: `${sn.href(ref, `/${collection}/${obj.id}/attributes`)}` },
  ];
  const attributeCount = Object.keys(obj.attributes ?? {}).length;
  let body: Record<string, unknown>;
  if (collection === 'groups') {
    const g = obj as GroupJson;
    body = {
      id: g.id,
      root: g.root,
      linkCount: Object.keys(g.links ?? {}).length,
      attributeCount,
      created: g.created,
      lastModified: g.lastModified,
    };
    if (g.creationProperties) body.creationProperties = g.creationProperties;
    if (opts.includeLinks) body.links = g.links ?? {};
    common.splice(1, 0, { rel: 'links', href: sn.href(ref, `/groups/${g.id}/links`) });
  } else if (collection === 'datasets') {
    const d = obj as DatasetJson;
    body = {
      id: d.id,
      root: d.root,
      type: d.type,
      shape: d.shape,
      creationProperties: creationProperties(d, opts.ignoreNan === true),
      attributeCount,
      created: d.created,
      lastModified: d.lastModified,
    };
    if (d.layout) body.layout = d.layout;
    if (d.shape.class !== 'H5S_NULL') {
      const dims = d.shape.class === 'H5S_SIMPLE' ? d.shape.dims ?? [] : [];
      if (product(dims) <= 100) common.push({ rel: 'data', href: sn.href(ref, `/datasets/${d.id}/value`) });
      else common.push({ rel: 'preview', href: sn.href(ref, `/datasets/${d.id}/value`, `select=${previewSelect(dims)}`) });
    }
  } else {
    body = { id: obj.id, root: obj.root, type: obj.type, attributeCount, created: obj.created, lastModified: obj.lastModified };
  }
  if (opts.includeAttrs) body.attributes = obj.attributes ?? {};
  body.domain = ref.path;
  body.hrefs = common;
  return body;
}

/** An entry of `domain_objs`: the object with its links (and attributes) in stored, keyed-by-name form. */
export function crawlEntry(obj: ObjectJson, includeAttrs: boolean): Record<string, unknown> {
  const { attributes, ...rest } = obj;
  const entry: Record<string, unknown> = { ...rest, attributeCount: Object.keys(attributes ?? {}).length };
  if (collectionOf(obj.id) === 'groups') entry.linkCount = Object.keys((obj as GroupJson).links ?? {}).length;
  if (collectionOf(obj.id) === 'datasets' && !('creationProperties' in entry)) entry.creationProperties = {};
  if (includeAttrs) entry.attributes = attributes ?? {};
  return entry;
}
