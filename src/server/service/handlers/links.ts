/**
 * Links: `GET|PUT|DELETE /groups/{id}/links/{title}` and `GET|POST|PUT|DELETE /groups/{id}/links` (listing,
 * recursive listing, bulk read, bulk create, bulk delete), with HSDS's checks in HSDS's order.
 */
import { badRequest, conflict, HttpError } from '../../http/errors.js';
import type { RequestContext } from '../../http/request-context.js';
import { json, Reply } from '../../http/responses.js';
import type { DomainJson, GroupJson, LinkJson } from '../../model.js';
import { now } from '../../model.js';
import { collectionOf, isValidId } from '../../storage/ids.js';
import {
  linksByTitle,
  listLinks,
  ListedLink,
  storedLink,
  titleMatches,
  validateLinkItems,
  validateLinkName,
  validatePattern,
} from '../links-model.js';
import type { RouteDef } from '../route-table.js';
import type { DomainRef, ServiceNode } from '../service-node.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON object body; `what` names the request in the 400 messages. */
async function requiredBody(sn: ServiceNode, ctx: RequestContext, what: string): Promise<Record<string, unknown>> {
  if (!ctx.hasBody()) throw badRequest(`${what} with no body`);
  const body = await ctx.json(sn.config.max_json_body);
  if (body === undefined) throw badRequest(`${what} with no body`);
  if (!isObject(body)) throw badRequest(`${what} body must be a JSON object`);
  return body;
}

function loadGroup(sn: ServiceNode, ref: DomainRef, id: string): Promise<GroupJson> {
  return sn.nodes.forObject(id).getObject<GroupJson>(ref.bucket, id);
}

/** Loads a group named in a request body, which must be a group of this domain. */
async function memberGroup(sn: ServiceNode, ref: DomainRef, domain: DomainJson, id: string): Promise<GroupJson> {
  if (!isValidId(id, 'groups')) throw badRequest(`Invalid group id: ${id}`);
  return sn.getObject<GroupJson>(ref, domain, id);
}

function listHrefs(sn: ServiceNode, ref: DomainRef, groupId: string) {
  return [
    { rel: 'self', href: sn.href(ref, `/groups/${groupId}/links`) },
    { rel: 'home', href: sn.href(ref, '/') },
    { rel: 'owner', href: sn.href(ref, `/groups/${groupId}`) },
  ];
}

// ------------------------------------------------------------------ one link

async function getLink(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const groupId = sn.checkId(ctx.params.id, 'groups');
  const title = validateLinkName(ctx.params.title);
  const { ref } = await sn.access(ctx, groupId, 'groups', 'read');
  const link = await sn.nodes.forObject(groupId).getLink(ref.bucket, groupId, title);
  const view: Record<string, unknown> = { title, class: link.class };
  if (link.class === 'H5L_TYPE_HARD') {
    view.id = link.id;
    view.collection = collectionOf(link.id);
  } else {
    view.h5path = link.h5path;
    if (link.class === 'H5L_TYPE_EXTERNAL') view.h5domain = link.h5domain;
  }
  const hrefs = [
    { rel: 'self', href: sn.href(ref, `/groups/${groupId}/links/${title}`) },
    { rel: 'home', href: sn.href(ref, '/') },
    { rel: 'owner', href: sn.href(ref, `/groups/${groupId}`) },
  ];
  if (link.class === 'H5L_TYPE_HARD') hrefs.push({ rel: 'target', href: sn.objectHref(ref, link.id) });
  // Links are never modified, so their creation time is also their last modification.
  return json({ link: view, created: link.created, lastModified: link.created, hrefs });
}

/** Hard-link targets must exist (404/410) and belong to the group's domain (400). */
async function checkTargets(sn: ServiceNode, ref: DomainRef, rootId: string, links: LinkJson[]): Promise<void> {
  for (const link of links) {
    if (link.class !== 'H5L_TYPE_HARD') continue;
    if (!isValidId(link.id)) throw badRequest(`invalid link: invalid id: ${link.id}`);
    const target = await sn.nodes.forObject(link.id).getObject(ref.bucket, link.id);
    if (target.root !== rootId) throw badRequest('Hard link must reference an object in the same domain');
  }
}

