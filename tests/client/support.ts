/**
 * Helpers for SDK tests against the real server: a started server with /home/test_user1, connection
 * options for a test account, a transport that records the requests it passes on (over a real undici
 * transport), and a numpy runner for expected values.
 */
import { spawnSync } from 'node:child_process';
import { parseJson, stringifyJson } from '../../src/core/json.js';
import { ConnectionOptions } from '../../src/client/connection.js';
import { HttpRequest, HttpResponse, Transport } from '../../src/client/transport.js';
import { UndiciTransport } from '../../src/client/node/undici-transport.js';
import { ServerOptions, startServer, TestServer } from '../helpers/server.js';
import { ensureHome } from '../helpers/http.js';

export { uniqueDomain } from '../helpers/http.js';

export async function startClientServer(options: ServerOptions = {}): Promise<TestServer> {
  const server = await startServer(options);
  await ensureHome(server.url);
  await ensureHome(server.url, 'test_user2');
  return server;
}

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  status: number;
  requestBytes: number;
}

/** Passes requests to undici and records them (method, path, query, status, body size). */
export class RecordingTransport implements Transport {
  readonly log: Recorded[] = [];
  private readonly inner = new UndiciTransport();

  async send(req: HttpRequest): Promise<HttpResponse> {
    const res = await this.inner.send(req);
    const url = new URL(req.url);
    const requestBytes = typeof req.body === 'string' ? new TextEncoder().encode(req.body).length : (req.body?.length ?? 0);
    this.log.push({ method: req.method, path: url.pathname, query: url.searchParams, status: res.status, requestBytes });
    return res;
  }

  clear(): void {
    this.log.length = 0;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export function userOptions(server: TestServer, transport: Transport, user = 'test_user1', password = 'test'): ConnectionOptions {
  return { endpoint: server.url, username: user, password, transport, retryDelayMs: 10 };
}

/**
 * Runs a Python snippet with numpy imported as np and the JSON `input` bound to `data`; the snippet assigns
 * `result`, which comes back parsed (big integers kept exact).
 */
export function numpy<T = unknown>(snippet: string, input: unknown): T {
  const program = `import json, sys\nimport numpy as np\ndata = json.loads(sys.stdin.read())\n${snippet}\nprint(json.dumps(result))\n`;
  const r = spawnSync('python3', ['-c', program], { input: stringifyJson(input), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return parseJson(r.stdout) as T;
}
