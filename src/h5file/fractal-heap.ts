/**
 * Fractal heaps ("FRHP"): fetches objects by heap ID. Dense groups keep one link message per object here.
 * Managed objects are found by walking the doubling table from the root block down to the direct block
 * ("FHDB") holding the object's heap offset; only the blocks on that path are read.
 */
import { verifyChecksum } from './checksum.js';
import { Hdf5FormatError } from './errors.js';
import type { FileContext } from './file-context.js';

const ID_TYPE_MASK = 0x30;
const ID_TYPE_MANAGED = 0x00;
const ID_TYPE_HUGE = 0x10;
const ID_TYPE_TINY = 0x20;

const log2 = (value: number) => Math.floor(Math.log2(value));

interface IndirectBlock {
  readonly heapOffset: number;
  readonly childAddresses: (number | null)[];
}

export class FractalHeap {
  private readonly indirectBlocks = new Map<number, Promise<IndirectBlock>>();

  private constructor(
    private readonly ctx: FileContext,
    private readonly address: number,
    private readonly idLength: number,
    private readonly tableWidth: number,
    private readonly startBlockSize: number,
    private readonly maxDirectRows: number,
    private readonly firstRowBits: number,
    private readonly heapOffsetSize: number,
    private readonly heapLengthSize: number,
    private readonly rootAddress: number | null,
    private readonly rootRows: number,
  ) {}

  static async open(ctx: FileContext, address: number): Promise<FractalHeap> {
    const O = ctx.offsetSize;
    const L = ctx.lengthSize;
    const size = 4 + 1 + 2 + 2 + 1 + 4 + L + O + L + O + 8 * L + 2 + L + L + 2 + 2 + O + 2;
    const r = await ctx.read(address, size + 4, 'fractal heap header');
    r.signature('FRHP');
    const version = r.u8();
    if (version !== 0) throw new Hdf5FormatError(`fractal heap at address ${address} has unknown version ${version}`);
    const idLength = r.u16();
    const filterInfoLength = r.u16();
    r.skip(1); // flags
    const maxManagedSize = r.u32();
    r.skip(L + O + L + O + 8 * L); // huge-object tracking, free space and statistics
    const tableWidth = r.u16();
    const startBlockSize = r.length();
    const maxDirectBlockSize = r.length();
    const maxHeapSizeBits = r.u16();
    r.skip(2); // starting number of rows in the root indirect block
    const rootAddress = r.address();
    const rootRows = r.u16();
    if (filterInfoLength > 0) {
      // Filtered heaps compress their direct blocks; links and attributes are never stored that way.
      throw new Hdf5FormatError(`fractal heap at address ${address} uses I/O filters, which are not supported`);
    }
    verifyChecksum(r.bytes, size, 'fractal heap header', address);
    const powerOfTwo = (value: number) => value > 0 && 2 ** log2(value) === value;
    if (!powerOfTwo(tableWidth) || !powerOfTwo(startBlockSize) || !powerOfTwo(maxDirectBlockSize)) {
      throw new Hdf5FormatError(`fractal heap at address ${address} has an invalid doubling table`);
    }
    const maxDirectRows = log2(maxDirectBlockSize) - log2(startBlockSize) + 2;
    const heapOffsetSize = Math.ceil(maxHeapSizeBits / 8);
    const heapLengthSize = Math.min(Math.ceil(log2(maxDirectBlockSize) / 8), Math.ceil(log2(maxManagedSize) / 8));
    return new FractalHeap(
      ctx,
      address,
      idLength,
      tableWidth,
      startBlockSize,
      maxDirectRows,
      log2(startBlockSize) + log2(tableWidth),
      heapOffsetSize,
      heapLengthSize,
      rootAddress,
      rootRows,
    );
  }

