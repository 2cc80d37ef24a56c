/**
 * Fixed array chunk index ("FAHD" header, "FADB" data block): one element per chunk of the dataset's
 * maximum extent. Large data blocks are split into pages, each present only if its bit in the data
 * block's page bitmap is set.
 */
import type { ArrayElements, ElementRun } from './array-elements.js';
import { verifyChecksum } from './checksum.js';
import { Hdf5FormatError } from './errors.js';
import type { FileContext } from './file-context.js';

/** Page bitmaps number pages from the most significant bit of each byte. */
export const pageBit = (bitmap: Uint8Array, page: number) => (bitmap[page >> 3] & (0x80 >> (page & 7))) !== 0;

export async function readFixedArray(ctx: FileContext, address: number): Promise<ArrayElements> {
  const O = ctx.offsetSize;
  const headerSize = 4 + 1 + 1 + 1 + 1 + ctx.lengthSize + O;
  const h = await ctx.read(address, headerSize + 4, 'fixed array header');
  h.signature('FAHD');
  const version = h.u8();
  if (version !== 0) {
    throw new Hdf5FormatError(`fixed array header at address ${address} has unknown version ${version}`);
  }
  h.skip(1); // client: filtered or unfiltered chunks
  const elementSize = h.u8();
  const pageBits = h.u8();
  const count = h.length();
  const dataBlockAddress = h.address();
  verifyChecksum(h.bytes, headerSize, 'fixed array header', address);
  if (dataBlockAddress === null || count === 0) return { elementSize, runs: [] };

  const pageElements = 2 ** pageBits;
  const paged = count > pageElements;
  const pageCount = Math.ceil(count / pageElements);
  const bitmapSize = paged ? Math.ceil(pageCount / 8) : 0;
  const prefixSize = 4 + 1 + 1 + O + bitmapSize;
  const blockSize = prefixSize + (paged ? 0 : count * elementSize);
  const d = await ctx.read(dataBlockAddress, blockSize + 4, 'fixed array data block');
  d.signature('FADB');
  d.skip(2 + O); // version, client, header address
  const bitmap = d.bytesOf(bitmapSize);
  verifyChecksum(d.bytes, blockSize, 'fixed array data block', dataBlockAddress);
  if (!paged) return { elementSize, runs: [{ firstIndex: 0, bytes: d.bytesOf(count * elementSize), count }] };

  // Pages follow the data block (prefix and its checksum); the last page may be short.
  const fullPageSize = pageElements * elementSize + 4;
  const pages: Promise<ElementRun>[] = [];
  for (let page = 0; page < pageCount; page++) {
    if (!pageBit(bitmap, page)) continue;
    const firstIndex = page * pageElements;
    const elements = Math.min(pageElements, count - firstIndex);
    const pageAddress = dataBlockAddress + prefixSize + 4 + page * fullPageSize;
    pages.push(
      ctx.read(pageAddress, elements * elementSize + 4, 'fixed array data block page').then((p) => {
        verifyChecksum(p.bytes, elements * elementSize, 'fixed array data block page', pageAddress);
        return { firstIndex, bytes: p.bytesOf(elements * elementSize), count: elements };
      }),
    );
  }
  return { elementSize, runs: await Promise.all(pages) };
}
