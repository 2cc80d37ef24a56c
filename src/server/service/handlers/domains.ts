/**
 * Domains ("files") and folders: `GET|PUT|DELETE|POST /` and `GET /domains`.
 */
import { HSDS_VERSION } from '../../config.js';
import { badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import type { RequestContext } from '../../http/request-context.js';
import { empty, json, Reply } from '../../http/responses.js';
import { ACL_KEYS, Acl, DomainJson, GroupJson, now } from '../../model.js';
import { createRootId } from '../../storage/ids.js';
import { SUPPORTED_COMPRESSORS } from '../../data/filters/definitions.js';
import type { DomainSummary } from '../../data/summary.js';
import { crawlDomain, resolvePath } from '../object-paths.js';
import { objectResponse, crawlEntry } from '../object-views.js';
import type { DomainRef, ServiceNode } from '../service-node.js';
import { globMatch } from '../glob.js';
import { evaluateAttributeQuery } from '../domain-query.js';

const FULL: Acl = { create: true, read: true, update: true, delete: true, readACL: true, updateACL: true };
const READ_ONLY: Acl = { create: false, read: true, update: false, delete: false, readACL: false, updateACL: false };

/** Seconds a domain summary is reused before `verbose` requests rescan. */
const SUMMARY_MAX_AGE = 5;

function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function limits(sn: ServiceNode) {
  return {
    min_chunk_size: sn.config.min_chunk_size,
    max_chunk_size: sn.config.max_chunk_size,
    max_request_size: sn.config.max_request_size,
  };
}

function domainHrefs(sn: ServiceNode, ref: DomainRef, domain: DomainJson) {
  const hrefs = [{ rel: 'self', href: sn.href(ref, '/') }];
  if (domain.root) {
    hrefs.push(
      { rel: 'database', href: sn.href(ref, '/datasets') },
      { rel: 'groupbase', href: sn.href(ref, '/groups') },
      { rel: 'typebase', href: sn.href(ref, '/datatypes') },
      { rel: 'root', href: sn.href(ref, `/groups/${domain.root}`) },
    );
  } else {
    hrefs.push({ rel: 'domains', href: sn.href(ref, '/domains') + '/' });
  }
  hrefs.push({ rel: 'acls', href: sn.href(ref, '/acls') });
  const parent = parentPath(ref.path);
  if (parent !== '/') hrefs.push({ rel: 'parent', href: sn.href({ bucket: ref.bucket, path: parent }, '/') });
  return hrefs;
}

async function summaryFor(sn: ServiceNode, ref: DomainRef, rootId: string, fresh: boolean): Promise<DomainSummary> {
  const dn = sn.nodes.forObject(rootId);
  if (!fresh) {
    const s = await dn.readSummary(ref.bucket, rootId);
    if (s && now() - s.scan_complete < SUMMARY_MAX_AGE) return s;
  }
  return dn.summarize(ref.bucket, rootId);
}

/** The domain JSON as clients see it (HSDS getDomainResponse). */
export async function domainResponse(sn: ServiceNode, ref: DomainRef, domain: DomainJson, verbose: boolean) {
  const rsp: Record<string, unknown> = {};
  if (domain.root) {
    rsp.root = domain.root;
    rsp.class = 'domain';
  } else {
    rsp.class = 'folder';
  }
  rsp.owner = domain.owner;
  rsp.created = domain.created;
  let lastModified = domain.lastModified ?? 0;
  if (verbose && domain.root) {
    const s = await summaryFor(sn, ref, domain.root, false);
    const metaSize = JSON.stringify(domain).length;
    const num_datasets = Object.keys(s.datasets).length;
    Object.assign(rsp, {
      num_groups: s.num_groups,
      num_datasets,
      num_datatypes: s.num_datatypes,
      num_objects: s.num_groups + num_datasets + s.num_datatypes + s.num_chunks,
      num_chunks: s.num_chunks,
      num_linked_chunks: s.num_linked_chunks,
      total_size: metaSize + s.allocated_bytes + s.linked_bytes + s.metadata_bytes,
      allocated_bytes: s.allocated_bytes,
      metadata_bytes: s.metadata_bytes,
      linked_bytes: s.linked_bytes,
      md5_sum: s.md5_sum,
      scan_info: s,
    });
    lastModified = Math.max(lastModified, s.lastModified);
  }
  rsp.lastModified = lastModified;
  if (domain.root) {
    rsp.limits = limits(sn);
    rsp.compressors = SUPPORTED_COMPRESSORS;
    rsp.version = HSDS_VERSION;
  }
  return rsp;
}

function followOptions(ctx: RequestContext) {
  return { followSoft: ctx.bool('follow_soft_links'), followExternal: ctx.bool('follow_external_links') };
}

async function objectAtPath(sn: ServiceNode, ctx: RequestContext, ref: DomainRef, domain: DomainJson, h5path: string) {
  const parentId = ctx.query('parent_id');
  const base = parentId ? sn.checkId(parentId, 'groups') : sn.rootOf(domain);
  const found = await resolvePath(sn, ref, base, h5path, followOptions(ctx));
  const obj = await sn.nodes.forObject(found.id).getObject(found.ref.bucket, found.id);
  const body = objectResponse(sn, found.ref, obj, {
    includeLinks: ctx.bool('include_links'),
    includeAttrs: ctx.bool('include_attrs'),
    ignoreNan: ctx.bool('ignore_nan'),
  });
  body.domain = found.ref.path;
  body.class = found.id.startsWith('g-') ? 'group' : found.id.startsWith('d-') ? 'dataset' : 'datatype';
  return body;
}

export async function getDomain(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const user = sn.user(ctx, false);
  const ref = sn.domainRef(ctx);
  if (!ref) {
    const domains = await listDomains(sn, ctx, { bucket: sn.bucketFor(ctx), path: '/' }, true);
    return json({ domains, hrefs: [{ rel: 'self', href: sn.href(undefined, '/') }] });
  }
  const domain = await sn.getDomain(ref);
  sn.checkAcl(domain, 'read', user);
  const h5path = ctx.query('h5path');
  if (h5path !== undefined) {
    sn.rootOf(domain);
    const body = await objectAtPath(sn, ctx, ref, domain, h5path);
    body.hrefs = domainHrefs(sn, ref, domain);
    return json(body, 200, { ignoreNan: ctx.bool('ignore_nan') });
  }
  const rsp = await domainResponse(sn, ref, domain, ctx.bool('verbose'));
  if (ctx.bool('getobjs') && domain.root) {
    const objs = await crawlDomain(sn, ref, domain.root, sn.config.domain_req_max_objects_limit);
    if (objs) {
      const includeAttrs = ctx.bool('include_attrs');
      rsp.domain_objs = Object.fromEntries([...objs].map(([id, o]) => [id, crawlEntry(o, includeAttrs)]));
    }
  }
  if (ctx.bool('getdnids')) rsp.dn_ids = sn.nodes.ids();
  rsp.hrefs = domainHrefs(sn, ref, domain);
  return json(rsp, 200, { ignoreNan: ctx.bool('ignore_nan') });
}

/** `POST /` with `{"h5paths": [...]}`: the objects at several paths in one call. */
export async function postDomain(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const body = await ctx.jsonObject(sn.config.max_json_body, 'POST domain');
  const paths = body.h5paths;
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string'))
    throw badRequest('expected h5paths key in body with a list of paths');
  const user = sn.user(ctx, false);
  const ref = sn.requireDomainRef(ctx);
  const domain = await sn.getDomain(ref);
  if (!domain.root) throw badRequest(`${ref.path} is a folder, not a domain`);
  sn.checkAcl(domain, 'read', user);
  const out: Record<string, unknown> = {};
  for (const p of paths as string[]) out[p] = await objectAtPath(sn, ctx, ref, domain, p);
  return json({ h5paths: out }, 200, { ignoreNan: ctx.bool('ignore_nan') });
}

export async function putDomain(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const user = sn.user(ctx, true);
  const ref = sn.requireDomainRef(ctx, { write: true });
  const raw = await ctx.json(sn.config.max_json_body);
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw)))
    throw badRequest('PUT domain body must be a JSON object');
  const body = (raw ?? {}) as Record<string, unknown>;
  const flag = (name: string) => ctx.bool(name, body);

  if (flag('flush') || flag('rescan')) {
    const domain = await sn.getDomain(ref);
    if (domain.root) {
      sn.checkAcl(domain, 'update', user);
      // Writes are durable when acknowledged, so a flush has nothing left to wait for.
      if (flag('rescan')) await summaryFor(sn, ref, domain.root, true);
    }
    if (flag('flush') && flag('getdnids') && domain.root) return json({ dn_ids: sn.nodes.ids() });
    return empty(204);
  }

  const isFolder = body.folder === true || body.folder === 1 || (typeof body.folder === 'string' && ctx.bool('folder', body));
  const owner = body.owner === undefined ? user : String(body.owner);
  if (owner !== user && !sn.isAdmin(user)) throw forbidden('only admin users may set the owner of a new domain');
  const parent = parentPath(ref.path);
  const topLevel = parent === '/';
  if (topLevel && !sn.isAdmin(user)) throw forbidden('creation of top-level domains is only supported by admin users');
  let parentJson: DomainJson | undefined;
  if (!topLevel) {
    parentJson = await sn.getDomain({ bucket: ref.bucket, path: parent }).catch((e) => {
      if ((e as { status?: number }).status === 410) throw notFound(`parent folder ${parent} not found`);
      throw e;
    });
    if (parentJson.root) throw badRequest('Parent domain must be a folder');
    sn.checkAcl(parentJson, 'create', user);
  }
  if (await sn.findDomain(ref)) throw conflict(`domain ${ref.path} already exists`);

  let rootId: string | undefined;
  if (body.linked_domain !== undefined) {
    if (isFolder) throw badRequest('Folder domains can not be used for links');
    if (typeof body.linked_domain !== 'string' || !body.linked_domain.startsWith('/'))
      throw badRequest(`linked_domain: ${String(body.linked_domain)} is not valid`);
    const linkedBucket = typeof body.linked_bucket === 'string' ? body.linked_bucket : ref.bucket;
    const linkedRef = { bucket: linkedBucket, path: body.linked_domain };
    const linked = await sn.getDomain(linkedRef);
    if (!linked.root) throw badRequest('Folder domains cannot be used as link target');
    sn.checkAcl(linked, 'read', user);
    sn.checkAcl(linked, 'delete', user);
    rootId = linked.root;
  } else if (!isFolder) {
    rootId = createRootId();
    const t = now();
    const group: GroupJson = { id: rootId, root: rootId, created: t, lastModified: t, links: {}, attributes: {} };
    const cpl = (body.group as Record<string, unknown> | undefined)?.creationProperties;
    if (cpl !== undefined) group.creationProperties = cpl as Record<string, unknown>;
    await sn.nodes.forObject(rootId).createObject(ref.bucket, group);
  }

  const acls: DomainJson['acls'] = {};
  for (const [name, acl] of Object.entries(parentJson?.acls ?? {})) {
    if (name === 'default' || name === owner || sn.isAdmin(name)) continue;
    if (ACL_KEYS.some((k) => acl[k])) acls[name] = acl;
  }
  acls[owner] = { ...FULL };
  if (isFolder || sn.config.default_public) acls.default = { ...READ_ONLY };
  const t = now();
  const domain: DomainJson = { owner, acls, created: t, lastModified: t };
  if (rootId) domain.root = rootId;
  await sn.nodes.forDomain(ref).createDomain(ref.bucket, ref.path, domain);

  const rsp: Record<string, unknown> = { ...domain };
  if (rootId) {
    rsp.limits = limits(sn);
    rsp.compressors = SUPPORTED_COMPRESSORS;
    rsp.version = HSDS_VERSION;
  }
  if (flag('getdnids')) rsp.dn_ids = sn.nodes.ids();
  return json(rsp, 201);
}

