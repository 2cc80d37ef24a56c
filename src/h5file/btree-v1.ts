/**
 * Version 1 B-trees ("TREE" nodes). Type 0 indexes the members of symbol-table groups (children of leaves
 * are symbol table nodes); type 1 indexes raw-data chunks (children of leaves are the chunks).
 */
import { ByteReader } from './byte-reader.js';
import { Hdf5FormatError } from './errors.js';
import type { FileContext } from './file-context.js';

export interface BTreeV1LeafEntry {
  /** The key to the left of the child; for chunk trees it describes the chunk. */
  readonly key: ByteReader;
  readonly childAddress: number;
}

/**
 * Every (left key, child) pair of the leaves, in key order. `keySize` is the size of one key: the
 * size of lengths for group trees, 8 + 8 * (rank + 1) for chunk trees.
 */
export async function readBTreeV1Leaves(
  ctx: FileContext,
  address: number,
  nodeType: 0 | 1,
  keySize: number,
): Promise<BTreeV1LeafEntry[]> {
  const headerSize = 8 + 2 * ctx.offsetSize;

  const visit = async (nodeAddress: number, expectedLevel: number | null): Promise<BTreeV1LeafEntry[]> => {
    const header = await ctx.read(nodeAddress, headerSize, 'v1 B-tree node');
    header.signature('TREE');
    const type = header.u8();
    if (type !== nodeType) {
      throw new Hdf5FormatError(`v1 B-tree node at address ${nodeAddress} has type ${type}, expected ${nodeType}`);
    }
    const level = header.u8();
    // Levels must strictly decrease towards the leaves; anything else is a corrupt (possibly cyclic) tree.
    if (expectedLevel !== null && level !== expectedLevel) {
      throw new Hdf5FormatError(
        `v1 B-tree node at address ${nodeAddress} has level ${level}, expected ${expectedLevel}`,
      );
    }
    const entries = header.u16();
    const bodySize = entries * ctx.offsetSize + (entries + 1) * keySize;
    const body = await ctx.read(nodeAddress + headerSize, bodySize, 'v1 B-tree node');
    const children: BTreeV1LeafEntry[] = [];
    for (let i = 0; i < entries; i++) {
      const key = body.bytes.subarray(body.position, body.position + keySize);
      body.skip(keySize);
      const childAddress = body.address();
      if (childAddress === null) {
        throw new Hdf5FormatError(`v1 B-tree node at address ${nodeAddress} has an undefined child address`);
      }
      children.push({ key: new ByteReader(key, ctx, 'v1 B-tree key', nodeAddress), childAddress });
    }
    if (level === 0) return children;
    const subtrees = await Promise.all(children.map((child) => visit(child.childAddress, level - 1)));
    return subtrees.flat();
  };

  return visit(address, null);
}
