/**
 * Extensible array chunk index ("EAHD" header, "EAIB" index block, "EASB" super blocks, "EADB" data
 * blocks, optionally paged). Elements are numbered from 0: the first few live in the index block, the
 * rest in data blocks grouped into super blocks whose data block count and size double every other level.
 */
import type { ArrayElements, ElementRun } from './array-elements.js';
import { verifyChecksum } from './checksum.js';
import { Hdf5FormatError } from './errors.js';
import type { FileContext } from './file-context.js';
import { pageBit } from './fixed-array.js';

interface SuperBlockInfo {
  readonly dataBlockCount: number;
  readonly dataBlockElements: number;
  /** Index of the first element covered, counted after the index block's own elements. */
  readonly startIndex: number;
}

/** Geometry of super block `s`: 2^floor(s/2) data blocks of 2^floor((s+1)/2) * minimum elements each. */
function superBlockInfo(count: number, dataBlockMinElements: number): SuperBlockInfo[] {
  const info: SuperBlockInfo[] = [];
  let startIndex = 0;
  for (let s = 0; s < count; s++) {
    const dataBlockCount = 2 ** Math.floor(s / 2);
    const dataBlockElements = 2 ** Math.floor((s + 1) / 2) * dataBlockMinElements;
    info.push({ dataBlockCount, dataBlockElements, startIndex });
    startIndex += dataBlockCount * dataBlockElements;
  }
  return info;
}

