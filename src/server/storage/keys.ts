/**
 * Storage keys of obj_store_schema v2 (no leading slash; the bucket is a separate argument):
 *   home/u/f.h5/.domain.json                      domain or folder
 *   db/<hex0-8>-<hex8-16>/.group.json             root group
 *   db/<…>/{g,d,t}/<hex16-20>-<hex20-26>-<hex26-32>/.{group,dataset,datatype}.json
 *   db/<…>/d/<…>/<i>_<j>                          chunk (i, j) of a dataset
 *   db/<…>/.info.json                             domain summary
 */
import { collectionOf, hexOf, isRootId, isSchema2Id } from './ids.js';
import { createHash } from 'node:crypto';

export const DOMAIN_FILE = '.domain.json';

/** `/home/u/f.h5` → `home/u/f.h5/.domain.json`. */
export function domainKey(domainPath: string): string {
  return `${domainPath.replace(/^\/+/, '').replace(/\/+$/, '')}/${DOMAIN_FILE}`;
}

/** Key prefix under which a domain's children (sub-domains, sub-folders) live. */
export function folderPrefix(domainPath: string): string {
  const p = domainPath.replace(/^\/+/, '').replace(/\/+$/, '');
  return p.length ? `${p}/` : '';
}

export function rootPrefix(anyId: string): string {
  const hex = hexOf(anyId);
  return `db/${hex.slice(0, 8)}-${hex.slice(8, 16)}/`;
}

const JSON_NAME = { groups: '.group.json', datasets: '.dataset.json', datatypes: '.datatype.json' } as const;
const LETTER = { groups: 'g', datasets: 'd', datatypes: 't' } as const;

function objectDir(id: string): string {
  const hex = hexOf(id);
  const c = collectionOf(id);
  if (c === 'groups' && isRootId(id)) return rootPrefix(id);
  return `${rootPrefix(id)}${LETTER[c]}/${hex.slice(16, 20)}-${hex.slice(20, 26)}-${hex.slice(26, 32)}/`;
}

/** Key of an object's JSON. Legacy v1 ids use HSDS's md5-prefixed flat keys. */
export function objectKey(id: string): string {
  if (!isSchema2Id(id)) return `${md5prefix(id)}-${id}`;
  return objectDir(id) + JSON_NAME[collectionOf(id)];
}

/** Prefix holding a dataset's chunks (and its JSON). */
export function datasetPrefix(datasetId: string): string {
  return objectDir(datasetId);
}

export function chunkKey(datasetId: string, index: readonly number[], partition?: number): string {
  if (!isSchema2Id(datasetId)) {
    const cid = `c${datasetId.slice(1)}_${index.join('_')}`;
    return `${md5prefix(cid)}-${cid}`;
  }
  const part = partition === undefined ? '' : `p${partition}/`;
  return `${objectDir(datasetId)}${part}${index.join('_')}`;
}

export function infoKey(rootId: string): string {
  return `${rootPrefix(rootId)}.info.json`;
}

function md5prefix(id: string): string {
  return createHash('md5').update(id).digest('hex').slice(0, 5);
}

const PRIMES = [29, 31, 37, 41, 43, 47, 53, 59, 61, 67];

/**
 * Chunk partition for datasets whose layout has `partition_count` (HSDS max_chunks_per_folder); undefined
 * (no `p<N>/` folder) for a count below 2, which HSDS's getPartitionKey ignores.
 */
export function chunkPartition(index: readonly number[], partitionCount: number | undefined): number | undefined {
  if (!partitionCount || partitionCount < 2) return undefined;
  let sum = 0;
  index.forEach((v, dim) => (sum += v * PRIMES[dim % PRIMES.length]));
  return sum % partitionCount;
}
