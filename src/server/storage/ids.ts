/**
 * Object ids in HSDS's schema v2: `<g|d|t>-<8>-<8>-<4>-<6>-<6>` hex groups (32 hex digits). Every object of a
 * domain shares its first 16 hex digits with the root group, whose last 16 digits are the first 16 each
 * rotated by 8 — so the root of any object can be computed from its id alone.
 */
import { createHash, randomUUID } from 'node:crypto';

export type Collection = 'groups' | 'datasets' | 'datatypes';

const PREFIX: Record<Collection, string> = { groups: 'g', datasets: 'd', datatypes: 't' };

const V2_ID = /^[gdt]-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{6}-[0-9a-f]{6}$/;
const V1_ID = /^[gdt]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isValidId(id: string, collection?: Collection): boolean {
  if (!V2_ID.test(id) && !V1_ID.test(id)) return false;
  return collection === undefined || id[0] === PREFIX[collection];
}

export const isSchema2Id = (id: string) => V2_ID.test(id);

export function collectionOf(id: string): Collection {
  switch (id[0]) {
    case 'g':
      return 'groups';
    case 'd':
      return 'datasets';
    case 't':
      return 'datatypes';
    default:
      throw new Error(`not an object id: ${id}`);
  }
}

/** The 32 hex digits of an object id (for chunk ids, of their dataset). */
export function hexOf(id: string): string {
  const uuid = id.startsWith('c') ? id.slice(0, id.indexOf('_')) : id;
  return uuid.slice(uuid.indexOf('-') + 1).replace(/-/g, '');
}

const rotate = (hex: string) => ((parseInt(hex, 16) + 8) % 16).toString(16);

function format(prefix: string, hex: string): string {
  return `${prefix}-${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 26)}-${hex.slice(26, 32)}`;
}

export function rootIdOf(id: string): string {
  const hex = hexOf(id).slice(0, 16);
  return format('g', hex + [...hex].map(rotate).join(''));
}

export function isRootId(id: string): boolean {
  return id[0] === 'g' && isSchema2Id(id) && rootIdOf(id) === id;
}

function randomHex(): string {
  return createHash('sha256').update(randomUUID()).digest('hex');
}

export function createRootId(): string {
  const hex = randomHex().slice(0, 16);
  return format('g', hex + [...hex].map(rotate).join(''));
}

export function createObjectId(collection: Collection, rootId: string): string {
  const hex = hexOf(rootId).slice(0, 16) + randomHex().slice(16, 32);
  return format(PREFIX[collection], hex);
}

/** `c-<dataset uuid>_i_j_k` for chunk (i, j, k). */
export function chunkId(datasetId: string, index: readonly number[]): string {
  return `c${datasetId.slice(1)}_${index.join('_')}`;
}

export function chunkIndexOf(chunk: string): number[] {
  return chunk.slice(chunk.indexOf('_') + 1).split('_').map(Number);
}

/** HSDS's data-node partition of an id: md5 hex prefix, mod the node count. */
export function partitionOf(id: string, nodeCount: number): number {
  const h = createHash('md5').update(id).digest('hex');
  return parseInt(h.slice(0, 5), 16) % nodeCount;
}