/** Creates links in one group: 201 if any is new, 200 if all existed identically, 409 on a different one. */
async function putGroupLinks(sn: ServiceNode, ref: DomainRef, groupId: string, links: Record<string, LinkJson>): Promise<201 | 200> {
  const status = await sn.nodes.forObject(groupId).putLinks(ref.bucket, groupId, links);
  return Object.values(status).includes(201) ? 201 : 200;
}

async function putLink(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  sn.user(ctx, true);
  const body = await requiredBody(sn, ctx, 'PUT Link');
  const { ref, domain, id: groupId } = await sn.access(ctx, ctx.params.id, 'groups', 'create');
  const title = validateLinkName(ctx.params.title);
  // Only the target fields count here (an explicit class is ignored), and empty values are as absent.
  const item: Record<string, unknown> = {};
  for (const key of ['id', 'h5path', 'h5domain']) if (body[key]) item[key] = body[key];
  if (item.id && item.h5path) throw badRequest('provide id or h5path, but not both');
  const link = storedLink(item, now());
  await checkTargets(sn, ref, sn.rootOf(domain), [link]);
  const status = await putGroupLinks(sn, ref, groupId, { [title]: link });
  return json({ hrefs: [] }, status);
}

async function deleteLink(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const groupId = sn.checkId(ctx.params.id, 'groups');
  const title = validateLinkName(ctx.params.title);
  const { ref } = await sn.access(ctx, groupId, 'groups', 'delete');
  await sn.nodes.forObject(groupId).deleteLinks(ref.bucket, groupId, [title]);
  return json({});
}

// ------------------------------------------------------------------ crawling several groups

interface CrawlOptions {
  follow: boolean;
  limit?: number;
  createOrder?: boolean;
  /** Applied to each group's links before the limit. */
  pattern?: string;
}

/**
 * The links of several groups (and, with `follow`, of every group reachable from them by hard links),
 * keyed by group id — HSDS's DomainCrawler `get_link`. A group that cannot be read, or lacks one of the
 * titles asked for, is left out silently; a followed group that cannot be read lists nothing. `limit` caps
 * the total number of links, and a group cut short is not followed further.
 */
async function crawlLinks(
  sn: ServiceNode,
  ref: DomainRef,
  domain: DomainJson,
  seeds: Array<[groupId: string, titles: string[] | undefined]>,
  opts: CrawlOptions,
): Promise<Record<string, ListedLink[]>> {
  const out = new Map<string, ListedLink[]>();
  const queue = [...seeds];
  const seen = new Set(seeds.map(([id]) => id));
  let count = 0;
  for (let i = 0; i < queue.length; i++) {
    const [groupId, titles] = queue[i];
    if (titles && titles.length === 0) continue;
    let group: GroupJson;
    try {
      group = await (i < seeds.length ? memberGroup(sn, ref, domain, groupId) : loadGroup(sn, ref, groupId));
    } catch (e) {
      if (e instanceof HttpError && (e.status === 404 || e.status === 410)) continue;
      throw e;
    }
    let fetched: ListedLink[];
    if (titles) {
      const { found, missing } = linksByTitle(group.links ?? {}, titles);
      if (missing.length) continue;
      fetched = found;
    } else {
      // When following, groups are found through all links, so the pattern is applied afterwards.
      const pattern = opts.follow ? undefined : opts.pattern;
      fetched = listLinks(group.links ?? {}, { limit: opts.limit, createOrder: opts.createOrder, pattern });
    }
    let kept = opts.follow && opts.pattern ? fetched.filter((l) => titleMatches(l.title, opts.pattern!)) : fetched;
    let follow = opts.follow;
    if (opts.limit) {
      const left = opts.limit - count;
      if (left < kept.length) {
        kept = kept.slice(0, left);
        follow = false;
      }
    }
    count += kept.length;
    out.set(groupId, kept);
    if (!follow) continue;
    for (const link of fetched) {
      if (link.class !== 'H5L_TYPE_HARD' || collectionOf(link.id) !== 'groups' || seen.has(link.id)) continue;
      seen.add(link.id);
      out.set(link.id, []);
      queue.push([link.id, undefined]);
    }
  }
  return Object.fromEntries(out);
}

// ------------------------------------------------------------------ link collections

