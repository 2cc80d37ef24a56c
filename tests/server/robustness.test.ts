/**
 * Bad input never gets a 5xx, a crash or a hang: every route is hit with malformed ids, bodies and
 * parameters, oversized requests and absurd shapes, and the server must answer each with a 4xx and still
 * serve the data it had. Also: SIGTERM lets in-flight writes finish.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chunkKey } from '../../src/server/storage/keys.js';
import { startServer, testStoreIsS3, TestServer } from '../helpers/server.js';
import { Api, ensureHome, uniqueDomain } from '../helpers/http.js';

const GARBAGE_BODIES: (string | Uint8Array)[] = [
  '',
  '{',
  'null',
  '[]',
  '[1,2,3]',
  '"text"',
  '42',
  '{"value": }',
  '{"type": null, "shape": null}',
  '{"type": {"class": "H5T_NOPE"}, "shape": [1]}',
  '{"type": "H5T_STD_I32LE", "shape": [-1]}',
  '{"type": "H5T_STD_I32LE", "shape": [1e300]}',
  '{"type": "H5T_STD_I32LE", "shape": [9007199254740993, 9007199254740993]}',
  '{"type": "H5T_STD_I32LE", "shape": "bogus"}',
  '{"link": {"id": "g-bad", "name": "x"}}',
  '{"h5path": "../../etc/passwd"}',
  '{"points": "all"}',
  '{"points": [[1e20, 0]]}',
  '{"select": "[0:1e20]"}',
  '{"value": [1, "a", null, {}]}',
  '{"titles": [null]}',
  '{"attributes": {"a": 1}}',
  '{"attr_names": 5}',
  '{"obj_ids": {"g-x": 1}}',
  '{"grp_ids": "x"}',
  '{"__proto__": {"polluted": true}}',
  '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
  new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80]),
];

describe('robustness against bad input', () => {
  let server: TestServer;
  let api: Api;
  let domain: string;
  let ids: Record<string, string>;

  before(async () => {
    server = await startServer({ env: { H5LAB_MAX_JSON_BODY: '256k' } });
    api = new Api(server.url, 'test_user1', 'test');
    await ensureHome(server.url);
    domain = uniqueDomain('robust');
    const d = api.in(domain);
    const root = (await d.put('/')).json.root;
    const dset = (await d.post('/datasets', { body: { type: 'H5T_STD_I32LE', shape: [10, 10], maxdims: [0, 10] } })).json.id;
    const ctype = (await d.post('/datatypes', { body: { type: 'H5T_IEEE_F64LE' } })).json.id;
    await d.put(`/groups/${root}/links/data`, { body: { id: dset } });
    await d.put(`/datasets/${dset}/value`, { body: { value: Array.from({ length: 10 }, (_, i) => Array(10).fill(i)) } });
    await d.put(`/groups/${root}/attributes/a`, { body: { type: 'H5T_STD_I32LE', value: 7 } });
    ids = { root, dset, ctype };
  });
  after(() => server.dispose());

  async function stillHealthy() {
    const d = api.in(domain);
    const v = await d.get(`/datasets/${ids.dset}/value`, { query: { select: '[3,0:2]' } });
    assert.equal(v.status, 200, 'data still served');
    assert.deepEqual(v.json.value, [[3, 3]]);
  }

  it('answers every route with 4xx for malformed bodies', async () => {
    const { root, dset, ctype } = ids;
    const routes: [string, string][] = [
      ['PUT', '/'], ['POST', '/'],
      ['POST', '/groups'], ['PUT', `/groups/${root}/links/x`], ['PUT', `/groups/${root}/links`], ['POST', `/groups/${root}/links`],
      ['POST', '/datasets'], ['PUT', `/datasets/${dset}/shape`], ['PUT', `/datasets/${dset}/value`], ['POST', `/datasets/${dset}/value`],
      ['POST', '/datatypes'], ['PUT', `/groups/${root}/attributes/b`], ['PUT', `/groups/${root}/attributes`],
      ['POST', `/datatypes/${ctype}/attributes`], ['PUT', `/datasets/${dset}/attributes/a/value`], ['PUT', '/acls/test_user2'],
    ];
    const d = api.in(domain);
    for (const [method, path] of routes) {
      for (const body of GARBAGE_BODIES) {
        const r = await d.request(method, path, typeof body === 'string' ? (body === '' ? {} : { body }) : { binary: body });
        assert.ok(r.status >= 200 && r.status < 500, `${method} ${path} ${String(body).slice(0, 40)} → ${r.status} ${r.reason}`);
        if (r.status >= 400) assert.ok(r.reason.length > 0, `${method} ${path}: no reason`);
      }
    }
    // A DELETE with any valid JSON object body is a real delete; only malformed bodies are tried here.
    for (const body of ['{', '{"a": ]', '\u0000']) assert.equal((await d.delete('/', { body })).status, 400);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
    await stillHealthy();
  });

  it('answers malformed ids, params and selections with 4xx', async () => {
    const d = api.in(domain);
    const badIds = ['x', 'g-', 'g-zzzzzzzz-zzzzzzzz-zzzz-zzzzzz-zzzzzz', '../../etc', 'g-..%2Fx', 'g-' + 'a'.repeat(500), 'g-' + ids.dset.slice(2)];
    for (const id of badIds) {
      for (const path of [`/groups/${id}`, `/datasets/${id}/value`, `/groups/${id}/links`, `/datatypes/${id}/attributes`]) {
        const r = await d.get(path);
        assert.ok(r.status >= 400 && r.status < 500, `${path} → ${r.status}`);
      }
    }
    const queries: Record<string, string>[] = [
      { select: '[' }, { select: ']' }, { select: '[::,:]' }, { select: `[${'1,'.repeat(10000)}1]` },
      { select: '[0:10:-1,:]' }, { select: '[[' + Array.from({ length: 5000 }, (_, i) => i).join(',') + '],:]' },
      { fields: 'nope' }, { query: 'x >' }, { Limit: '-1' }, { Limit: 'abc' }, { reduce_dim: 'x' },
    ];
    for (const query of queries) {
      const r = await d.get(`/datasets/${ids.dset}/value`, { query });
      assert.ok(r.status >= 200 && r.status < 500, `${JSON.stringify(query).slice(0, 60)} → ${r.status}`);
    }
    const linkQueries: Record<string, string>[] = [{ Limit: '-5' }, { Marker: '\u0000' }, { pattern: '[' }, { CreateOrder: 'x' }];
    for (const query of linkQueries) {
      const r = await d.get(`/groups/${ids.root}/links`, { query });
      assert.ok(r.status < 500, `links ${JSON.stringify(query)} → ${r.status}`);
    }
    await stillHealthy();
  });

  it('refuses oversized bodies with 413 and absurd shapes with 400', async () => {
    const d = api.in(domain);
    const big = '{"value": [' + '1,'.repeat(200_000) + '1]}';
    assert.equal((await d.put(`/datasets/${ids.dset}/value`, { body: big })).status, 413);
    const huge = await d.post('/datasets', { body: { type: 'H5T_STD_I32LE', shape: [2 ** 40, 2 ** 40] } });
    assert.equal(huge.status, 400, 'a dataset too large to address is refused');
    const wrongLength = await d.put(`/datasets/${ids.dset}/value`, { binary: new Uint8Array(401) });
    assert.equal(wrongLength.status, 400);
    await stillHealthy();
  });

  it('stops streaming when the client goes away', async () => {
    const d = api.in(domain);
    const id = (await d.post('/datasets', { body: { type: 'H5T_IEEE_F64LE', shape: [2 ** 40], maxdims: [0] } })).json.id;
    const ac = new AbortController();
    const r = await fetch(`${server.url}/datasets/${id}/value?domain=${domain}`, {
      headers: { Authorization: 'Basic ' + Buffer.from('test_user1:test').toString('base64'), Accept: 'application/octet-stream' },
      signal: ac.signal,
    });
    assert.equal(r.status, 200);
    const reader = r.body!.getReader();
    await reader.read();
    ac.abort();
    await new Promise((res) => setTimeout(res, 200));
    await stillHealthy();
  });

  it('answers a streamed write whose storage fails half way with a 5xx, and goes on serving', { skip: testStoreIsS3() && 'a POSIX store is made to fail' }, async () => {
    const d = api.in(domain);
    // 16 chunks of 2 MB, written in pages of 4 chunks; the store cannot take chunk 1 (a directory is in its way).
    const chunkElems = 262_144;
    const id = (
      await d.post('/datasets', { body: { type: 'H5T_IEEE_F64LE', shape: [16 * chunkElems], creationProperties: { layout: { class: 'H5D_CHUNKED', dims: [chunkElems] } } } })
    ).json.id;
    mkdirSync(path.join(server.rootDir, server.bucket, chunkKey(id, [1]), 'in-the-way'), { recursive: true });
    // The first page arrives, then the body pauses: the first page's failure comes while the next one is awaited.
    const bytes = new Uint8Array(new Float64Array(16 * chunkElems).fill(1.5).buffer);
    const firstPage = 4 * chunkElems * 8;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        controller.enqueue(bytes.subarray(0, firstPage));
        await new Promise((res) => setTimeout(res, 500));
        controller.enqueue(bytes.subarray(firstPage));
        controller.close();
      },
    });
    const r = await fetch(`${server.url}/datasets/${id}/value?domain=${encodeURIComponent(domain)}`, {
      method: 'PUT',
      headers: { Authorization: 'Basic ' + Buffer.from('test_user1:test').toString('base64'), 'Content-Type': 'application/octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.ok(r.status >= 500, `status ${r.status}`);
    assert.equal(server.proc.exitCode, null, 'the server is still running');
    await stillHealthy();
  });

  it('finishes in-flight writes on SIGTERM', async () => {
    const d = api.in(domain);
    const id = (await d.post('/datasets', { body: { type: 'H5T_STD_I32LE', shape: [4_000_000] } })).json.id;
    const payload = new Int32Array(4_000_000).fill(5);
    const write = d.put(`/datasets/${id}/value`, { binary: new Uint8Array(payload.buffer) });
    await new Promise((res) => setTimeout(res, 30));
    server.proc.kill('SIGTERM');
    const w = await write;
    assert.equal(w.status, 200, 'the write in flight was finished and acknowledged');
    await new Promise<void>((res) => server.proc.once('exit', () => res()));
    server = await startServer({ rootDir: server.rootDir });
    api = new Api(server.url, 'test_user1', 'test');
    const back = await api.in(domain).get(`/datasets/${id}/value`, { query: { select: '[3999990:4000000]' } });
    assert.deepEqual(back.json.value, Array(10).fill(5));
  });
});
