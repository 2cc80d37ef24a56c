/**
 * Failures as a scientist meets them (wrong password, no such domain, no server, busy server), and the
 * retry policy, through a loopback proxy in front of the real server that can answer 503 or stall.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { File } from '../../src/client/file.js';
import { Connection } from '../../src/client/connection.js';
import { HsError } from '../../src/client/errors.js';
import { UndiciTransport } from '../../src/client/node/undici-transport.js';
import { FetchTransport, Transport } from '../../src/client/transport.js';
import { TestServer } from '../helpers/server.js';
import { startClientServer, uniqueDomain } from './support.js';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  at: number;
}

/** Forwards to `target`, except that `decide` may answer a status itself (or 'stall' to never answer). */
async function startProxy(target: string, decide: (req: http.IncomingMessage, n: number) => number | 'stall' | undefined) {
  const seen: Seen[] = [];
  const proxy = http.createServer(async (req, res) => {
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, at: performance.now() });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const verdict = decide(req, seen.length);
    if (verdict === 'stall') return;
    if (verdict !== undefined) {
      res.writeHead(verdict, 'Service Unavailable');
      res.end(`${verdict}: busy`);
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
    const upstream = await fetch(target + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
    });
    res.writeHead(upstream.status, upstream.statusText, out);
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => new Promise<void>((resolve) => {
      proxy.closeAllConnections();
      proxy.close(() => resolve());
    }),
  };
}

const isHs = (status: number, message: RegExp) => (e: unknown) => {
  assert.ok(e instanceof HsError, `expected HsError, got ${String(e)}`);
  assert.equal(e.status, status);
  assert.match(e.message, message);
  return true;
};

describe('client errors and retries', () => {
  let server: TestServer;
  let domain: string;
  const transport = new UndiciTransport();

  before(async () => {
    server = await startClientServer();
    domain = uniqueDomain('errors');
    const f = await File.open(domain, 'w', { endpoint: server.url, username: 'test_user1', password: 'test', transport });
    await f.createGroup('g');
  });
  after(async () => {
    await transport.close();
    await server?.dispose();
  });

  it('says when the password is wrong, the domain is missing, credentials are needed or access is denied', async () => {
    const base = { endpoint: server.url, transport };
    await assert.rejects(
      File.open(domain, 'r', { ...base, username: 'test_user1', password: 'wrong' }),
      isHs(401, /^Wrong user name or password for user 'test_user1' on http:\/\/127\.0\.0\.1:\d+/),
    );
    await assert.rejects(
      File.open('/home/test_user1/no_such_file.h5', 'r', { ...base, username: 'test_user1', password: 'test' }),
      isHs(404, /^No such domain or folder: \/home\/test_user1\/no_such_file\.h5$/),
    );
    await assert.rejects(
      File.open(uniqueDomain('anon'), 'w', base),
      isHs(401, /needs a user name and password .*HS_USERNAME and HS_PASSWORD/),
    );
    await assert.rejects(
      File.open(domain, 'r', { ...base, username: 'test_user2', password: 'test' }),
      isHs(403, /^Permission denied: user 'test_user2' may not read domain \/home\/test_user1\//),
    );
    await assert.rejects(
      File.open('/home/test_user1/missing_folder/f.h5', 'w', { ...base, username: 'test_user1', password: 'test' }),
      isHs(404, /^Cannot create \/home\/test_user1\/missing_folder\/f\.h5: its folder does not exist/),
    );
    assert.throws(() => new Connection({}), /no endpoint set.*HS_ENDPOINT/);
  });

  it('explains an unreachable server after retrying with backoff', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    for (const t of [new UndiciTransport(), new FetchTransport()]) {
      const started = performance.now();
      const err = await File.open(domain, 'r', { endpoint: `http://127.0.0.1:${port}`, transport: t, retries: 2, retryDelayMs: 40 }).catch((e) => e);
      isHs(0, /^Cannot reach the HDF server at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*Is the server running/)(err);
      assert.equal((err as HsError).attempts, 3);
      // Two backoffs of at least half of 40 and 80 ms.
      assert.ok(performance.now() - started >= 60, 'backed off between attempts');
      await (t as Transport).close?.();
    }
  });

  it('retries 503 answers and then succeeds', async () => {
    const proxy = await startProxy(server.url, (_req, n) => (n <= 2 ? 503 : undefined));
    try {
      const f = await File.open(domain, 'r', { endpoint: proxy.url, username: 'test_user1', password: 'test', transport, retryDelayMs: 30 });
      assert.deepEqual(await f.keys(), ['g']);
      assert.deepEqual(proxy.seen.map((s) => s.url.split('?')[0]), ['/', '/', '/']);
      assert.ok(proxy.seen[2].at - proxy.seen[1].at >= 15 && proxy.seen[1].at - proxy.seen[0].at >= 10, 'waited between attempts');
    } finally {
      await proxy.close();
    }
  });

  it('gives up after the configured retries, and never repeats a POST that creates something', async () => {
    const proxy = await startProxy(server.url, (req) => (req.url!.includes('/links/') || req.method === 'POST' ? 503 : undefined));
    try {
      const options = { endpoint: proxy.url, username: 'test_user1', password: 'test', transport, retries: 3, retryDelayMs: 5 };
      const f = await File.open(domain, 'r+', options);
      await assert.rejects(f.get('g'), isHs(503, /^Server error 503 \(Service Unavailable\) on GET .* after 4 attempts$/));
      const before = proxy.seen.length;
      await assert.rejects(f.createGroup('h'), isHs(503, /^Server error 503/));
      assert.deepEqual(proxy.seen.slice(before).map((s) => `${s.method} ${s.url.split('?')[0]}`), ['POST /groups']);
    } finally {
      await proxy.close();
    }
  });

  it('sends Basic or Bearer authorization, and times out a stalled request', async () => {
    const proxy = await startProxy(server.url, (req) => (req.url!.startsWith('/stall') ? 'stall' : undefined));
    try {
      await assert.rejects(
        File.open(domain, 'r', { endpoint: proxy.url, apiKey: 'my-token', transport }),
        isHs(401, /did not accept the API key/),
      );
      assert.equal(proxy.seen.at(-1)!.authorization, 'Bearer my-token');
      await new Connection({ endpoint: proxy.url, username: 'ü', password: 'p:w', transport }).request({ method: 'GET', path: '/about', allow: [401] });
      assert.equal(proxy.seen.at(-1)!.authorization, `Basic ${Buffer.from('ü:p:w').toString('base64')}`);
      const c = new Connection({ endpoint: proxy.url, transport, timeoutMs: 150, retries: 1, retryDelayMs: 5 });
      await assert.rejects(c.json('GET', '/stall'), isHs(0, /no answer within 150 ms/));
      assert.equal(proxy.seen.filter((s) => s.url === '/stall').length, 2);
    } finally {
      await proxy.close();
    }
  });
});
