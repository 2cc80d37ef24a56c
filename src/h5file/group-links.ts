/**
 * The links of a group, whichever way it stores them: a symbol table (old-style groups), link messages in
 * its object header (compact), or a fractal heap indexed by a v2 B-tree of name hashes (dense).
 */
import { readBTreeV2Records } from './btree-v2.js';
import { Hdf5FormatError } from './errors.js';
import type { FileContext } from './file-context.js';
import { FractalHeap } from './fractal-heap.js';
import { decodeLink, decodeLinkInfo, decodeSymbolTable, type Link } from './messages.js';
import { MessageType, type HeaderMessage } from './object-header.js';
import { readSymbolTableLinks } from './symbol-table-group.js';

const BTREE_V2_LINK_NAMES = 5;

export function isGroup(messages: HeaderMessage[]): boolean {
  return messages.some(
    (m) => m.type === MessageType.symbolTable || m.type === MessageType.linkInfo || m.type === MessageType.link,
  );
}

async function readDenseLinks(ctx: FileContext, heapAddress: number, nameIndexAddress: number): Promise<Link[]> {
  const [heap, index] = await Promise.all([
    FractalHeap.open(ctx, heapAddress),
    readBTreeV2Records(ctx, nameIndexAddress),
  ]);
  if (index.type !== BTREE_V2_LINK_NAMES) {
    throw new Hdf5FormatError(`link name index at address ${nameIndexAddress} has record type ${index.type}`);
  }
  // Each record is a 4-byte name hash followed by the heap ID of the link message.
  const messages = await Promise.all(index.records.map((record) => heap.get(record.subarray(4))));
  return messages.map((data) => decodeLink(data, ctx, heapAddress));
}

/** The group's links, or null when the object is not a group. */
export async function readGroupLinks(
  ctx: FileContext,
  messages: HeaderMessage[],
  address: number,
): Promise<Link[] | null> {
  const symbolTable = messages.find((m) => m.type === MessageType.symbolTable);
  if (symbolTable) return readSymbolTableLinks(ctx, decodeSymbolTable(symbolTable.data, ctx, address));
  if (!isGroup(messages)) return null;

  const links = messages.filter((m) => m.type === MessageType.link).map((m) => decodeLink(m.data, ctx, address));
  const linkInfo = messages.find((m) => m.type === MessageType.linkInfo);
  if (linkInfo) {
    const { heapAddress, nameIndexAddress } = decodeLinkInfo(linkInfo.data, ctx, address);
    if (heapAddress !== null && nameIndexAddress !== null) {
      links.push(...(await readDenseLinks(ctx, heapAddress, nameIndexAddress)));
    }
  }
  return links;
}
