/**
 * Pure parts of the connection: where the endpoint setting points, the Basic header, and turning a failed
 * request into a sentence the user can act on. Free of JupyterLab imports so that node's test runner runs it.
 */
import type { H5LabEndpointKind, IH5LabAbout } from '../tokens.js';

/** The lab's own service: `<base_url>/h5lab/`, proxied to the sidecar by the h5lab server extension. */
export const SIDECAR_PATH = 'h5lab';

export type ResolvedEndpoint = { kind: H5LabEndpointKind; endpoint: string } | { error: string };

/**
 * Reads the `endpoint` setting: empty → the lab's sidecar; a path → a service behind this Jupyter server (e.g. a
 * jupyter-server-proxy route), relative to its base URL; an http(s) URL → an external service.
 */
export function resolveEndpoint(setting: string, baseUrl: string): ResolvedEndpoint {
  const value = setting.trim();
  const base = new URL(baseUrl);
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return { error: `The endpoint setting "${value}" is not a valid URL.` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:' || !url.hostname) {
      return { error: `The endpoint setting "${value}" must be an http:// or https:// URL.` };
    }
    return { kind: 'external', endpoint: withoutTrailingSlash(url.origin + url.pathname) };
  }
  const path = value.replace(/^\/+/, '') || SIDECAR_PATH;
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return { kind: 'lab', endpoint: withoutTrailingSlash(base.origin + basePath + path) };
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** HTTP Basic credentials; user names and passwords may hold any Unicode (sent as UTF-8, as h5pyd does). */
export function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** What came back from a request, reduced to what explaining it needs. */
export type Outcome =
  | { kind: 'unreachable'; detail: string }
  | { kind: 'answered'; status: number; statusText: string; body: string };

export interface ExplainContext {
  kind: H5LabEndpointKind;
  endpoint: string;
  username?: string;
}

/** One sentence (or two) saying what is wrong and what to do; for any outcome that is not a usable answer. */
export function explainFailure(outcome: Outcome, context: ExplainContext): string {
  const { kind, endpoint } = context;
  if (outcome.kind === 'unreachable') {
    if (kind === 'lab') return `The Jupyter server does not answer (${outcome.detail}). Is it still running?`;
    return (
      `Cannot reach ${endpoint} (${outcome.detail}). Check the address, that the service is running, and that ` +
      'it allows requests from this page (CORS).'
    );
  }
  const { status, statusText } = outcome;
  const said = serverMessage(outcome.body) ?? statusText;
  if (kind === 'lab' && (status === 502 || status === 503)) {
    return said || 'The h5lab service of this Jupyter server is not running.';
  }
  if (kind === 'lab' && status === 404 && !looksLikeHsds(outcome.body)) {
    return (
      `Nothing answers at ${endpoint}: the h5lab server extension is not enabled in this Jupyter server. ` +
      'Start JupyterLab with scripts/run-lab.sh, or enable it with `jupyter server extension enable h5lab`.'
    );
  }
  if (status === 401) {
    const who = context.username ? `user "${context.username}"` : 'anonymous requests';
    return `${endpoint} refused the credentials of ${who} (401 ${said}). Check the user name and password settings.`;
  }
  if (status === 403) return `${endpoint} does not allow this (403 ${said}).`;
  if (status === 404) return `${endpoint} has no /about (404): is this the address of an HDF REST (HSDS) service?`;
  if (status >= 200 && status < 300) return `${endpoint} answered, but not as an HDF REST (HSDS) service.`;
  return `${endpoint} answered ${status}${said ? ` (${said})` : ''}.`;
}

/** The explanation HSDS-style services and the Jupyter server put in a JSON error body, if any. */
function serverMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' && parsed.message ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

function looksLikeHsds(body: string): boolean {
  return /"(hsds_version|domain|root)"/.test(body);
}

/** The `/about` answer, or undefined when the body is not one (another kind of service answered). */
export function parseAbout(body: string): IH5LabAbout | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const about = parsed as Partial<IH5LabAbout>;
  if (typeof about.hsds_version !== 'string' || typeof about.state !== 'string') return undefined;
  return about as IH5LabAbout;
}
