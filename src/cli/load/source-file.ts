/**
 * Where a source file is read from, and how the server will find it in link mode.
 *
 * - A local file is read in place. Its link-mode file_uri is `file:///abs/path`: the server reads it only if
 *   it was started with a link root (config `link_roots`, env H5LAB_LINK_ROOTS) containing that path.
 * - `s3://bucket/key`, and with --link `bucket/key` when no such local file exists, name an object of the
 *   server's store (the same bucket layout on POSIX and S3). The client needs no S3 credentials: it reads
 *   the file through the server, by range, from a temporary link-mode byte dataset in a scratch domain next
 *   to the target, into a temporary local file that h5wasm opens; the link-mode file_uri is the name given.
 * - --linkpath URI overrides the file_uri (e.g. a local copy of a file the server knows as bucket/key).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection, File } from '../../client/index.js';
import { CliError } from '../common/tool.js';
import type { SourceStamp } from './load-journal.js';

export interface ResolvedSource {
  /** As given on the command line. */
  label: string;
  /** The file h5wasm reads. */
  localPath: string;
  /** What the server reads in link mode. */
  fileUri: string;
  stamp: SourceStamp;
  /** Removes a staged copy. */
  cleanup(): void;
}

const STAGE_PAGE = 16 * 1024 * 1024;
const STAGE_IN_FLIGHT = 3;

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

/**
 * Copies a file of the server's store to a local temporary file, reading it through the server: a view
 * dataset over the file's bytes, read in pages of whole server chunks, a few requests at a time.
 */
async function stageThroughServer(connection: Connection, uri: string, nearDomain: string): Promise<string> {
  const folder = nearDomain.slice(0, nearDomain.lastIndexOf('/') + 1);
  const scratch = `${folder}.hsload-stage-${randomBytes(6).toString('hex')}.h5`;
  const domain = await File.open(scratch, 'x', { connection });
  const session = domain.session;
  const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-hsload-'));
  const local = path.join(dir, path.basename(uri) || 'source.h5');
  try {
    const view = async (size: number) =>
      (
        await session.json<{ id: string }>('POST', '/datasets', {
          json: { type: 'H5T_STD_U8LE', shape: [size], creationProperties: { layout: { class: 'H5D_CONTIGUOUS_REF', file_uri: uri, offset: 0, size } } },
          what: `a view of ${uri}`,
        })
      ).id;
    const read = async (id: string, start: number, stop: number) =>
      (await session.request({ method: 'GET', path: `/datasets/${id}/value`, query: { select: `[${start}:${stop}]` }, acceptBinary: true, what: uri })).body;
    const head = await read(await view(4096), 0, 4096).catch((e) => {
      throw new CliError(`cannot read ${uri} through the server: ${(e as Error).message}`);
    });
    const size = fileEnd(head);
    const id = await view(size);
    const layout = await session.json<{ layout?: { dims?: number[] } }>('GET', `/datasets/${id}`, { what: uri });
    const chunk = layout.layout?.dims?.[0] ?? STAGE_PAGE;
    const page = chunk * Math.max(1, Math.floor(STAGE_PAGE / chunk));
    const out = await open(local, 'w');
    try {
      let next = 0;
      const worker = async () => {
        for (let start = next; start < size; start = next) {
          next += page;
          const bytes = await read(id, start, Math.min(size, start + page));
          await out.write(bytes, 0, bytes.length, start);
        }
      };
      await Promise.all(Array.from({ length: STAGE_IN_FLIGHT }, worker));
    } finally {
      await out.close();
    }
    return local;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    await session.request({ method: 'DELETE', path: '/', allow: [404, 410] }).catch(() => undefined);
  }
}

export async function resolveSource(
  arg: string,
  options: { link: boolean; linkpath?: string; connection: Connection; targetDomain: string },
): Promise<ResolvedSource> {
  const remote = arg.startsWith('s3://') || (options.link && !arg.startsWith('/') && !existsSync(arg) && arg.includes('/'));
  if (remote) {
    const local = await stageThroughServer(options.connection, arg, options.targetDomain);
    const info = statSync(local);
    return {
      label: arg,
      localPath: local,
      fileUri: options.linkpath ?? arg,
      stamp: { path: arg, size: info.size, mtimeMs: 0 },
      cleanup: () => rmSync(path.dirname(local), { recursive: true, force: true }),
    };
  }
  if (!existsSync(arg)) throw new CliError(`${arg}: no such file`);
  const real = realpathSync(arg);
  const info = statSync(real);
  if (!info.isFile()) throw new CliError(`${arg} is not a file`);
  return {
    label: arg,
    localPath: real,
    fileUri: options.linkpath ?? `file://${real}`,
    stamp: { path: real, size: info.size, mtimeMs: info.mtimeMs },
    cleanup: () => undefined,
  };
}
