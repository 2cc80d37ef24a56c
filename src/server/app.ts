/**
 * Assembles an engine from a configuration: storage, data nodes, the service node and its HTTP front.
 * Used by `h5lab serve`, by tests, and (without the HTTP listener) by in-process "direct access".
 */
import { Authenticator } from './auth/authenticator.js';
import { loadGroupsFile } from './auth/groups-file.js';
import { loadPasswordFile } from './auth/password-file.js';
import type { EngineConfig } from './config.js';
import { DataNode } from './data/data-node.js';
import { HttpFront } from './http/http-server.js';
import { createLogger, Logger } from './logger.js';
import { DataNodes } from './service/data-nodes.js';
import { buildRouter } from './service/routes.js';
import { ServiceNode } from './service/service-node.js';
import { ensureHomeFolder } from './service/bootstrap.js';
import type { ObjectStore } from './storage/object-store.js';
import { createStore } from './storage/create-store.js';

export interface Engine {
  config: EngineConfig;
  store: ObjectStore;
  sn: ServiceNode;
  http: HttpFront;
  logger: Logger;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export async function createEngine(config: EngineConfig, logger = createLogger(config.log_level)): Promise<Engine> {
  const passwords = config.password_file ? loadPasswordFile(config.password_file) : undefined;
  if (!passwords && !config.socket && !isLoopback(config.host))
    throw new Error('refusing to listen on a non-loopback address without --password-file');
  const auth = new Authenticator({
    adminUser: config.admin_user,
    adminGroup: config.admin_group,
    allowNoauth: config.allow_noauth,
    passwords,
    groupsOfUser: config.groups_file ? loadGroupsFile(config.groups_file) : new Map(),
  });
  const store = await createStore(config);
  if (!(await store.bucketExists(config.bucket_name))) await store.createBucket(config.bucket_name);
  const node = new DataNode(
    store,
    { metadataCacheBytes: config.metadata_mem_cache_size, chunkCacheBytes: config.chunk_mem_cache_size },
    config.link_roots,
  );
  const sn = new ServiceNode(config, new DataNodes([node]), auth, logger);
  await ensureHomeFolder(sn);
  const http = new HttpFront(buildRouter(sn), {
    serverName: config.server_name,
    corsDomain: config.cors_domain,
    maxTaskCount: config.max_task_count,
    logger,
  });
  return {
    config,
    store,
    sn,
    http,
    logger,
    async close() {
      await http.close();
      await store.close();
    },
  };
}
