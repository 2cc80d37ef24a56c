/**
 * Committed datatypes: `POST /datatypes`, `GET /datatypes` (ids), `GET /datatypes/` (by h5path),
 * `GET|DELETE /datatypes/{id}`.
 */
import { badRequest, gone } from '../../http/errors.js';
import type { RequestContext } from '../../http/request-context.js';
import { json, Reply } from '../../http/responses.js';
import type { DatatypeJson } from '../../model.js';
import { collectionOf } from '../../storage/ids.js';
import { validateType } from '../../../core/types.js';
import { listCollection } from '../collection-listing.js';
import { createPlaced, placementOf } from '../object-creation.js';
import { findAlias, newObjectJson, resolvePath } from '../object-paths.js';
import { objectResponse } from '../object-views.js';
import type { RouteDef } from '../route-table.js';
import type { ServiceNode } from '../service-node.js';

async function postDatatype(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const user = sn.user(ctx, true);
  if (!ctx.hasBody()) throw badRequest('POST Datatype with no body');
  const body = await ctx.json(sn.config.max_json_body);
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('type' in body))
    throw badRequest('POST Datatype has no type key in body');
  const fields = body as Record<string, unknown>;
  const type = validateType(fields.type);
  const ref = sn.requireDomainRef(ctx, { write: true });
  const domain = await sn.getDomain(ref);
  sn.checkAcl(domain, 'create', user);
  const rootId = sn.rootOf(domain);
  const obj = (await createPlaced(sn, ref, domain, placementOf(fields, rootId), ctx.bool('implicit'), (root) =>
    newObjectJson('datatypes', root, { type }),
  )) as DatatypeJson;
  return json(
    { id: obj.id, root: obj.root, created: obj.created, lastModified: obj.lastModified, type: obj.type, attributeCount: 0 },
    201,
  );
}

/** `GET /datatypes/{id}` and `GET /datatypes/?h5path=…` (absolute, or relative to `grpid`). */
async function getDatatype(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const pathId = ctx.params.id;
  const h5path = ctx.query('h5path');
  if (pathId === undefined && h5path === undefined) throw badRequest('Missing type id');
  let startId: string | undefined;
  if (pathId !== undefined) sn.checkId(pathId, 'datatypes');
  else {
    if (!h5path) throw badRequest('Expecting either ctype id or h5path url param');
    const grpid = ctx.query('grpid');
    if (grpid !== undefined) startId = sn.checkId(grpid, 'groups');
    if (!h5path.startsWith('/') && startId === undefined) throw badRequest('h5paths must be absolute');
  }
  const getAlias = pathId !== undefined && !!ctx.query('getalias');
  sn.user(ctx, false);
  const ref = sn.requireDomainRef(ctx);

  let typeId = pathId;
  if (pathId === undefined) {
    const domain = await sn.getDomain(ref);
    const rootId = sn.rootOf(domain);
    const found = await resolvePath(sn, ref, startId ?? rootId, h5path!, { followSoft: false, followExternal: false });
    // HSDS answers 410 (not 404) when the path leads to something other than a datatype.
    if (collectionOf(found.id) !== 'datatypes') throw gone(`No datatype exists with the path: ${h5path}`);
    typeId = found.id;
  }
  const { obj } = await sn.access<DatatypeJson>(ctx, typeId, 'datatypes', 'read');
  const { hrefs, ...body } = objectResponse(sn, ref, obj, { includeAttrs: ctx.bool('include_attrs') });
  if (getAlias) {
    const alias = await findAlias(sn, ref, obj.root, obj.id);
    body.alias = alias ? [alias] : [];
  }
  return json({ ...body, hrefs });
}

async function deleteDatatype(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const { ref, id } = await sn.access(ctx, ctx.params.id, 'datatypes', 'delete');
  await sn.nodes.forObject(id).deleteObject(ref.bucket, id);
  return json({});
}

export const datatypeRoutes: RouteDef[] = [
  ['POST', '/datatypes', postDatatype],
  ['GET', '/datatypes', (sn, ctx) => listCollection(sn, ctx, 'datatypes')],
  ['GET', '/datatypes/', getDatatype],
  ['GET', '/datatypes/{id}', getDatatype],
  ['DELETE', '/datatypes/{id}', deleteDatatype],
];
