/**
 * The common frame of the engine's HTTP suites: one real server per suite (started in `before`, removed in
 * `after`), /home/test_user1 in place, and a fresh domain per test.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { ServerOptions, startServer, TestServer } from './server.js';
import { Api, ensureHome, uniqueDomain } from './http.js';

export interface EngineSuite {
  /** The running server (set once `before` has run). */
  readonly server: TestServer;
  /** test_user1's client, not bound to a domain. */
  readonly base: Api;
  /** Creates a new domain under /home/test_user1 and returns a client bound to it. */
  newDomain(prefix?: string): Promise<{ api: Api; domain: string; root: string }>;
}

export function engineSuite(options: ServerOptions = {}): EngineSuite {
  let server: TestServer | undefined;
  let base: Api | undefined;
  before(async () => {
    server = await startServer(options);
    base = new Api(server.url, 'test_user1', 'test');
    await ensureHome(server.url);
  });
  after(() => server?.dispose());
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the suite server is not started yet');
    return v;
  };
  return {
    get server() {
      return ready(server);
    },
    get base() {
      return ready(base);
    },
    async newDomain(prefix = 'test') {
      const domain = uniqueDomain(prefix);
      const r = await ready(base).put('/', { domain });
      assert.equal(r.status, 201, r.text);
      return { api: ready(base).in(domain), domain, root: r.json.root };
    },
  };
}
