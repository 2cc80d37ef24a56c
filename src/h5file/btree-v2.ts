/**
 * Version 2 B-trees ("BTHD" header, "BTIN" internal and "BTLF" leaf nodes): returns every record, undecoded.
 * Used for dense link name indexes (type 5) and chunk indexes (types 10 and 11).
 */
import { verifyChecksum } from './checksum.js';
import { Hdf5FormatError } from './errors.js';
import type { FileContext } from './file-context.js';

export interface BTreeV2Records {
  readonly type: number;
  readonly recordSize: number;
  readonly records: Uint8Array[];
}

/** Bytes needed to store values up to `max` (HDF5's H5VM_limit_enc_size). */
const bytesFor = (max: number) => Math.floor(Math.log2(Math.max(1, max)) / 8) + 1;

/** Signature, version, type and checksum around every node's records. */
const NODE_OVERHEAD = 4 + 1 + 1 + 4;

export async function readBTreeV2Records(ctx: FileContext, address: number): Promise<BTreeV2Records> {
  const headerSize = 4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + ctx.offsetSize + 2 + ctx.lengthSize + 4;
  const h = await ctx.read(address, headerSize, 'v2 B-tree header');
  h.signature('BTHD');
  const version = h.u8();
  if (version !== 0) throw new Hdf5FormatError(`v2 B-tree header at address ${address} has unknown version ${version}`);
  const type = h.u8();
  const nodeSize = h.u32();
  const recordSize = h.u16();
  const depth = h.u16();
  h.skip(2); // split and merge percentages
  const rootAddress = h.address();
  const rootRecordCount = h.u16();
  h.length(); // total number of records
  verifyChecksum(h.bytes, h.position, 'v2 B-tree header', address);
  if (recordSize === 0 || nodeSize <= NODE_OVERHEAD) {
    throw new Hdf5FormatError(`v2 B-tree header at address ${address} has invalid node or record size`);
  }
  if (rootAddress === null || rootRecordCount === 0) return { type, recordSize, records: [] };

  // Width of the child pointer fields depends on the maximum record counts each level can hold.
  const leafMaxRecords = Math.floor((nodeSize - NODE_OVERHEAD) / recordSize);
  const recordCountSize = bytesFor(leafMaxRecords);
  const cumulativeMax = [leafMaxRecords];
  const totalCountSize = [0];
  for (let level = 1; level <= depth; level++) {
    const pointerSize = ctx.offsetSize + recordCountSize + totalCountSize[level - 1];
    const maxRecords = Math.floor((nodeSize - (NODE_OVERHEAD + pointerSize)) / (recordSize + pointerSize));
    cumulativeMax.push((maxRecords + 1) * cumulativeMax[level - 1] + maxRecords);
    totalCountSize.push(bytesFor(cumulativeMax[level]));
  }

  const visit = async (nodeAddress: number, recordCount: number, level: number): Promise<Uint8Array[]> => {
    const leaf = level === 0;
    const pointerSize = leaf ? 0 : ctx.offsetSize + recordCountSize + totalCountSize[level - 1];
    const used = 6 + recordCount * recordSize + (leaf ? 0 : (recordCount + 1) * pointerSize);
    const r = await ctx.read(nodeAddress, used + 4, leaf ? 'v2 B-tree leaf node' : 'v2 B-tree internal node');
    r.signature(leaf ? 'BTLF' : 'BTIN');
    r.skip(1); // version
    const nodeType = r.u8();
    if (nodeType !== type) {
      throw new Hdf5FormatError(`v2 B-tree node at address ${nodeAddress} has type ${nodeType}, expected ${type}`);
    }
    verifyChecksum(r.bytes, used, 'v2 B-tree node', nodeAddress);
    const records = Array.from({ length: recordCount }, () => r.bytesOf(recordSize));
    if (leaf) return records;
    const children: { address: number; count: number }[] = [];
    for (let i = 0; i <= recordCount; i++) {
      const childAddress = r.address();
      const count = r.uint(recordCountSize);
      if (level > 1) r.uint(totalCountSize[level - 1]);
      if (childAddress === null) {
        throw new Hdf5FormatError(`v2 B-tree node at address ${nodeAddress} has an undefined child address`);
      }
      children.push({ address: childAddress, count });
    }
    const subtrees = await Promise.all(children.map((child) => visit(child.address, child.count, level - 1)));
    // In-order: child 0, record 0, child 1, record 1, ... child n.
    return subtrees.flatMap((subtree, i) => (i < records.length ? [...subtree, records[i]] : subtree));
  };

  return { type, recordSize, records: await visit(rootAddress, rootRecordCount, depth) };
}
