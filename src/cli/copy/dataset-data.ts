/**
 * Copies the values of one dataset into another of the same shape, in pages of whole chunk rows along the
 * first dimension. Pages holding only the fill value are not written, so chunks the source never
 * allocated stay unallocated in the copy; a dataset without any allocated chunk is not read at all.
 */
import { Dataset, NdArray } from '../../client/index.js';
import { elementBytes } from '../common/element-bytes.js';
import { holdsReferences, remapReferences } from './references.js';

/** Bytes read and written per request, about. */
const PAGE_BYTES = 8 * 1024 * 1024;

export async function copyDatasetValues(
  src: Dataset,
  des: Dataset,
  idMap: ReadonlyMap<string, string>,
  onBytes: (bytes: number) => void,
): Promise<void> {
  const shape = src.shape;
  if (shape === null || src.size === 0) return;
  const itemBytes = elementBytes(src.type);
  const references = holdsReferences(src.type);
  const fill = src.fillvalue;
  const total = src.size * elementBytes(src.type);
  // Nothing written yet (all fill value): nothing to read. Linked layouts keep their data elsewhere.
  if ((src.info.layout?.class ?? 'H5D_CHUNKED') === 'H5D_CHUNKED' && (await src.storageInfo()).numChunks === 0) return onBytes(total);
  const copyPage = async (select: string | undefined, bytes: number) => {
    const page = await src.read(select);
    if (!isAllFill(page, fill)) await des.write(select, references ? remapReferences(page, idMap) : page);
    onBytes(bytes);
  };
  if (shape.length === 0) return copyPage(undefined, itemBytes);

  const rowBytes = shape.slice(1).reduce((a, b) => a * b, itemBytes);
  const chunkRows = src.chunks?.[0] ?? 1;
  const rows = Math.max(chunkRows, Math.floor(PAGE_BYTES / Math.max(1, rowBytes * chunkRows)) * chunkRows);
  const rest = shape.slice(1).map(() => ':');
  for (let start = 0; start < shape[0]; start += rows) {
    const stop = Math.min(shape[0], start + rows);
    await copyPage(`[${[`${start}:${stop}`, ...rest].join(', ')}]`, (stop - start) * rowBytes);
  }
}

/** Whether every element of a numeric page equals the fill value (other types are always written). */
function isAllFill(page: NdArray, fill: unknown): boolean {
  const data = page.data;
  if (!ArrayBuffer.isView(data) || (typeof fill !== 'number' && typeof fill !== 'bigint')) return false;
  const values = data as unknown as ArrayLike<number | bigint>;
  const fillIsNaN = typeof fill === 'number' && Number.isNaN(fill);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (fillIsNaN ? !Number.isNaN(v as number) : v != fill) return false;
  }
  return true;
}
