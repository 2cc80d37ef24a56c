/**
 * `GET /groups`, `GET /datasets`, `GET /datatypes`: the sorted ids of a collection's objects reachable from
 * the domain's root by hard links (the root itself excluded), paged with `Marker` (an id) and `Limit`.
 */
import type { RequestContext } from '../http/request-context.js';
import { json, Reply } from '../http/responses.js';
import { Collection, collectionOf } from '../storage/ids.js';
import { crawlDomain } from './object-paths.js';
import type { ServiceNode } from './service-node.js';

/** HSDS's getIdList: ids after `marker` (none if it is absent), at most `limit` (0 = all). */
export function pageIds(ids: string[], marker: string | undefined, limit: number | undefined): string[] {
  let start = 0;
  if (marker) {
    const i = ids.indexOf(marker);
    start = i < 0 ? ids.length : i + 1;
  }
  return limit ? ids.slice(start, start + limit) : ids.slice(start);
}

export async function listCollection(sn: ServiceNode, ctx: RequestContext, collection: Collection): Promise<Reply> {
  const user = sn.user(ctx, false);
  const ref = sn.requireDomainRef(ctx);
  const domain = await sn.getDomain(ref);
  sn.checkAcl(domain, 'read', user);
  const limit = ctx.int('Limit');
  const marker = ctx.query('Marker');
  const rootId = sn.rootOf(domain);
  const objs = (await crawlDomain(sn, ref, rootId))!;
  const ids = [...objs.keys()].filter((id) => id !== rootId && collectionOf(id) === collection).sort();
  return json({
    [collection]: pageIds(ids, marker, limit),
    hrefs: [
      { rel: 'self', href: sn.href(ref, `/${collection}`) },
      { rel: 'root', href: sn.href(ref, `/groups/${rootId}`) },
      { rel: 'home', href: sn.href(ref, '/') },
    ],
  });
}