async function getLinks(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const groupId = sn.checkId(ctx.params.id, 'groups');
  const { ref, domain, obj } = await sn.access<GroupJson>(ctx, groupId, 'groups', 'read');
  const follow = ctx.bool('follow_links');
  const pattern = ctx.query('pattern') || undefined;
  if (pattern) validatePattern(pattern);
  const createOrder = ctx.bool('CreateOrder');
  const limit = ctx.int('Limit');
  const marker = ctx.query('Marker') || undefined;

  let links: unknown;
  if (follow) {
    // HSDS limits the recursive listing before filtering it by pattern, and ignores CreateOrder and Marker.
    const byGroup = await crawlLinks(sn, ref, domain, [[groupId, undefined]], { follow: true, limit });
    if (pattern)
      for (const [id, list] of Object.entries(byGroup)) byGroup[id] = list.filter((l) => titleMatches(l.title, pattern));
    links = byGroup;
  } else {
    links = listLinks(obj.links ?? {}, { createOrder, pattern, marker, limit }).map((link) => {
      const item: Record<string, unknown> = { ...link };
      if (link.class === 'H5L_TYPE_HARD') {
        item.collection = collectionOf(link.id);
        item.target = sn.objectHref(ref, link.id);
      }
      item.href = sn.href(ref, `/groups/${groupId}/links/${link.title}`);
      return item;
    });
  }
  return json({ links, hrefs: listHrefs(sn, ref, groupId) });
}

/**
 * Bulk read: `{"titles": [...]}` for this group, `{"grp_ids": [...], "titles"?: [...]}` or
 * `{"grp_ids": {id: [titles]}}` for several (then answered as a dict keyed by group id).
 */
async function postLinks(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const requestId = ctx.params.id;
  const follow = ctx.bool('follow_links');
  const createOrder = ctx.bool('CreateOrder');
  const limit = ctx.int('Limit');
  const pattern = ctx.query('pattern') || undefined;
  const body = await requiredBody(sn, ctx, 'POST Links');
  let titles: string[] | undefined;
  if ('titles' in body) {
    if (!Array.isArray(body.titles)) throw badRequest('expected list for titles');
    titles = body.titles as string[];
  }
  const groupIds = body.grp_ids ?? undefined;
  if (titles === undefined && groupIds === undefined) throw badRequest('expected body to contain one of titles, grp_ids keys');
  const someTitles = titles !== undefined && titles.length > 0;
  if (follow && someTitles) throw badRequest('titles list can not be used with follow_links');
  if (limit && someTitles) throw badRequest('Limit parameter can not be used with titles list');
  if (createOrder && someTitles) throw badRequest('CreateOrder parameter can not be used with titles');

  const items: Array<[string, string[] | undefined]> = [];
  if (groupIds === undefined) items.push([requestId, titles]);
  else if (Array.isArray(groupIds)) for (const id of groupIds) items.push([String(id), undefined]);
  else if (isObject(groupIds)) {
    if (titles !== undefined) throw badRequest('titles must not be provided if grp_ids is a dict');
    for (const [id, names] of Object.entries(groupIds)) {
      if (!Array.isArray(names)) throw badRequest('expected list of titles');
      items.push([id, names as string[]]);
    }
  }
  for (const [id, names] of items) {
    if (!isValidId(id, 'groups')) throw badRequest(`Invalid group id: ${id}`);
    for (const t of (Array.isArray(groupIds) ? titles : names) ?? []) validateLinkName(t);
  }
  if (pattern) validatePattern(pattern);

  const { ref, domain } = await sn.access(ctx, requestId, 'groups', 'read');
  if (items.length === 0) throw badRequest('no group ids specified for POST Links');
  if (items.length === 1 && !follow) {
    // HSDS answers one group directly; with a `grp_ids` list it then ignores `titles` and lists all links.
    const [groupId, names] = items[0];
    const group = await memberGroup(sn, ref, domain, groupId);
    if (!names || names.length === 0) return json({ links: listLinks(group.links ?? {}, { limit, createOrder, pattern }) });
    const { found, missing } = linksByTitle(group.links ?? {}, names);
    // Raises 404, or 410 for a link deleted during this server's lifetime.
    if (missing.length) await sn.nodes.forObject(groupId).getLink(ref.bucket, groupId, missing[0]);
    return json({ links: found });
  }
  if (Array.isArray(groupIds) && someTitles) for (const item of items) item[1] = titles;
  const links = await crawlLinks(sn, ref, domain, items, { follow, limit, createOrder, pattern });
  return json({ links });
}

