/**
 * The one seam between the SDK and the wire: a Transport turns an HttpRequest into an HttpResponse. Everything
 * above it (connection, objects) speaks only these two shapes, so an in-process transport can replace HTTP.
 * Browser-safe: FetchTransport uses the global fetch only.
 */

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Absolute URL including the query string. */
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface Transport {
  send(req: HttpRequest): Promise<HttpResponse>;
  /** Releases pooled connections; optional. */
  close?(): Promise<void>;
}

/**
 * The request never got an answer (refused, reset, DNS, timeout). `code` is the system error code when the
 * runtime exposes one (ECONNREFUSED, ECONNRESET, …); `sent` is false when the server cannot have seen it.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly sent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

/** Error codes meaning the connection was never established, so the request was not processed. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Wraps a runtime network error (fetch's TypeError, undici's errors) as a TransportError. */
export function toTransportError(err: unknown, url: string): TransportError | unknown {
  if (err instanceof TransportError) return err;
  if (isAbort(err)) return err;
  const code = systemCode(err);
  const detail = code ?? (err instanceof Error ? err.message : String(err));
  return new TransportError(`cannot reach ${new URL(url).origin} (${detail})`, code, code ? !NOT_SENT.has(code) : true, {
    cause: err,
  });
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

function systemCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // AggregateError (e.g. IPv4 and IPv6 both refused) carries the codes on its members.
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length) {
      const c = systemCode(inner[0]);
      if (c) return c;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Transport over the global fetch (browsers, Node ≥ 18, workers). */
export class FetchTransport implements Transport {
  constructor(private readonly fetchFn: typeof fetch = (...args) => globalThis.fetch(...args)) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    let res: Response;
    try {
      res = await this.fetchFn(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body as BodyInit | undefined,
        signal: req.signal,
      });
    } catch (err) {
      throw toTransportError(err, req.url);
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    let body: Uint8Array;
    try {
      body = new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw toTransportError(err, req.url);
    }
    return { status: res.status, statusText: res.statusText, headers, body };
  }
}
