/**
 * Creating a group, datatype or dataset from a POST body the way HSDS does: anonymous, linked into a parent
 * with `{"link": {"id", "name"}}`, or placed at `{"h5path", "parent_id"?}` (intermediate groups with
 * `implicit`).
 */
import { badRequest } from '../http/errors.js';
import type { DomainJson, ObjectJson } from '../model.js';
import { validateLinkName } from './links-model.js';
import { createAtPath } from './object-paths.js';
import type { DomainRef, ServiceNode } from './service-node.js';

export interface Placement {
  parentId: string;
  h5path: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where the body asks the new object to be linked; undefined for an anonymous object. */
export function placementOf(body: Record<string, unknown>, rootId: string): Placement | undefined {
  let parentId: unknown;
  let h5path: unknown;
  if ('link' in body) {
    if ('h5path' in body) throw badRequest("link can't be used with h5path");
    const link = body.link;
    if (!isObject(link)) throw badRequest('link must be a JSON object');
    parentId = link.id;
    if ('name' in link) {
      try {
        validateLinkName(link.name);
      } catch {
        throw badRequest(`invalid link title: ${String(link.name)}`);
      }
    }
    // A link without a parent id makes an anonymous object, as HSDS does.
    if (parentId && link.name) h5path = link.name;
  }
  if ('h5path' in body) {
    h5path = body.h5path;
    parentId = 'parent_id' in body ? body.parent_id : rootId;
  }
  if (!parentId) return undefined;
  if (typeof parentId !== 'string') throw badRequest(`invalid parent id: ${String(parentId)}`);
  if (!h5path) throw badRequest('no h5path given for the new object');
  if (typeof h5path !== 'string') throw badRequest('h5path must be a string');
  return { parentId, h5path };
}

/**
 * Stores `make(rootId)` anonymously or at its placement. The parent must be a group of this domain
 * (400 otherwise, 404/410 if missing).
 */
export async function createPlaced(
  sn: ServiceNode,
  ref: DomainRef,
  domain: DomainJson,
  placement: Placement | undefined,
  implicit: boolean,
  make: (rootId: string) => ObjectJson,
): Promise<ObjectJson> {
  const rootId = sn.rootOf(domain);
  if (!placement) {
    const obj = make(rootId);
    await sn.nodes.forObject(obj.id).createObject(ref.bucket, obj);
    return obj;
  }
  const parentId = sn.checkId(placement.parentId, 'groups');
  await sn.getObject(ref, domain, parentId);
  return createAtPath(sn, ref, parentId, placement.h5path, implicit, make);
}
