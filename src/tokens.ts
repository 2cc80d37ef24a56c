/**
 * Tokens other h5lab plugins depend on. The connection is the one place that knows where the HDF REST service
 * is and how to authenticate to it; browsers, viewers and the SDK transport go through it.
 */
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';

/**
 * 'lab': the service behind this Jupyter server (by default the h5lab sidecar at `<base_url>/h5lab/`), reached
 * with the lab's own authentication. 'external': an HDF REST service at another origin, reached directly.
 */
export type H5LabEndpointKind = 'lab' | 'external';

/** 'unchecked' until the first check ends; 'error' comes with a message meant for the user. */
export type H5LabConnectionState = 'unchecked' | 'checking' | 'connected' | 'error';

/** `GET /about` of an HSDS-compatible service (the fields h5lab and HSDS 0.9.4 both send). */
export interface IH5LabAbout {
  state: string;
  hsds_version: string;
  name?: string;
  greeting?: string;
  about?: string;
  username?: string;
  isadmin?: boolean;
  start_time?: number;
  node_count?: number;
}

/** `GET /info`: node state; HSDS and h5lab fill different parts of it. */
export interface IH5LabInfo {
  node?: { id?: string; type?: string; state?: string; start_time?: number; node_count?: number };
  cpu?: { count?: number; load_average?: number[] };
  memory?: { rss?: number; heap_used?: number; free?: number; total?: number };
  [key: string]: unknown;
}

export interface IH5LabConnection {
  readonly kind: H5LabEndpointKind;
  /** Base URL of the service without a trailing slash: request URLs are `endpoint + '/about'` and so on. */
  readonly endpoint: string;
  /** Authorization header sent to an external endpoint; undefined when the lab's own authentication is used. */
  readonly authHeader: string | undefined;
  /** User name given in the settings (external endpoints); the lab's service knows the lab user itself. */
  readonly username: string | undefined;
  /** Bucket given in the settings; undefined means the service's default bucket. */
  readonly bucket: string | undefined;
  readonly state: H5LabConnectionState;
  /** Why the last check failed, in words for the user; empty unless state is 'error'. */
  readonly message: string;
  /** The service's `/about` from the last successful check. */
  readonly lastAbout: IH5LabAbout | undefined;
  /** Emitted whenever the settings, the state, the message or lastAbout change. */
  readonly changed: ISignal<IH5LabConnection, void>;

  /** Absolute URL of `path` (e.g. '/groups/g-…') on the service, with the query parameters that are defined. */
  url(path: string, query?: Record<string, string | number | boolean | undefined>): string;
  /** `fetch` with the right authentication for the endpoint; a FetchTransport can be built on it. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** `GET /about`; rejects with an Error whose message explains the failure. */
  about(): Promise<IH5LabAbout>;
  /** `GET /info`; rejects like about(). */
  info(): Promise<IH5LabInfo>;
  /** Checks the service now (GET /about) and updates state, message and lastAbout. */
  check(): Promise<H5LabConnectionState>;
}

export const IH5LabConnection = new Token<IH5LabConnection>(
  'h5lab:IH5LabConnection',
  'Where the HDF REST service is, how to authenticate to it, and whether it answers.'
);

/** HDF Domains (src/filebrowser): the service's folders and domains as a JupyterLab drive and side panel. */
export interface IH5LabDomainBrowser {
  /** Name of the contents drive: 'HDF:home/ana/data.h5' is the domain /home/ana/data.h5. */
  readonly driveName: string;
  /** The folder shown, as a folder path of the service ('/home/ana/'; '/' at the top level). */
  readonly currentFolder: string;
  /** Shows HDF Domains at the folder of `path` (a domain or folder path), with `path` selected. */
  reveal(path: string): Promise<void>;
  /** Reloads the listing, e.g. after domains were created or removed elsewhere. */
  refresh(): Promise<void>;
}

export const IH5LabDomainBrowser = new Token<IH5LabDomainBrowser>(
  'h5lab:IH5LabDomainBrowser',
  'The HDF Domains browser: which folder it shows, and showing a domain or folder in it.'
);

/** The domain view's command (src/widgets/domain-view): opens a domain, args `{domain: string, path?: string}`. */
export const OPEN_DOMAIN_COMMAND = 'h5lab:open-domain';
