/**
 * The domain summary HSDS keeps in `db/<root>/.info.json`: object and chunk counts and byte totals, computed
 * by listing every key under the domain's root prefix. Served by `GET /?verbose=1` and `GET /datasets/{id}?verbose=1`.
 */
import { createHash } from 'node:crypto';
import { parseJson, stringifyJson } from '../../core/json.js';
import { product } from '../../core/selection.js';
import { itemSize } from '../../core/types.js';
import type { DatasetJson } from '../model.js';
import { isSchema2Id } from '../storage/ids.js';
import { infoKey, rootPrefix } from '../storage/keys.js';
import type { ObjectStore } from '../storage/object-store.js';

export interface DatasetSummary {
  lastModified: number;
  num_chunks: number;
  allocated_bytes: number;
  logical_bytes: number;
  linked_bytes: number;
  num_linked_chunks: number;
}

export interface DomainSummary {
  lastModified: number;
  num_groups: number;
  num_datatypes: number;
  datasets: Record<string, DatasetSummary>;
  num_chunks: number;
  allocated_bytes: number;
  metadata_bytes: number;
  num_linked_chunks: number;
  linked_bytes: number;
  logical_bytes: number;
  bucket: string;
  scan_start: number;
  scan_complete: number;
  md5_sum: string;
}

const decoder = new TextDecoder();

function emptySummary(bucket: string, scanStart: number): DomainSummary {
  return {
    lastModified: 0,
    num_groups: 0,
    num_datatypes: 0,
    datasets: {},
    num_chunks: 0,
    allocated_bytes: 0,
    metadata_bytes: 0,
    num_linked_chunks: 0,
    linked_bytes: 0,
    logical_bytes: 0,
    bucket,
    scan_start: scanStart,
    scan_complete: 0,
    md5_sum: '',
  };
}

/**
 * Rebuilds the summary from a storage listing and writes it to `.info.json`. Legacy (v1-id) domains have no
 * `db/<root>/` prefix to list or write into: like HSDS's scanRoot, they get an empty summary and no key.
 */
export async function scanDomain(store: ObjectStore, bucket: string, rootId: string): Promise<DomainSummary> {
  const scanStart = Date.now() / 1000;
  if (!isSchema2Id(rootId)) return emptySummary(bucket, scanStart);
  const prefix = rootPrefix(rootId);
  const { objects } = await store.list(bucket, prefix);
  const s = emptySummary(bucket, scanStart);
  const fingerprints: string[] = [];
  const dataset = (dir: string): DatasetSummary =>
    (s.datasets[dir] ??= { lastModified: 0, num_chunks: 0, allocated_bytes: 0, logical_bytes: 0, linked_bytes: 0, num_linked_chunks: 0 });
  const datasetKeys = new Map<string, string>();
  for (const o of objects) {
    const rel = o.key.slice(prefix.length);
    if (rel === '.info.json') continue;
    s.lastModified = Math.max(s.lastModified, o.lastModified);
    fingerprints.push(`${rel}:${o.size}`);
    const parts = rel.split('/');
    if (rel === '.group.json' || (parts[0] === 'g' && parts[parts.length - 1] === '.group.json')) {
      s.num_groups++;
      s.metadata_bytes += o.size;
    } else if (parts[0] === 't') {
      s.num_datatypes++;
      s.metadata_bytes += o.size;
    } else if (parts[0] === 'd' && parts.length >= 3) {
      const dir = parts[1];
      const info = dataset(dir);
      info.lastModified = Math.max(info.lastModified, o.lastModified);
      if (parts[parts.length - 1] === '.dataset.json') {
        s.metadata_bytes += o.size;
        datasetKeys.set(dir, o.key);
      } else {
        info.num_chunks++;
        info.allocated_bytes += o.size;
        s.num_chunks++;
        s.allocated_bytes += o.size;
      }
    }
  }
  // Re-key per-dataset info by dataset id and add logical sizes from the dataset JSON.
  const byId: Record<string, DatasetSummary> = {};
  for (const [dir, info] of Object.entries(s.datasets)) {
    const key = datasetKeys.get(dir);
    if (!key) continue;
    const bytes = await store.get(bucket, key);
    if (!bytes) continue;
    const dset = parseJson(decoder.decode(bytes)) as DatasetJson;
    const dims = dset.shape?.class === 'H5S_SIMPLE' ? dset.shape.dims ?? [] : dset.shape?.class === 'H5S_SCALAR' ? [] : undefined;
    if (dims !== undefined) {
      const size = itemSize(dset.type);
      info.logical_bytes = size === 'H5T_VARIABLE' ? info.allocated_bytes : product(dims) * size;
    }
    s.logical_bytes += info.logical_bytes;
    byId[dset.id] = info;
  }
  s.datasets = byId;
  fingerprints.sort();
  s.md5_sum = createHash('md5').update(fingerprints.join('\n')).digest('hex');
  s.scan_complete = Date.now() / 1000;
  await store.put(bucket, infoKey(rootId), new TextEncoder().encode(stringifyJson(s)));
  return s;
}

export async function readSummary(store: ObjectStore, bucket: string, rootId: string): Promise<DomainSummary | undefined> {
  if (!isSchema2Id(rootId)) return undefined;
  const bytes = await store.get(bucket, infoKey(rootId));
  return bytes ? (parseJson(decoder.decode(bytes)) as DomainSummary) : undefined;
}
