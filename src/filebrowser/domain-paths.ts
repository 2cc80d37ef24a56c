/**
 * Paths of the HDF drive. JupyterLab names items by drive-local paths without a leading slash
 * ('home/ana/data.h5', '' for the top level); the HDF REST API names them by domain paths ('/home/ana/data.h5',
 * folders listed as '/home/ana/'). Pure functions, shared by the drive, the commands and the tests.
 */
import { baseName } from '../client/index.js';

/** Extensions of files that hsload takes (HDF5, and netCDF-4 which is HDF5 underneath). */
export const HDF5_EXTENSIONS = ['.h5', '.hdf5', '.he5', '.hdf', '.nc', '.nc4', '.h5ad'];

/** '/home/ana/data.h5' for 'home/ana/data.h5'; '/' for the top level. */
export function domainOf(localPath: string): string {
  const parts = localPath.split('/').filter((part) => part !== '');
  return `/${parts.join('/')}`;
}

/** 'home/ana/data.h5' for '/home/ana/data.h5' (or '/home/ana/data.h5/'); '' for '/'. */
export function localPathOf(domain: string): string {
  return domain.split('/').filter((part) => part !== '').join('/');
}

/** A folder path as listings name it: with one trailing slash ('/' stays '/'). */
export function folderPath(domain: string): string {
  const path = domainOf(domain);
  return path === '/' ? '/' : `${path}/`;
}

export { baseName };

/** The folder holding a domain or folder: '/home/ana' for '/home/ana/data.h5', '/' for '/home'. */
export function parentOf(domain: string): string {
  const path = domainOf(domain);
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** Joins a folder and a name: joinPath('/home/ana/', 'data.h5') → '/home/ana/data.h5'. */
export function joinPath(folder: string, name: string): string {
  return domainOf(`${folder}/${name}`);
}

/** Why `name` cannot name a domain or folder, or undefined when it can. */
export function invalidName(name: string): string | undefined {
  if (name.trim() === '') return 'The name is empty.';
  if (name !== name.trim()) return 'The name may not start or end with spaces.';
  if (name.includes('/')) return 'The name may not contain "/".';
  if (name === '.' || name === '..') return `"${name}" cannot be used as a name.`;
  return undefined;
}

/**
 * The first free name in JupyterLab's style: 'untitled.h5', 'untitled1.h5', … for domains, 'Untitled Folder',
 * 'Untitled Folder 1', … for folders.
 */
export function untitledName(taken: ReadonlySet<string>, kind: 'folder' | 'domain', ext = '.h5'): string {
  for (let n = 0; ; n++) {
    const name = kind === 'folder' ? `Untitled Folder${n ? ` ${n}` : ''}` : `untitled${n || ''}${ext}`;
    if (!taken.has(name)) return name;
  }
}

export function hasHdf5Extension(name: string): boolean {
  const lower = name.toLowerCase();
  return HDF5_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** File name for a downloaded domain: its own name, with '.h5' added unless it already has an HDF5 extension. */
export function downloadName(domain: string): string {
  const name = baseName(domain);
  return hasHdf5Extension(name) ? name : `${name}.h5`;
}
