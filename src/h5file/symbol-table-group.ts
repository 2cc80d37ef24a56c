/**
 * Old-style groups: a v1 B-tree (type 0) whose leaves point to symbol table nodes ("SNOD"), with link names
 * (and soft link values) in a local heap ("HEAP").
 */
import { readBTreeV1Leaves } from './btree-v1.js';
import { Hdf5FormatError } from './errors.js';
import type { FileContext } from './file-context.js';
import type { Link, SymbolTable } from './messages.js';

/** Symbol table entry cache type 2: the entry is a soft link whose value is in the local heap. */
const CACHE_TYPE_SOFT_LINK = 2;

async function readLocalHeapData(ctx: FileContext, address: number): Promise<Uint8Array> {
  const header = await ctx.read(address, 8 + 2 * ctx.lengthSize + ctx.offsetSize, 'local heap');
  header.signature('HEAP');
  header.skip(4); // version, reserved
  const dataSize = header.length();
  header.length(); // offset to the head of the free list
  const dataAddress = header.address();
  if (dataAddress === null) throw new Hdf5FormatError(`local heap at address ${address} has no data segment`);
  return (await ctx.read(dataAddress, dataSize, 'local heap data segment')).bytes;
}

function heapString(heap: Uint8Array, offset: number, heapAddress: number): string {
  const end = heap.indexOf(0, offset);
  if (offset >= heap.length || end < 0) {
    throw new Hdf5FormatError(`local heap at address ${heapAddress} has no string at offset ${offset}`);
  }
  return new TextDecoder().decode(heap.subarray(offset, end));
}

export async function readSymbolTableLinks(ctx: FileContext, table: SymbolTable): Promise<Link[]> {
  const [heap, leaves] = await Promise.all([
    readLocalHeapData(ctx, table.heapAddress),
    readBTreeV1Leaves(ctx, table.btreeAddress, 0, ctx.lengthSize),
  ]);
  const entrySize = 2 * ctx.offsetSize + 24;
  const nodes = await Promise.all(
    leaves.map(async ({ childAddress }) => {
      const header = await ctx.read(childAddress, 8, 'symbol table node');
      header.signature('SNOD');
      header.skip(2); // version, reserved
      const count = header.u16();
      return ctx.read(childAddress + 8, count * entrySize, 'symbol table node');
    }),
  );
  const links: Link[] = [];
  for (const node of nodes) {
    while (node.remaining > 0) {
      const name = heapString(heap, node.uint(ctx.offsetSize), table.heapAddress);
      const objectAddress = node.address();
      const cacheType = node.u32();
      node.skip(4);
      const scratch = node.position;
      if (cacheType === CACHE_TYPE_SOFT_LINK) {
        links.push({ name, kind: 'soft', target: heapString(heap, node.u32(), table.heapAddress) });
      } else if (objectAddress !== null) {
        links.push({ name, kind: 'hard', address: objectAddress });
      }
      node.seek(scratch + 16);
    }
  }
  return links;
}
