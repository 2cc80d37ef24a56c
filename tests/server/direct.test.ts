/**
 * Direct access and the Lambda-style handler: the same engine answering without any socket.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/server/config.js';
import { createDirectEngine, DirectEngine } from '../../src/server/direct.js';
import { basic } from '../helpers/http.js';

const auth = { authorization: basic('alice', 'x') };
const json = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));

describe('direct access (no socket)', () => {
  let dir: string;
  let direct: DirectEngine;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'h5lab-direct-'));
    direct = await createDirectEngine(loadConfig({ root_dir: dir, admin_user: 'alice', log_level: 'error' }, {}));
  });
  after(async () => {
    await direct.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the REST API in-process', async () => {
    assert.equal(direct.engine.http.server.listening, false, 'nothing listens');
    const about = await direct.handle({ method: 'GET', url: '/about' });
    assert.equal(about.status, 200);
    assert.equal(json(about.body).state, 'READY');
    const d = '?domain=/home/direct.h5';
    const created = await direct.handle({ method: 'PUT', url: `/${d}`, headers: auth });
    assert.equal(created.status, 201);
    const ds = await direct.handle({
      method: 'POST',
      url: `/datasets${d}`,
      headers: { ...auth, 'content-type': 'application/json' },
      body: new TextEncoder().encode(JSON.stringify({ type: 'H5T_STD_I16LE', shape: [6] })),
    });
    assert.equal(ds.status, 201);
    const id = json(ds.body).id;
    const values = new Int16Array([1, -2, 3, -4, 5, -6]);
    const w = await direct.handle({
      method: 'PUT',
      url: `/datasets/${id}/value${d}`,
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(values.buffer),
    });
    assert.equal(w.status, 200);
    const r = await direct.handle({ method: 'GET', url: `/datasets/${id}/value${d}&select=[1:5]`, headers: { ...auth, accept: 'application/octet-stream' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/octet-stream');
    assert.deepEqual(Array.from(new Int16Array(r.body.slice().buffer)), [-2, 3, -4, 5]);
    const bad = await direct.handle({ method: 'GET', url: `/datasets/${id}/value${d}&select=[9:10]`, headers: auth });
    assert.equal(bad.status, 400);
    assert.ok(bad.statusText.length > 0);
  });
});

describe('lambda handler', () => {
  it('answers function-URL events, binary as base64, and pages big reads with 413', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-lambda-'));
    process.env.H5LAB_ROOT_DIR = dir;
    process.env.H5LAB_ADMIN_USER = 'alice';
    process.env.H5LAB_MAX_REQUEST_SIZE = '64k';
    try {
      const { handler } = await import('../../src/server/lambda.js');
      const call = (method: string, rawPath: string, rawQueryString = '', body?: unknown, binary?: Uint8Array) =>
        handler({
          rawPath,
          rawQueryString,
          requestContext: { http: { method } },
          headers: { ...auth, ...(binary ? { 'content-type': 'application/octet-stream' } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
          body: binary ? Buffer.from(binary).toString('base64') : body ? JSON.stringify(body) : undefined,
          isBase64Encoded: Boolean(binary),
        });
      assert.equal((await call('PUT', '/', 'domain=/home/l.h5')).statusCode, 201);
      const ds = await call('POST', '/datasets', 'domain=/home/l.h5', { type: 'H5T_IEEE_F64LE', shape: [20000] });
      const id = JSON.parse(ds.body).id;
      const data = new Float64Array(20000).map((_, i) => i / 4);
      assert.equal((await call('PUT', `/datasets/${id}/value`, 'domain=/home/l.h5', undefined, new Uint8Array(data.buffer))).statusCode, 200);
      const small = await handler({ rawPath: `/datasets/${id}/value`, rawQueryString: 'domain=/home/l.h5&select=[4:6]', requestContext: { http: { method: 'GET' } }, headers: { ...auth, accept: 'application/octet-stream' } });
      assert.equal(small.isBase64Encoded, true);
      assert.deepEqual(Array.from(new Float64Array(new Uint8Array(Buffer.from(small.body, 'base64')).buffer)), [1, 1.25]);
      const big = await handler({ rawPath: `/datasets/${id}/value`, rawQueryString: 'domain=/home/l.h5', requestContext: { http: { method: 'GET' } }, headers: { ...auth, accept: 'application/octet-stream' } });
      assert.equal(big.statusCode, 413, 'no streaming on Lambda: the client pages');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
