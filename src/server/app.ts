/**
 * Assembles an engine from a configuration: storage, data nodes, the service node and its HTTP front.
 * Used by `h5lab serve`, by tests, and (without the HTTP listener) by in-process "direct access".
 */
import { Authenticator } from './auth/authenticator.js';
import { accountFiles } from './auth/account-files.js';
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
import { fileURLToPath } from 'node:url';
import { Cluster } from './cluster/cluster.js';
import { configEnv } from './cluster/data-node-main.js';
import { dnsNodes, staticNodes } from './cluster/discovery.js';
import { startLocalDataNodes } from './cluster/local-data-nodes.js';
import type { NodeRouter } from './service/node-router.js';

export interface Engine {
  config: EngineConfig;
  store: ObjectStore;
  sn: ServiceNode;
  http: HttpFront;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * The data-node layer: in this process (default), N local processes (`dn_count`), or remote processes found
 * from `dn_urls` / `dn_dns` (Kubernetes).
 */
async function dataNodesFor(config: EngineConfig, store: ObjectStore, logger: Logger): Promise<{ router: NodeRouter; stopNodes: () => Promise<void> }> {
  if (config.dn_count > 0 || config.dn_urls.length > 0 || config.dn_dns) {
    const local = config.dn_count > 0 ? await startLocalDataNodes(config.dn_count, CLI_PATH, configEnv(config), logger) : undefined;
    const discover = local
      ? staticNodes(local.urls)
      : config.dn_dns
        ? dnsNodes(config.dn_dns, config.dn_port, logger)
        : staticNodes(config.dn_urls);
    const cluster = new Cluster({ discover, logger, token: config.cluster_token });
    await cluster.start();
    return {
      router: cluster,
      async stopNodes() {
        await cluster.close();
        await local?.stop();
      },
    };
  }
  const node = new DataNode(
    store,
    { metadataCacheBytes: config.metadata_mem_cache_size, chunkCacheBytes: config.chunk_mem_cache_size },
    config.link_roots,
  );
  return { router: new DataNodes([node]), stopNodes: async () => undefined };
}

/** The `h5lab` command, for spawning local data-node processes. */
const CLI_PATH = fileURLToPath(new URL('../../../bin/h5lab.js', import.meta.url));

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export async function createEngine(config: EngineConfig, logger = createLogger(config.log_level)): Promise<Engine> {
  const accounts = accountFiles(config.password_file, config.groups_file, logger);
  if (!accounts.passwords() && !config.socket && !isLoopback(config.host))
    throw new Error('refusing to listen on a non-loopback address without --password-file');
  const auth = new Authenticator({ adminUser: config.admin_user, adminGroup: config.admin_group, allowNoauth: config.allow_noauth, accounts });
  const store = await createStore(config);
  if (!(await store.bucketExists(config.bucket_name))) await store.createBucket(config.bucket_name);
  const { router, stopNodes } = await dataNodesFor(config, store, logger);
  const sn = new ServiceNode(config, router, auth, logger);
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
      await stopNodes();
      await store.close();
    },
  };
}
