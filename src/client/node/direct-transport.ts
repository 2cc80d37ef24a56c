/**
 * h5pyd's `local` endpoint: requests are answered by an engine running inside this process (no server, no
 * socket). `local[N]` asks for N data-node processes, as h5pyd's `local[N]` does for HSDS.
 *
 * The engine reads its settings as `h5lab serve` does (H5LAB_* variables; store in H5LAB_ROOT_DIR, default
 * `./data`). Like h5pyd's local mode, the configured user is the engine's administrator and the configured
 * bucket its default bucket, unless H5LAB_ADMIN_USER / H5LAB_BUCKET_NAME say otherwise. Without
 * H5LAB_PASSWORD_FILE any password is accepted (nothing listens, so only this process can ask).
 *
 * Transports of one process share one engine per configuration: two engines caching the same store would
 * not see each other's writes. The engine stops when the last transport using it is closed.
 */
import type { DirectEngine } from '../../server/direct.js';
import { HttpRequest, HttpResponse, Transport, TransportError } from '../transport.js';

export interface DirectTransportOptions {
  /** The endpoint as configured: `local` or `local[N]`. */
  endpoint?: string;
  /** Made administrator of the engine (h5pyd's local mode does the same with the configured user). */
  adminUser?: string;
  /** The engine's default bucket. */
  bucket?: string;
  /** Where the H5LAB_* settings come from (default process.env). */
  env?: Record<string, string | undefined>;
}

const LOCAL = /^local(?:\[([^\]]*)\])?$/;

/** Whether an endpoint names the in-process engine (`local`, `local[4]`). */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  return endpoint !== undefined && LOCAL.test(endpoint.trim());
}

interface SharedEngine {
  engine: Promise<DirectEngine>;
  users: number;
}

const engines = new Map<string, SharedEngine>();

export class DirectTransport implements Transport {
  private key?: string;

  constructor(private readonly options: DirectTransportOptions = {}) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    const target = /^local(?:\[[^\]]*\])?(\/.*)$/.exec(req.url);
    if (!target) throw new TransportError(`not a local endpoint URL: ${req.url}`, 'EINVAL', false);
    let direct: DirectEngine;
    try {
      direct = await this.acquire();
    } catch (e) {
      throw new TransportError(`cannot start the local engine (${(e as Error).message})`, 'ELOCAL', false, { cause: e });
    }
    const body = typeof req.body === 'string' ? new TextEncoder().encode(req.body) : req.body;
    const res = await direct.handle({ method: req.method, url: target[1], headers: req.headers, body });
    return { status: res.status, statusText: res.statusText, headers: res.headers, body: res.body };
  }

  /** Stops the engine when no other transport of this process uses it. */
  async close(): Promise<void> {
    const key = this.key;
    this.key = undefined;
    const shared = key === undefined ? undefined : engines.get(key);
    if (!shared || --shared.users > 0) return;
    engines.delete(key!);
    const engine = await shared.engine.catch(() => undefined);
    await engine?.close();
  }

  private async acquire(): Promise<DirectEngine> {
    if (this.key === undefined) {
      const config = await engineConfig(this.options);
      const key = JSON.stringify(config);
      let shared = engines.get(key);
      if (!shared) {
        shared = { engine: import('../../server/direct.js').then((m) => m.createDirectEngine(config)), users: 0 };
        engines.set(key, shared);
      }
      shared.users++;
      this.key = key;
    }
    return engines.get(this.key)!.engine;
  }
}

async function engineConfig(options: DirectTransportOptions) {
  const { loadConfig } = await import('../../server/config.js');
  const env = options.env ?? process.env;
  const flags: Record<string, unknown> = {};
  if (options.adminUser && env.H5LAB_ADMIN_USER === undefined) flags.admin_user = options.adminUser;
  if (options.bucket && env.H5LAB_BUCKET_NAME === undefined && env.H5LAB_BUCKET === undefined) flags.bucket_name = options.bucket;
  const count = LOCAL.exec(options.endpoint?.trim() ?? 'local')?.[1];
  if (count !== undefined) {
    const n = Number(count);
    // As h5pyd: a count that is not a number falls back to the default.
    if (Number.isInteger(n) && n > 0) flags.dn_count = n;
  }
  return loadConfig(flags, env as NodeJS.ProcessEnv);
}
