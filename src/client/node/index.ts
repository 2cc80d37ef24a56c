/**
 * Node-only additions to the SDK: settings from .hscfg and HS_* variables (as h5pyd reads them), and the
 * undici transport. `openFile`/`openFolder` are File.open/Folder.open with those defaults.
 */
import { Connection, ConnectionOptions } from '../connection.js';
import { File, FileMode, OpenOptions } from '../file.js';
import { Folder, FolderMode, FolderOpenOptions } from '../folder.js';
import { loadConfig, LoadOptions } from './hscfg.js';
import { UndiciTransport } from './undici-transport.js';

export { defaultHscfgPath, findHscfg, loadConfig, readHscfg, writeHscfg } from './hscfg.js';
export type { LoadOptions, LocateOptions } from './hscfg.js';
export { UndiciTransport } from './undici-transport.js';
export type { UndiciTransportOptions } from './undici-transport.js';

/** Connection options completed from .hscfg and HS_* variables, with the undici transport by default. */
export function resolveOptions<T extends ConnectionOptions>(options: T = {} as T, load: LoadOptions = {}): T {
  const config = loadConfig(options, load);
  return {
    ...options,
    endpoint: config.endpoint,
    username: config.username,
    password: config.password,
    apiKey: config.apiKey,
    bucket: config.bucket,
    transport: options.transport ?? new UndiciTransport(),
  };
}

/** A Connection configured like h5pyd's (explicit options, then HS_* variables, then .hscfg). */
export function connect(options: ConnectionOptions = {}, load: LoadOptions = {}): Connection {
  return new Connection(resolveOptions(options, load));
}

export function openFile(domain: string, mode: FileMode = 'r', options: OpenOptions = {}): Promise<File> {
  return File.open(domain, mode, options.connection ? options : resolveOptions(options));
}

export function openFolder(path: string, mode: FolderMode = 'r', options: FolderOpenOptions = {}): Promise<Folder> {
  return Folder.open(path, mode, options.connection ? options : resolveOptions(options));
}