  /** The object a heap ID refers to. */
  async get(heapId: Uint8Array): Promise<Uint8Array> {
    const flags = heapId[0];
    switch (flags & ID_TYPE_MASK) {
      case ID_TYPE_MANAGED: {
        let offset = 0;
        let length = 0;
        let at = 1;
        for (let i = 0; i < this.heapOffsetSize; i++) offset += heapId[at++] * 2 ** (8 * i);
        for (let i = 0; i < this.heapLengthSize; i++) length += heapId[at++] * 2 ** (8 * i);
        return this.readManaged(offset, length);
      }
      case ID_TYPE_TINY: {
        // Tiny objects live inside the ID itself; long IDs use 12 bits for the length.
        const extended = this.idLength > 18;
        const length = extended ? (((flags & 0x0f) << 8) | heapId[1]) + 1 : (flags & 0x0f) + 1;
        const start = extended ? 2 : 1;
        return heapId.subarray(start, start + length);
      }
      case ID_TYPE_HUGE:
        throw new Hdf5FormatError(`fractal heap at address ${this.address}: "huge" objects are not supported`);
      default:
        throw new Hdf5FormatError(`fractal heap at address ${this.address}: heap ID has unknown type ${flags}`);
    }
  }

  private rowBlockSize(row: number): number {
    return row === 0 ? this.startBlockSize : this.startBlockSize * 2 ** (row - 1);
  }

  private readIndirectBlock(address: number, rows: number): Promise<IndirectBlock> {
    let block = this.indirectBlocks.get(address);
    if (!block) {
      block = (async () => {
        const O = this.ctx.offsetSize;
        const prefix = 4 + 1 + O + this.heapOffsetSize;
        const size = prefix + rows * this.tableWidth * O;
        const r = await this.ctx.read(address, size + 4, 'fractal heap indirect block');
        r.signature('FHIB');
        r.skip(1 + O); // version, heap header address
        const heapOffset = r.uint(this.heapOffsetSize);
        verifyChecksum(r.bytes, size, 'fractal heap indirect block', address);
        const childAddresses = Array.from({ length: rows * this.tableWidth }, () => r.address());
        return { heapOffset, childAddresses };
      })();
      this.indirectBlocks.set(address, block);
    }
    return block;
  }

  private async readManaged(offset: number, length: number): Promise<Uint8Array> {
    if (this.rootAddress === null) {
      throw new Hdf5FormatError(`fractal heap at address ${this.address} is empty but an object was requested`);
    }
    let blockAddress = this.rootAddress;
    let blockStart = 0;
    let blockSize = this.startBlockSize;
    let rows = this.rootRows;
    // Descend through indirect blocks (rows > 0) until the direct block containing the offset.
    for (let depth = 0; rows > 0; depth++) {
      if (depth > 64) throw new Hdf5FormatError(`fractal heap at address ${this.address} is nested too deeply`);
      const block = await this.readIndirectBlock(blockAddress, rows);
      let local = offset - block.heapOffset;
      let row = 0;
      while (row < rows && local >= this.tableWidth * this.rowBlockSize(row)) {
        local -= this.tableWidth * this.rowBlockSize(row);
        row++;
      }
      if (row >= rows) break;
      const childSize = this.rowBlockSize(row);
      const column = Math.floor(local / childSize);
      const child = block.childAddresses[row * this.tableWidth + column];
      if (child === null) break;
      blockAddress = child;
      blockStart = offset - local + column * childSize;
      blockSize = childSize;
      rows = row < this.maxDirectRows ? 0 : log2(childSize) - this.firstRowBits + 1;
    }
    if (rows > 0 || offset < blockStart || offset + length > blockStart + blockSize) {
      throw new Hdf5FormatError(
        `fractal heap at address ${this.address} has no block holding object at heap offset ${offset}`,
      );
    }
    const signature = await this.ctx.read(blockAddress, 4, 'fractal heap direct block');
    signature.signature('FHDB');
    return (await this.ctx.read(blockAddress + (offset - blockStart), length, 'fractal heap object')).bytes;
  }
}
