/**
 * Domains and folders as the tools take them: absolute paths (`/home/u/f.h5`; folders end with '/'),
 * h5pyd's `hdf5://home/u/f.h5`, or a URL naming the server too (`http://host:5101/home/u/f.h5`).
 */
import { splitDomainUrl } from '../../client/index.js';
import { UsageError } from './options.js';

export interface Target {
  /** Absolute path; folders keep their trailing '/'. */
  path: string;
  /** Server named in the argument, if it was a URL. */
  endpoint?: string;
  isFolder: boolean;
}

export function parseTarget(arg: string, what = 'domain'): Target {
  let split: { endpoint?: string; path: string };
  try {
    split = splitDomainUrl(arg);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!split.path.startsWith('/')) throw new UsageError(`${what} must be an absolute path such as /home/user/file.h5, not '${arg}'`);
  const path = split.path.replace(/\/{2,}/g, '/');
  return { path, endpoint: split.endpoint, isFolder: path.endsWith('/') };
}

/** The folder holding a domain or folder, with a trailing '/' ('/' for top-level items). */
export function parentFolder(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1) || '/';
}

export { baseName } from '../../client/index.js';
