/** The HDF REST API route table: exactly the routes HSDS 0.9.4 registers, plus h5lab's stored-chunk endpoint. */
import { Router } from '../http/router.js';
import type { Handler } from '../http/http-server.js';
import type { ServiceNode } from './service-node.js';
import type { RouteDef } from './route-table.js';
import { getAbout, getInfo } from './handlers/about.js';
import { deleteDomain, getDomain, getDomains, postDomain, putDomain } from './handlers/domains.js';
import { aclRoutes } from './handlers/acls.js';
import { groupRoutes } from './handlers/groups.js';
import { linkRoutes } from './handlers/links.js';
import { datasetRoutes } from './handlers/datasets.js';
import { datatypeRoutes } from './handlers/datatypes.js';
import { attributeRoutes } from './handlers/attributes.js';
import { valueRoutes } from './handlers/values.js';
import { storedChunkRoutes } from './handlers/stored-chunks.js';

const coreRoutes: RouteDef[] = [
  ['GET', '/about', (sn, ctx) => getAbout(sn, ctx)],
  ['GET', '/info', (sn) => getInfo(sn)],
  ['GET', '/', getDomain],
  ['PUT', '/', putDomain],
  ['DELETE', '/', deleteDomain],
  ['POST', '/', postDomain],
  ['GET', '/domains', getDomains],
];

export function buildRouter(sn: ServiceNode): Router<Handler> {
  const router = new Router<Handler>();
  const all = [
    ...coreRoutes,
    ...aclRoutes,
    ...groupRoutes,
    ...linkRoutes,
    ...datasetRoutes,
    ...datatypeRoutes,
    ...attributeRoutes,
    ...valueRoutes,
    ...storedChunkRoutes,
  ];
  for (const [method, pattern, handler] of all) router.add(method, pattern, (ctx) => handler(sn, ctx));
  return router;
}
