/** `GET /about` and `GET /info`: server identity and node state (h5pyd checks `hsds_version`). */
import { cpus, freemem, totalmem, loadavg } from 'node:os';
import { HSDS_VERSION } from '../../config.js';
import type { RequestContext } from '../../http/request-context.js';
import { json, Reply } from '../../http/responses.js';
import type { ServiceNode } from '../service-node.js';

export async function getAbout(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  // Credentials are optional here, but when given they must be valid.
  const user = sn.user(ctx, false);
  return json({
    start_time: sn.startTime,
    state: 'READY',
    hsds_version: HSDS_VERSION,
    name: sn.config.server_name,
    greeting: 'Welcome to h5lab, an HDF REST service compatible with HSDS',
    about: 'h5lab serves HDF5 data over the HDF REST API',
    node_count: sn.nodes.count,
    dn_count: sn.nodes.count,
    dn_ids: sn.nodes.ids(),
    username: user === 'default' ? 'anonymous' : user,
    isadmin: sn.isAdmin(user),
  });
}

export async function getInfo(sn: ServiceNode): Promise<Reply> {
  const mem = process.memoryUsage();
  return json({
    node: { id: sn.id, type: 'sn', start_time: sn.startTime, state: 'READY', node_count: sn.nodes.count },
    cpu: { count: cpus().length, load_average: loadavg() },
    memory: { rss: mem.rss, heap_used: mem.heapUsed, free: freemem(), total: totalmem() },
    data_nodes: await sn.nodes.describe(),
  });
}
