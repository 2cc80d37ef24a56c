/** A handler module's contribution to the route table. */
import type { RequestContext } from '../http/request-context.js';
import type { Reply } from '../http/responses.js';
import type { ServiceNode } from './service-node.js';

export type RouteHandler = (sn: ServiceNode, ctx: RequestContext) => Promise<Reply>;
export type RouteDef = [method: string, pattern: string, handler: RouteHandler];
