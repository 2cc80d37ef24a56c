/**
 * HsError: a failed request, with the HTTP status and the server's reason kept for programs and a message
 * written for the person at the keyboard ("wrong password", "no such domain", "server not running").
 */

export interface HsErrorInit {
  /** HTTP status; 0 when no answer came back (server down, network). */
  status: number;
  /** The server's reason phrase (HSDS puts its explanation there), or the network error. */
  reason: string;
  method: string;
  /** Request path without the query, e.g. `/groups/g-…/links/x`. */
  path: string;
  domain?: string;
  endpoint?: string;
  /** How the request authenticated: user name, 'api key', or undefined when anonymous. */
  credentials?: { kind: 'basic'; user: string } | { kind: 'bearer' };
  /** Requests made, including retries. */
  attempts?: number;
  /** Caller's description of what was asked for, e.g. "link 'temperature' in /data". */
  what?: string;
  cause?: unknown;
}

export class HsError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly method: string;
  readonly path: string;
  readonly domain?: string;
  readonly endpoint?: string;
  readonly attempts: number;

  constructor(init: HsErrorInit) {
    super(describe(init), { cause: init.cause });
    this.name = 'HsError';
    this.status = init.status;
    this.reason = init.reason;
    this.method = init.method;
    this.path = init.path;
    this.domain = init.domain;
    this.endpoint = init.endpoint;
    this.attempts = init.attempts ?? 1;
  }

  get isNotFound(): boolean {
    return this.status === 404 || this.status === 410;
  }
}

const ACTION: Record<string, string> = { GET: 'read', POST: 'create objects in', PUT: 'modify', DELETE: 'delete' };

function describe(e: HsErrorInit): string {
  const where = e.domain ? ` (domain ${e.domain})` : '';
  const target = e.what ?? (e.path === '/' && e.domain ? `domain ${e.domain}` : `${e.path}${where}`);
  const server = e.endpoint ?? 'the server';
  const detail = e.reason ? ` — server said: ${e.reason}` : '';
  switch (e.status) {
    case 0:
      return (
        `Cannot reach the HDF server at ${server}: ${e.reason}. ` +
        'Is the server running, and is the endpoint (hs_endpoint in ~/.hscfg or HS_ENDPOINT) right?'
      );
    case 401:
      if (!e.credentials)
        return `${server} needs a user name and password for this request (${e.method} ${target}); set hs_username and hs_password in ~/.hscfg, or HS_USERNAME and HS_PASSWORD${detail}`;
      if (e.credentials.kind === 'bearer') return `${server} did not accept the API key (hs_api_key / HS_API_KEY)${detail}`;
      return `Wrong user name or password for user '${e.credentials.user}' on ${server}${detail}`;
    case 403: {
      const who = e.credentials?.kind === 'basic' ? `user '${e.credentials.user}'` : e.credentials ? 'this API key' : 'anonymous access';
      return `Permission denied: ${who} may not ${ACTION[e.method] ?? 'access'} ${target}${detail}`;
    }
    case 404:
      if (e.path === '/' && e.domain && e.method === 'PUT') return `Cannot create ${e.domain}: its folder does not exist${detail}`;
      if (e.path === '/' && e.domain) return `No such domain or folder: ${e.domain}`;
      if (e.path === '/domains' && e.domain) return `No such folder: ${e.domain}`;
      return `Not found: ${target}${detail}`;
    case 409:
      return `Already exists: ${target}${detail}`;
    case 410:
      return `${capitalize(target)} has been deleted${detail}`;
    case 413:
      return `Request too large for ${server} (${e.method} ${target})${detail}`;
    case 400:
      return `Invalid request ${e.method} ${target}${detail}`;
    default: {
      const tries = (e.attempts ?? 1) > 1 ? ` after ${e.attempts} attempts` : '';
      return `Server error ${e.status}${e.reason ? ` (${e.reason})` : ''} on ${e.method} ${target}${tries}`;
    }
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
