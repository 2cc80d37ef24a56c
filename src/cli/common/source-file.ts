/**
 * Where a source file is read from, and how the server will find it in link mode.
 *
 * - A local file is read in place. Its link-mode file_uri is `file:///abs/path`: the server reads it only if
 *   it was started with a link root (config `link_roots`, env H5LAB_LINK_ROOTS) containing that path.
 * - `s3://bucket/key`, and with --link `bucket/key` when no such local file exists, name an object of the
 *   server's store (the same bucket layout on POSIX and S3). The client needs no S3 credentials: it reads
 *   the file through the server into a temporary local file (only its metadata for --link; see
 *   server-staging.ts); the link-mode file_uri is the name given.
 * - --linkpath URI overrides the file_uri (e.g. a local copy of a file the server knows as bucket/key).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import type { Connection } from '../../client/index.js';
import { CliError } from './tool.js';
import type { SourceStamp } from '../load/load-journal.js';
import { stageThroughServer } from '../load/server-staging.js';

export interface ResolvedSource {
  /** As given on the command line. */
  label: string;
  /** The file h5wasm reads. */
  localPath: string;
  /** What the server reads in link mode. */
  fileUri: string;
  stamp: SourceStamp;
  /** Makes sure datasets' raw data can be read from localPath (a copy of a remote file may hold only metadata). */
  ensureData(datasetPaths: string[]): Promise<void>;
  /** Removes a staged copy. */
  cleanup(): Promise<void>;
}

export async function resolveSource(
  arg: string,
  options: { link: boolean; linkpath?: string; connection: Connection; targetDomain: string },
): Promise<ResolvedSource> {
  const remote = arg.startsWith('s3://') || (options.link && !arg.startsWith('/') && !existsSync(arg) && arg.includes('/'));
  if (remote) {
    const staged = await stageThroughServer(options.connection, arg, options.targetDomain, options.link);
    return {
      label: arg,
      localPath: staged.localPath,
      fileUri: options.linkpath ?? arg,
      stamp: { path: arg, size: staged.size, mtimeMs: 0 },
      ensureData: staged.ensureData,
      cleanup: staged.cleanup,
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
    ensureData: async () => undefined,
    cleanup: async () => undefined,
  };
}
