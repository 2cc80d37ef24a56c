/**
 * After a dataset shrinks: chunks wholly outside the new extent are deleted and the parts of boundary chunks
 * beyond it are reset to the fill value, so that growing the dataset again reads fill, not old values. Each
 * chunk is changed by the data node that owns it (its cache must see the change).
 */
import type { Selection } from '../../core/selection.js';
import type { ChunkSpec } from '../data/chunk-store.js';
import { forEachLimited } from '../async-pool.js';
import type { DomainRef, ServiceNode } from './service-node.js';

export async function shrinkChunks(sn: ServiceNode, ref: DomainRef, spec: ChunkSpec, oldDims: number[], newDims: number[]): Promise<void> {
  if (!newDims.some((n, i) => n < oldDims[i])) return;
  const c = spec.chunkDims;
  const indices = await sn.nodes.forObject(spec.datasetId).listChunks(ref.bucket, spec.datasetId);
  await forEachLimited(indices, sn.config.max_tasks_per_node_per_request * sn.nodes.count, async (index) => {
    const node = sn.nodes.forChunk(spec.datasetId, index);
    const origin = index.map((i, d) => i * c[d]);
    if (origin.some((o, d) => o >= newDims[d])) {
      await node.deleteChunk(ref.bucket, spec, index);
      return;
    }
    for (let d = 0; d < c.length; d++) {
      const keep = newDims[d] - origin[d];
      if (keep >= c[d] || newDims[d] >= oldDims[d]) continue;
      const sel: Selection = c.map((n, k) =>
        k === d ? { kind: 'slice', start: keep, stop: n, step: 1 } : { kind: 'slice', start: 0, stop: n, step: 1 },
      );
      await node.fillChunk(ref.bucket, spec, index, sel);
    }
  });
}
