/**
 * ACLs of domains and folders, as HSDS 0.9.4 serves them (domain_sn.py GET_ACL, GET_ACLs, PUT_ACL):
 * `GET /acls`, `GET /acls/{user}` and `PUT /acls/{user}`. Entries are per user, `default` (anyone,
 * including anonymous requests) or `g:<group>`.
 */
import { ANONYMOUS } from '../../auth/authenticator.js';
import { badRequest, notFound } from '../../http/errors.js';
import type { RequestContext } from '../../http/request-context.js';
import { json, Reply } from '../../http/responses.js';
import { ACL_KEYS, DomainJson } from '../../model.js';
import type { RouteDef } from '../route-table.js';
import type { DomainRef, ServiceNode } from '../service-node.js';

function aclHrefs(sn: ServiceNode, ref: DomainRef, domain: DomainJson) {
  const hrefs = [{ rel: 'self', href: sn.href(ref, '/acls') }];
  if (domain.root) hrefs.push({ rel: 'root', href: sn.href(ref, `/groups/${domain.root}`) });
  hrefs.push({ rel: 'home', href: sn.href(ref, '/') }, { rel: 'owner', href: sn.href(ref, '/') });
  return hrefs;
}

/** All entries sorted by name, each with its `userName`; needs `readACL`. */
async function getAcls(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const user = sn.user(ctx, false);
  const ref = sn.requireDomainRef(ctx);
  const domain = await sn.getDomain(ref);
  sn.checkAcl(domain, 'readACL', user);
  const acls = domain.acls ?? {};
  const entries = Object.keys(acls)
    .sort()
    .map((userName) => ({ userName, ...acls[userName] }));
  return json({ acls: entries, hrefs: aclHrefs(sn, ref, domain) });
}

/** One entry: reading your own or the `default` entry needs `read`, anyone else's `readACL`; 404 if none. */
async function getAcl(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const aclUser = ctx.params.user;
  const user = sn.user(ctx, false);
  const ref = sn.requireDomainRef(ctx);
  const domain = await sn.getDomain(ref);
  sn.checkAcl(domain, aclUser === user || aclUser === ANONYMOUS ? 'read' : 'readACL', user);
  const acls = domain.acls ?? {};
  if (!Object.hasOwn(acls, aclUser)) throw notFound(`acl for username: [${aclUser}] not found`);
  return json({ acl: { ...acls[aclUser], userName: aclUser }, hrefs: aclHrefs(sn, ref, domain) });
}

/**
 * Creates or updates an entry from a body holding any of the six flags as booleans (a new entry starts with
 * all denied). Unlike HSDS, which only authenticates, the caller needs `updateACL`.
 */
async function putAcl(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const aclUser = ctx.params.user;
  const user = sn.user(ctx, true);
  if (!ctx.hasBody()) throw badRequest('PUT ACL with no body');
  const body = await ctx.jsonObject(sn.config.max_json_body, 'PUT ACL');
  for (const [key, value] of Object.entries(body)) {
    if (!(ACL_KEYS as readonly string[]).includes(key)) throw badRequest(`Unexpected key in request body: ${key}`);
    if (typeof value !== 'boolean') throw badRequest(`Unexpected value for key in request body: ${key}`);
  }
  const ref = sn.requireDomainRef(ctx, { write: true });
  const domain = await sn.getDomain(ref);
  sn.checkAcl(domain, 'updateACL', user);
  // HSDS's service node adds the domain name to the body and its data node stores every key it is sent, so
  // the entry carries a `domain` key that clients see (HSDS's acl tests count it).
  await sn.nodes.forDomain(ref).putAcl(ref.bucket, ref.path, aclUser, { ...body, domain: `${ref.bucket}${ref.path}` });
  return json({}, 201);
}

export const aclRoutes: RouteDef[] = [
  ['GET', '/acls', getAcls],
  ['GET', '/acls/{user}', getAcl],
  ['PUT', '/acls/{user}', putAcl],
];