export async function readExtensibleArray(ctx: FileContext, address: number): Promise<ArrayElements> {
  const O = ctx.offsetSize;
  const L = ctx.lengthSize;
  const headerSize = 4 + 1 + 1 + 6 + 6 * L + O;
  const h = await ctx.read(address, headerSize + 4, 'extensible array header');
  h.signature('EAHD');
  const version = h.u8();
  if (version !== 0) {
    throw new Hdf5FormatError(`extensible array header at address ${address} has unknown version ${version}`);
  }
  h.skip(1); // client: filtered or unfiltered chunks
  const elementSize = h.u8();
  const maxElementBits = h.u8();
  const indexBlockElements = h.u8();
  const dataBlockMinElements = h.u8();
  const superBlockMinDataPointers = h.u8();
  const pageBits = h.u8();
  h.skip(4 * L); // statistics: super and data block counts and sizes
  const elementCount = h.length(); // highest index ever set, plus one
  h.skip(L); // number of elements realized
  const indexBlockAddress = h.address();
  verifyChecksum(h.bytes, headerSize, 'extensible array header', address);
  if (indexBlockAddress === null) return { elementSize, runs: [] };

  const log2 = (value: number) => Math.log2(value);
  if (!Number.isInteger(log2(dataBlockMinElements)) || !Number.isInteger(log2(superBlockMinDataPointers))) {
    throw new Hdf5FormatError(`extensible array header at address ${address} has invalid creation parameters`);
  }
  const superBlockCount = 1 + maxElementBits - log2(dataBlockMinElements);
  const superBlocks = superBlockInfo(superBlockCount, dataBlockMinElements);
  // The index block holds data block pointers for the first super blocks and super block pointers after.
  const superBlocksInIndex = 2 * log2(superBlockMinDataPointers);
  const indexDataBlockPointers = 2 * (superBlockMinDataPointers - 1);
  const indexSuperBlockPointers = Math.max(0, superBlockCount - superBlocksInIndex);
  const pageElements = 2 ** pageBits;
  const blockOffsetSize = Math.ceil(maxElementBits / 8);

  const indexSize =
    4 + 1 + 1 + O + indexBlockElements * elementSize + (indexDataBlockPointers + indexSuperBlockPointers) * O;
  const ib = await ctx.read(indexBlockAddress, indexSize + 4, 'extensible array index block');
  ib.signature('EAIB');
  ib.skip(2 + O); // version, client, header address
  verifyChecksum(ib.bytes, indexSize, 'extensible array index block', indexBlockAddress);
  const runs: Promise<ElementRun>[] = [];
  if (indexBlockElements > 0) {
    runs.push(
      Promise.resolve({
        firstIndex: 0,
        bytes: ib.bytesOf(indexBlockElements * elementSize),
        count: indexBlockElements,
      }),
    );
  }
  const dataBlockPointers = Array.from({ length: indexDataBlockPointers }, () => ib.address());
  const superBlockPointers = Array.from({ length: indexSuperBlockPointers }, () => ib.address());

  const readDataBlock = async (blockAddress: number, firstIndex: number, elements: number): Promise<ElementRun> => {
    const size = 4 + 1 + 1 + O + blockOffsetSize + elements * elementSize;
    const d = await ctx.read(blockAddress, size + 4, 'extensible array data block');
    d.signature('EADB');
    d.skip(2 + O + blockOffsetSize);
    verifyChecksum(d.bytes, size, 'extensible array data block', blockAddress);
    return { firstIndex, bytes: d.bytesOf(elements * elementSize), count: elements };
  };

  /** `firstPageBit`: this block's first bit in its super block's bitmap, which covers all its data blocks. */
  const readPagedDataBlock = (
    blockAddress: number,
    firstIndex: number,
    elements: number,
    bitmap: Uint8Array,
    firstPageBit: number,
  ) => {
    // Pages follow the block's prefix (and the prefix's checksum); the bitmap says which were written.
    const prefixSize = 4 + 1 + 1 + O + blockOffsetSize + 4;
    const pageSize = pageElements * elementSize + 4;
    const pages: Promise<ElementRun>[] = [];
    for (let page = 0; page < elements / pageElements; page++) {
      if (!pageBit(bitmap, firstPageBit + page)) continue;
      const pageAddress = blockAddress + prefixSize + page * pageSize;
      pages.push(
        ctx.read(pageAddress, pageSize, 'extensible array data block page').then((p) => {
          verifyChecksum(p.bytes, pageSize - 4, 'extensible array data block page', pageAddress);
          return {
            firstIndex: firstIndex + page * pageElements,
            bytes: p.bytesOf(pageElements * elementSize),
            count: pageElements,
          };
        }),
      );
    }
    return pages;
  };

  const readSuperBlock = async (s: number, blockAddress: number): Promise<ElementRun[]> => {
    const { dataBlockCount, dataBlockElements, startIndex } = superBlocks[s];
    const paged = dataBlockElements > pageElements;
    const bitmapSize = paged ? Math.ceil(dataBlockElements / pageElements / 8) : 0;
    const size = 4 + 1 + 1 + O + blockOffsetSize + dataBlockCount * (bitmapSize + O);
    const sb = await ctx.read(blockAddress, size + 4, 'extensible array super block');
    sb.signature('EASB');
    sb.skip(2 + O + blockOffsetSize);
    verifyChecksum(sb.bytes, size, 'extensible array super block', blockAddress);
    const bitmap = sb.bytesOf(dataBlockCount * bitmapSize);
    const pagesPerBlock = dataBlockElements / pageElements;
    const blocks: Promise<ElementRun>[] = [];
    for (let i = 0; i < dataBlockCount; i++) {
      const dataBlockAddress = sb.address();
      const firstIndex = indexBlockElements + startIndex + i * dataBlockElements;
      if (dataBlockAddress === null || firstIndex >= elementCount) continue;
      if (paged) {
        blocks.push(...readPagedDataBlock(dataBlockAddress, firstIndex, dataBlockElements, bitmap, i * pagesPerBlock));
      }
      else blocks.push(readDataBlock(dataBlockAddress, firstIndex, dataBlockElements));
    }
    return Promise.all(blocks);
  };

  let pointer = 0;
  const superBlockRuns: Promise<ElementRun[]>[] = [];
  for (let s = 0; s < superBlockCount; s++) {
    const { dataBlockCount, dataBlockElements, startIndex } = superBlocks[s];
    const firstIndex = indexBlockElements + startIndex;
    if (s < superBlocksInIndex) {
      for (let i = 0; i < dataBlockCount; i++, pointer++) {
        const blockAddress = dataBlockPointers[pointer];
        const blockFirst = firstIndex + i * dataBlockElements;
        if (blockAddress === null || blockFirst >= elementCount) continue;
        if (dataBlockElements > pageElements) {
          throw new Hdf5FormatError(`extensible array at address ${address}: paged data block in the index block`);
        }
        runs.push(readDataBlock(blockAddress, blockFirst, dataBlockElements));
      }
    } else {
      const blockAddress = superBlockPointers[s - superBlocksInIndex];
      if (blockAddress !== null && firstIndex < elementCount) superBlockRuns.push(readSuperBlock(s, blockAddress));
    }
  }
  // Await everything together so that no read is left pending (and unobserved) when one fails.
  const [direct, fromSuperBlocks] = await Promise.all([Promise.all(runs), Promise.all(superBlockRuns)]);
  return { elementSize, runs: [...direct, ...fromSuperBlocks.flat()] };
}
