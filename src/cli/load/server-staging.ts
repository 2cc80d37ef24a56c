/**
 * A file of the server's store (`s3://bucket/key`, `bucket/key`) read through the server, so that the
 * client needs no storage credentials: a scratch domain next to the target holds a link-mode byte dataset
 * over the file (H5D_CONTIGUOUS_REF, uint8), whose values are the file's bytes, read by range into a local
 * temporary file that h5wasm opens.
 *
 * For --link only the metadata is needed: the raw data of every dataset (its chunks or contiguous block,
 * found with the chunk locator) is left out, and the local file is sparse there. A dataset that is copied
 * after all (small, variable-length…) has its raw data fetched before its values are read (ensureData).
 * Otherwise the whole file is fetched. The scratch domain is deleted by cleanup().
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection, DomainSession, File } from '../../client/index.js';
import { Hdf5Locator, withReadCache, type ByteSource, type DatasetStorage } from '../../h5file/index.js';
import { CliError } from '../common/tool.js';

/** Bytes per request: whole server chunks of the byte dataset, up to this much. */
const PAGE = 16 * 1024 * 1024;
const IN_FLIGHT = 3;
/** Gaps between metadata ranges smaller than this are fetched along (fewer requests). */
const MERGE_GAP = 64 * 1024;

export interface StagedFile {
  localPath: string;
  size: number;
  /** Makes sure the raw data of these datasets is in the local copy (metadata-only staging). */
  ensureData(datasetPaths: string[]): Promise<void>;
  /** Deletes the local copy and the scratch domain. */
  cleanup(): Promise<void>;
}

type Range = [start: number, end: number];

/** End of the HDF5 file (base address + end-of-file address) from the first bytes holding the superblock. */
function fileEnd(head: Uint8Array): number {
  const signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  for (let at = 0; at + 64 <= head.length; at = at === 0 ? 512 : at * 2) {
    if (!signature.every((b, i) => head[at + i] === b)) continue;
    const view = new DataView(head.buffer, head.byteOffset + at);
    const version = head[at + 8];
    const offsetSize = version < 2 ? head[at + 13] : head[at + 9];
    const read = (pos: number) => (offsetSize === 8 ? Number(view.getBigUint64(pos, true)) : view.getUint32(pos, true));
    // Versions 0/1: 24 (or 28) bytes of fixed fields, then base, free-space and end-of-file addresses.
    // Versions 2/3: 12 bytes, then base, extension and end-of-file addresses.
    const first = version === 0 ? 24 : version === 1 ? 28 : 12;
    return at + read(first + 2 * offsetSize);
  }
  throw new CliError('not an HDF5 file: no HDF5 signature in its first bytes');
}

/** Byte ranges of a dataset's raw data in the file. */
function rawRanges(storage: DatasetStorage): Range[] {
  if (storage.kind === 'contiguous') return storage.offset === null ? [] : [[storage.offset, storage.offset + storage.size]];
  if (storage.kind === 'chunked') return storage.chunks.map((c): Range => [c.offset, c.offset + c.size]);
  return [];
}

