/**
 * A loopback proxy in front of a real S3 server that misbehaves on purpose, as a test device:
 *  - `staleMs`: after a successful PUT or DELETE of an object, GETs and HEADs of that object keep getting the
 *    answer the server gave before (old bytes, or 404 for a new object) for that long, and listings of its
 *    bucket the listing from before: an eventually consistent store;
 *  - `failFirst`: the first N requests get `503 SlowDown` (or `500 InternalError`, see `failWith`) without
 *    reaching the server: a throttling or failing store.
 * Requests are forwarded unchanged (the Host header included, so SigV4 signatures stay valid).
 */
import http, { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface S3ProxyOptions {
  staleMs?: number;
  failFirst?: number;
  failWith?: 'SlowDown' | 'InternalError';
}

export interface S3Proxy {
  endpoint: string;
  /** Answers replayed from before a write. */
  readonly staleAnswers: number;
  /** Requests answered 503 by the proxy itself. */
  readonly injectedFailures: number;
  close(): Promise<void>;
}

interface Recorded {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

export async function startS3Proxy(target: string, options: S3ProxyOptions): Promise<S3Proxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const staleMs = options.staleMs ?? 0;
  let failuresLeft = options.failFirst ?? 0;
  const counters = { staleAnswers: 0, injectedFailures: 0 };
  /** Last answer to each read, replayed while its object (or bucket, for listings) is stale. */
  const lastRead = new Map<string, Recorded>();
  const staleUntil = new Map<string, number>();

  const forward = (req: http.IncomingMessage, body: Buffer) =>
    new Promise<Recorded>((resolve, reject) => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k)));
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const send = (res: http.ServerResponse, answer: Recorded) => {
    const headers = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => !HOP_BY_HOP.has(k)));
    // A HEAD answer has no body but keeps the object's Content-Length.
    if (res.req.method !== 'HEAD') headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      if (failuresLeft > 0) {
        failuresLeft--;
        counters.injectedFailures++;
        const code = options.failWith ?? 'SlowDown';
        const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected</Message></Error>`;
        send(res, { status: code === 'SlowDown' ? 503 : 500, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml) });
        return;
      }
      const url = new URL(req.url!, 'http://proxy');
      const segments = url.pathname.split('/').filter(Boolean);
      const bucket = segments[0] ?? '';
      const isObject = segments.length > 1;
      const method = req.method!;
      if (method === 'GET' || method === 'HEAD') {
        // Objects are known by path and range; bucket-level reads (listings) by their whole URL.
        const readKey = `${method} ${isObject ? url.pathname : req.url} ${req.headers.range ?? ''}`;
        const staleKey = isObject ? url.pathname : bucket;
        const old = lastRead.get(readKey);
        if (old && (staleUntil.get(staleKey) ?? 0) > Date.now()) {
          counters.staleAnswers++;
          send(res, old);
          return;
        }
        const answer = await forward(req, body);
        lastRead.set(readKey, answer);
        send(res, answer);
        return;
      }
      const answer = await forward(req, body);
      if (isObject && (method === 'PUT' || method === 'DELETE') && answer.status < 300 && staleMs > 0) {
        staleUntil.set(url.pathname, Date.now() + staleMs);
        staleUntil.set(bucket, Date.now() + staleMs);
      }
      send(res, answer);
    } catch (e) {
      res.writeHead(502).end(String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get staleAnswers() {
      return counters.staleAnswers;
    },
    get injectedFailures() {
      return counters.injectedFailures;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
