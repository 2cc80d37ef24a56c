/**
 * `h5lab dn`: one data-node process — the engine's storage layer (metadata and chunk stores, caches, filters)
 * behind the internal call API, on a port or a Unix socket.
 */
import type { EngineConfig } from '../config.js';
import { DataNode } from '../data/data-node.js';
import type { Logger } from '../logger.js';
import { createStore } from '../storage/create-store.js';
import { LEASE_MS } from './cluster-timing.js';
import { DataNodeService } from './data-node-service.js';
import { Fence } from './fence.js';
import { FencedStore } from './fenced-store.js';

export interface RunningDataNode {
  url: string;
  close(): Promise<void>;
}

export async function runDataNode(config: EngineConfig, logger: Logger): Promise<RunningDataNode> {
  const fence = new Fence(LEASE_MS);
  const store = await createStore(config, (inner) => new FencedStore(inner, fence));
  const node = new DataNode(
    store,
    { metadataCacheBytes: config.metadata_mem_cache_size, chunkCacheBytes: config.chunk_mem_cache_size },
    config.link_roots,
  );
  const service = new DataNodeService(node, fence, logger, config.cluster_token);
  const url = config.socket ? await service.listenSocket(config.socket) : await service.listen(config.dn_port ?? config.port, config.host);
  return {
    url,
    async close() {
      await service.close();
      await store.close();
    },
  };
}

/** The whole configuration as H5LAB_* variables, so child processes run with the same settings. */
export function configEnv(config: EngineConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || value === null) continue;
    env[`H5LAB_${key.toUpperCase()}`] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return env;
}