export async function deleteDomain(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const raw = ctx.hasBody() ? await ctx.json(sn.config.max_json_body) : undefined;
  const body = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (ctx.bool('meta_only', body)) return json({});
  const user = sn.user(ctx, true);
  const ref = sn.requireDomainRef(ctx, { write: true });
  if (parentPath(ref.path) === '/' && !sn.isAdmin(user))
    throw forbidden('deletion of top-level domains is only supported by admin users');
  const domain = await sn.getDomain(ref);
  sn.checkAcl(domain, 'delete', user);
  const dn = sn.nodes.forDomain(ref);
  if (!domain.root && (await dn.listFolder(ref.bucket, ref.path)).length > 0) throw conflict('folder has sub-items');
  await dn.deleteDomain(ref.bucket, ref.path);
  if (domain.root && !ctx.bool('keep_root', body)) {
    const root = domain.root;
    // Like HSDS's garbage collection, the domain's objects are removed after the request returns; what is
    // left by a crash is unreachable and harmless.
    void sn.nodes
      .forObject(root)
      .deleteRootTree(ref.bucket, root)
      .catch((e) => sn.logger.warn(`cleanup of ${root} failed: ${(e as Error).message}`));
  }
  return json({ domain: `${ref.bucket}${ref.path}` });
}

