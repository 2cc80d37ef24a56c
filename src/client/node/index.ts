/**
 * Node-only additions to the SDK: settings from .hscfg and HS_* variables (as h5pyd reads them), the undici
 * transport, and the in-process engine for the `local` endpoint. `openFile`/`openFolder` are
 * File.open/Folder.open with those defaults.
 */
import { Connection, ConnectionOptions } from '../connection.js';
import { File, FileMode, OpenOptions } from '../file.js';
import { Folder, FolderMode, FolderOpenOptions } from '../folder.js';
import { Transport } from '../transport.js';
import { DirectTransport, isLocalEndpoint } from './direct-transport.js';
import { loadConfig, LoadOptions } from './hscfg.js';
import { UndiciTransport } from './undici-transport.js';

export { defaultHscfgPath, findHscfg, loadConfig, readHscfg, writeHscfg } from './hscfg.js';
export type { LoadOptions, LocateOptions } from './hscfg.js';
export { UndiciTransport } from './undici-transport.js';
export type { UndiciTransportOptions } from './undici-transport.js';
export { DirectTransport, isLocalEndpoint } from './direct-transport.js';
export type { DirectTransportOptions } from './direct-transport.js';

/**
 * Connection options completed from .hscfg and HS_* variables, with the undici transport by default, or the
 * in-process engine when the endpoint is `local` / `local[N]`.
 */
export function resolveOptions<T extends ConnectionOptions>(options: T = {} as T, load: LoadOptions = {}): T {
  const config = loadConfig(options, load);
  return {
    ...options,
    endpoint: config.endpoint,
    username: config.username,
    password: config.password,
    apiKey: config.apiKey,
    bucket: config.bucket,
    transport: options.transport ?? transportFor(config.endpoint, config.username, config.bucket),
  };
}

function transportFor(endpoint: string | undefined, username: string | undefined, bucket: string | undefined): Transport {
  if (isLocalEndpoint(endpoint)) return new DirectTransport({ endpoint, adminUser: username, bucket });
  return new UndiciTransport();
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
