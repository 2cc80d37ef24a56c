/**
 * Groups: `POST /groups`, `GET /groups` (ids), `GET /groups/` (by h5path), `GET|DELETE /groups/{id}`.
 */
import { badRequest, forbidden, notFound } from '../../http/errors.js';
import type { RequestContext } from '../../http/request-context.js';
import { json, Reply } from '../../http/responses.js';
import type { GroupJson } from '../../model.js';
import { collectionOf } from '../../storage/ids.js';
import { listCollection } from '../collection-listing.js';
import { createPlaced, placementOf } from '../object-creation.js';
import { findAlias, newObjectJson, resolvePath } from '../object-paths.js';
import { objectResponse } from '../object-views.js';
import type { RouteDef } from '../route-table.js';
import type { ServiceNode } from '../service-node.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function postGroup(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const user = sn.user(ctx, true);
  const ref = sn.requireDomainRef(ctx, { write: true });
  const domain = await sn.getDomain(ref);
  sn.checkAcl(domain, 'create', user);
  const rootId = sn.rootOf(domain);
  const implicit = ctx.bool('implicit');
  const raw = await ctx.json(sn.config.max_json_body);
  // An empty body (or `{}`/`null`) asks for an anonymous group.
  const body = raw ? raw : {};
  if (!isObject(body)) throw badRequest('POST group body must be a JSON object');
  const cpl = body.creationProperties;
  const obj = await createPlaced(sn, ref, domain, placementOf(body, rootId), implicit, (root) =>
    newObjectJson('groups', root, cpl ? { creationProperties: cpl } : {}),
  );
  return json(
    { id: obj.id, root: obj.root, created: obj.created, lastModified: obj.lastModified, linkCount: 0, attributeCount: 0 },
    201,
  );
}

/** `GET /groups/{id}` and `GET /groups/?h5path=…` (absolute, or relative to `{id}`). */
async function getGroup(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const pathId = ctx.params.id;
  const h5path = ctx.query('h5path');
  if (pathId === undefined && h5path === undefined) throw badRequest('Missing group id');
  if (pathId !== undefined) sn.checkId(pathId, 'groups');
  if (pathId === undefined && !h5path!.startsWith('/'))
    throw badRequest('h5paths must be absolute if no parent id is provided');
  const getAlias = pathId !== undefined && !!ctx.query('getalias');
  sn.user(ctx, false);
  const ref = sn.requireDomainRef(ctx);

  let groupId = pathId;
  if (h5path) {
    // The path is resolved before membership and ACL are checked, as HSDS does.
    let start = pathId;
    if (h5path.startsWith('/')) start = sn.rootOf(await sn.getDomain(ref));
    const found = await resolvePath(sn, ref, start!, h5path, { followSoft: false, followExternal: false });
    if (collectionOf(found.id) !== 'groups') throw notFound(`No group exists with the path: ${h5path}`);
    groupId = found.id;
  }
  const { obj } = await sn.access<GroupJson>(ctx, groupId, 'groups', 'read');
  const { hrefs, ...body } = objectResponse(sn, ref, obj, {
    includeLinks: ctx.bool('include_links'),
    includeAttrs: ctx.bool('include_attrs'),
  });
  body.bucket = ref.bucket;
  if (getAlias) {
    const alias = await findAlias(sn, ref, obj.root, obj.id);
    body.alias = alias ? [alias] : [];
  }
  return json({ ...body, hrefs });
}

async function deleteGroup(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const { ref, domain, id } = await sn.access(ctx, ctx.params.id, 'groups', 'delete');
  if (id === sn.rootOf(domain)) throw forbidden('deletion of the root group is not allowed - delete the domain instead');
  // Only the group itself goes: links to it and its members stay, as in HSDS.
  await sn.nodes.forObject(id).deleteObject(ref.bucket, id);
  return json({});
}

export const groupRoutes: RouteDef[] = [
  ['POST', '/groups', postGroup],
  ['GET', '/groups', (sn, ctx) => listCollection(sn, ctx, 'groups')],
  ['GET', '/groups/', getGroup],
  ['GET', '/groups/{id}', getGroup],
  ['DELETE', '/groups/{id}', deleteGroup],
];