// ------------------------------------------------------------------ folder listing

async function listDomains(sn: ServiceNode, ctx: RequestContext, folder: DomainRef, withHrefs: boolean) {
  const pattern = ctx.query('pattern');
  const query = ctx.query('query');
  const limit = ctx.int('Limit');
  let marker = ctx.query('Marker');
  const verbose = ctx.bool('verbose');
  const dn = sn.nodes.forDomain(folder);
  let paths: string[];
  if (folder.path === '/' && sn.config.top_level_domains.length) paths = sn.config.top_level_domains;
  else paths = await dn.listFolder(folder.bucket, folder.path);
  const out: Record<string, unknown>[] = [];
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (pattern !== undefined && !globMatch(name, pattern)) continue;
    if (marker !== undefined) {
      if (marker === path) marker = undefined;
      continue;
    }
    const ref = { bucket: folder.bucket, path };
    const d = await sn.findDomain(ref);
    if (!d) continue;
    if (query !== undefined) {
      if (!d.root) continue;
      const root = await sn.nodes.forObject(d.root).getObject<GroupJson>(ref.bucket, d.root).catch(() => undefined);
      if (!root || !evaluateAttributeQuery(query, root.attributes ?? {})) continue;
    }
    const item = { name: path, ...(await domainResponse(sn, ref, d, verbose)) } as Record<string, unknown>;
    delete item.limits;
    delete item.compressors;
    delete item.version;
    if (withHrefs) item.hrefs = [{ rel: 'domain', href: sn.href(ref, '/') }];
    out.push(item);
    if (limit !== undefined && limit > 0 && out.length >= limit) break;
  }
  return out;
}

export async function getDomains(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  sn.user(ctx, false);
  const ref = sn.domainRef(ctx, { folder: true }) ?? { bucket: sn.bucketFor(ctx), path: '/' };
  const domains = await listDomains(sn, ctx, ref, true);
  return json({ domains, hrefs: [] });
}
