/**
 * The engine as an AWS Lambda function (function URL or API Gateway HTTP API, payload format 2.0). The
 * engine is created on the first call of a container and reused while it stays warm. Configuration comes
 * from H5LAB_* environment variables (store: H5LAB_S3_ENDPOINT or H5LAB_ROOT_DIR). Lambda answers are whole
 * (no streaming) and limited to 6 MB, so reads larger than max_request_size (default here 4 MiB) answer 413
 * and h5pyd pages them, as with HSDS on Lambda.
 */
import { loadConfig } from './config.js';
import { createDirectEngine, DirectEngine } from './direct.js';

export interface LambdaEvent {
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { http: { method: string } };
}

export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

let engine: Promise<DirectEngine> | undefined;

function start(): Promise<DirectEngine> {
  const config = loadConfig({}, { H5LAB_MAX_REQUEST_SIZE: '4m', ...process.env, H5LAB_HTTP_STREAMING: 'false' });
  return createDirectEngine(config);
}

export async function handler(event: LambdaEvent): Promise<LambdaResult> {
  engine ??= start();
  const direct = await engine;
  const url = event.rawPath + (event.rawQueryString ? `?${event.rawQueryString}` : '');
  const body = event.body === undefined ? undefined : new Uint8Array(Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8'));
  const r = await direct.handle({ method: event.requestContext.http.method, url, headers: event.headers, body });
  const binary = r.headers['content-type'] === 'application/octet-stream';
  return {
    statusCode: r.status,
    headers: r.headers,
    body: Buffer.from(r.body).toString(binary ? 'base64' : 'utf8'),
    isBase64Encoded: binary,
  };
}
