/**
 * Shrinking a dataset: chunks wholly outside the new extent are deleted and the parts of boundary chunks
 * beyond it are reset to the fill value, so that growing the dataset again reads fill, not old values.
 */
import type { Selection } from '../../core/selection.js';
import type { ChunkSpec, ChunkStore } from './chunk-store.js';

export async function resizeChunks(chunks: ChunkStore, bucket: string, spec: ChunkSpec, oldDims: number[], newDims: number[]): Promise<void> {
  const c = spec.chunkDims;
  for (const index of await chunks.listIndices(bucket, spec.datasetId)) {
    const origin = index.map((i, d) => i * c[d]);
    if (origin.some((o, d) => o >= newDims[d])) {
      await chunks.deleteChunk(bucket, spec, index);
      continue;
    }
    for (let d = 0; d < c.length; d++) {
      const keep = newDims[d] - origin[d];
      if (keep >= c[d] || newDims[d] >= oldDims[d]) continue;
      const sel: Selection = c.map((n, k) =>
        k === d ? { kind: 'slice', start: keep, stop: n, step: 1 } : { kind: 'slice', start: 0, stop: n, step: 1 },
      );
      await chunks.fillSelection(bucket, spec, index, sel);
    }
  }
}