/** Ranges sorted, overlapping ones joined, and with `gap` > 0 the ones closer than that joined too. */
function merge(ranges: Range[], gap = 0): Range[] {
  const merged: Range[] = [];
  for (const r of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && r[0] - last[1] < gap + 1 && r[0] <= last[1] + gap) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/** The parts of [0, size) outside `holes`; parts close to each other are fetched as one (holes between them included). */
function complement(holes: Range[], size: number): Range[] {
  const out: Range[] = [];
  let at = 0;
  for (const [start, end] of merge(holes)) {
    if (start > at) out.push([at, start]);
    at = Math.max(at, end);
  }
  if (at < size) out.push([at, size]);
  return merge(out, MERGE_GAP);
}

class ByteView {
  constructor(
    private readonly session: DomainSession,
    private readonly id: string,
    private readonly uri: string,
    /** The server's chunk extent of the byte dataset: requests are aligned to it. */
    readonly chunk: number,
  ) {}

  async read(start: number, end: number): Promise<Uint8Array> {
    const res = await this.session.request({ method: 'GET', path: `/datasets/${this.id}/value`, query: { select: `[${start}:${end}]` }, acceptBinary: true, what: this.uri });
    return res.body;
  }

  /** Copies ranges of the file into `out` at the same offsets, a few requests at a time. */
  async copy(ranges: Range[], out: FileHandle): Promise<void> {
    const page = this.chunk * Math.max(1, Math.floor(PAGE / this.chunk));
    const pieces: Range[] = [];
    for (const [start, end] of ranges) {
      // Page boundaries on multiples of the server's chunk, so that pages cover whole chunks.
      for (let at = start; at < end; ) {
        const stop = Math.min(end, (Math.floor(at / page) + 1) * page);
        pieces.push([at, stop]);
        at = stop;
      }
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, pieces.length) }, async () => {
        while (next < pieces.length) {
          const [start, end] = pieces[next++];
          const bytes = await this.read(start, end);
          await out.write(bytes, 0, bytes.length, start);
        }
      }),
    );
  }

  /** The file as a ByteSource for the chunk locator. */
  source(size: number): ByteSource {
    return { size, read: (offset, length) => this.read(offset, offset + length), close: async () => undefined };
  }
}

export async function stageThroughServer(connection: Connection, uri: string, nearDomain: string, metadataOnly: boolean): Promise<StagedFile> {
  const folder = nearDomain.slice(0, nearDomain.lastIndexOf('/') + 1);
  const scratch = await File.open(`${folder}.hsload-stage-${randomBytes(6).toString('hex')}.h5`, 'x', { connection });
  const session = scratch.session;
  const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-hsload-'));
  const localPath = path.join(dir, path.basename(uri) || 'source.h5');
  const removeScratch = () => session.request({ method: 'DELETE', path: '/', allow: [404, 410] }).then(() => undefined, () => undefined);
  const cleanup = async () => {
    rmSync(dir, { recursive: true, force: true });
    await removeScratch();
  };
  try {
    const makeView = async (size: number) => {
      const made = await session.json<{ id: string }>('POST', '/datasets', {
        json: { type: 'H5T_STD_U8LE', shape: [size], creationProperties: { layout: { class: 'H5D_CONTIGUOUS_REF', file_uri: uri, offset: 0, size } } },
        what: `a view of ${uri}`,
      });
      const json = await session.json<{ layout?: { dims?: number[] } }>('GET', `/datasets/${made.id}`, { what: uri });
      return new ByteView(session, made.id, uri, json.layout?.dims?.[0] ?? PAGE);
    };
    const head = await (await makeView(4096)).read(0, 4096).catch((e) => {
      throw new CliError(`cannot read ${uri} through the server: ${(e as Error).message}`);
    });
    const size = fileEnd(head);
    const view = await makeView(size);
    const out = await open(localPath, 'w');
    let locator: Hdf5Locator | undefined;
    try {
      await out.truncate(size);
      if (metadataOnly) {
        locator = await Hdf5Locator.open(withReadCache(view.source(size)));
        const holes: Range[] = [];
        for (const p of await locator.listDatasets()) holes.push(...rawRanges((await locator.dataset(p)).storage));
        await view.copy(complement(holes, size), out);
      } else {
        await view.copy([[0, size]], out);
      }
    } finally {
      await out.close();
    }
    const fetched = new Set<string>();
    const ensureData = async (datasetPaths: string[]) => {
      const wanted = datasetPaths.filter((p) => !fetched.has(p));
      if (!locator || wanted.length === 0) return;
      const ranges: Range[] = [];
      for (const p of wanted) ranges.push(...rawRanges((await locator.dataset(p)).storage));
      const fh = await open(localPath, 'r+');
      try {
        await view.copy(merge(ranges, MERGE_GAP), fh);
      } finally {
        await fh.close();
      }
      for (const p of wanted) fetched.add(p);
    };
    return { localPath, size, ensureData, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