/**
 * Bulk create: `{"links": {title: link}}` into this group, `{"grp_ids": [...], "links": {...}}` into each
 * listed group, or `{"grp_ids": {id: {"links": {...}}}}`.
 */
async function putLinks(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  sn.user(ctx, true);
  const body = await requiredBody(sn, ctx, 'PUT Links');
  const ref = sn.requireDomainRef(ctx, { write: true });
  const domain = await sn.getDomain(ref);
  const rootId = sn.rootOf(domain);
  const requestId = ctx.params.id;
  const linkItems = 'links' in body ? validateLinkItems(body.links, 'PUT Links') : undefined;

  const targets = new Map<string, Record<string, Record<string, unknown>>>();
  if ('grp_ids' in body) {
    const groupIds = body.grp_ids;
    if (Array.isArray(groupIds)) {
      if (!linkItems || Object.keys(linkItems).length === 0) throw badRequest('no links provided');
      for (const id of groupIds) {
        if (typeof id !== 'string' || !isValidId(id, 'groups')) throw badRequest(`Invalid group id: ${String(id)}`);
        targets.set(id, linkItems);
      }
    } else if (isObject(groupIds)) {
      if (linkItems && Object.keys(linkItems).length) throw badRequest('links defined outside the grp_ids dict');
      for (const [id, entry] of Object.entries(groupIds)) {
        if (!isValidId(id, 'groups')) throw badRequest(`Invalid group id: ${id}`);
        if (!isObject(entry) || !('links' in entry)) throw badRequest(`PUT Links with no links for grp_id: ${id}`);
        targets.set(id, validateLinkItems(entry.links, `PUT Links for ${id}`));
      }
    } else throw badRequest('unexpected type for grp_ids');
  } else {
    if (!linkItems) throw badRequest('PUT Links with no links key in body');
    targets.set(requestId, linkItems);
  }
  await sn.access(ctx, requestId, 'groups', 'create');
  if (targets.size === 0) throw badRequest('no grp_ids defined');

  const created = now();
  const writes: Array<[string, Record<string, LinkJson>]> = [];
  for (const [groupId, items] of targets) {
    await memberGroup(sn, ref, domain, groupId);
    const links = Object.fromEntries(Object.entries(items).map(([title, item]) => [title, storedLink(item, created)]));
    await checkTargets(sn, ref, rootId, Object.values(links));
    writes.push([groupId, links]);
  }
  // Each group is written on its own (as HSDS does); a conflict in one does not undo the others.
  let status: 200 | 201 = 200;
  let conflicted = false;
  for (const [groupId, links] of writes) {
    try {
      if ((await putGroupLinks(sn, ref, groupId, links)) === 201) status = 201;
    } catch (e) {
      if (!(e instanceof HttpError && e.status === 409) || writes.length === 1) throw e;
      conflicted = true;
    }
  }
  if (conflicted) throw conflict('one or more links already exist with a different target');
  return json({}, status);
}

async function deleteLinks(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const groupId = sn.checkId(ctx.params.id, 'groups');
  const param = ctx.query('titles');
  if (param === undefined) throw badRequest('expected titles params');
  const separator = ctx.query('separator') ?? '/';
  if (separator === '') throw badRequest('separator must not be empty');
  const titles = param.split(separator).map(validateLinkName);
  const { ref } = await sn.access(ctx, groupId, 'groups', 'delete');
  await sn.nodes.forObject(groupId).deleteLinks(ref.bucket, groupId, titles);
  return json({});
}

export const linkRoutes: RouteDef[] = [
  ['GET', '/groups/{id}/links', getLinks],
  ['POST', '/groups/{id}/links', postLinks],
  ['PUT', '/groups/{id}/links', putLinks],
  ['DELETE', '/groups/{id}/links', deleteLinks],
  ['GET', '/groups/{id}/links/{title}', getLink],
  ['PUT', '/groups/{id}/links/{title}', putLink],
  ['DELETE', '/groups/{id}/links/{title}', deleteLink],
];
