/**
 * The data layer against the real server, through FetchTransport as in the browser: how many requests
 * opening costs (with and without `domain_objs`), the tree, entities, attributes and strided binary reads.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, Dataset, FetchTransport, File } from '../../client/index.js';
import { ensureHome, uniqueDomain } from '../../../tests/helpers/http.js';
import { startServer, TestServer } from '../../../tests/helpers/server.js';
import { HsdsDataProvider } from './hsds-provider.js';
import type { DataSource, DatasetEntity } from './models.js';

const AUTH = `Basic ${Buffer.from('test_user1:test').toString('base64')}`;

/** A source like the lab's connection: plain fetch plus the credentials, recording each request. */
function recordingSource(endpoint: string): DataSource & { log: { url: URL; accept: string | null; contentType: string | null }[] } {
  const log: { url: URL; accept: string | null; contentType: string | null }[] = [];
  return {
    endpoint,
    log,
    async fetch(url, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('Authorization', AUTH);
      const response = await fetch(url, { ...init, headers });
      log.push({ url: new URL(url), accept: headers.get('Accept'), contentType: response.headers.get('content-type') });
      return response;
    },
  };
}

function writer(server: TestServer): Connection {
  return new Connection({ endpoint: server.url, username: 'test_user1', password: 'test', transport: new FetchTransport(), retryDelayMs: 10 });
}

describe('HsdsDataProvider', () => {
  let server: TestServer;
  let connection: Connection;
  const small = uniqueDomain('viewer_small');
  const big = uniqueDomain('viewer_big');
  const grid = new Float32Array(100 * 60);
  for (let r = 0; r < 100; r++) for (let c = 0; c < 60; c++) grid[r * 60 + c] = r * 1000 + c;

  before(async () => {
    server = await startServer();
    await ensureHome(server.url);
    connection = writer(server);

    const f = await File.open(small, 'w', { connection });
    const g = await f.createGroup('data');
    await g.createDataset('grid', { data: grid, shape: [100, 60], chunks: [50, 30], compression: 'gzip', shuffle: true });
    await (await g.createDataset('title', { shape: [], dtype: 'str' })).write(undefined, 'hello');
    await g.createDataset('table', {
      dtype: [['x', 'int32'], ['name', 'str']],
      shape: [3],
      data: [{ x: 1, name: 'a' }, { x: 2, name: 'b' }, { x: 3, name: 'c' }],
    });
    await g.attrs.set('units', 'mV');
    await g.attrs.set('limits', new Float64Array([-1.5, 2.5]));
    await f.commitDatatype('pair', [['a', 'int8'], ['b', 'int8']]);
    await f.createSoftLink('alias', '/data/grid');
    await f.createSoftLink('nowhere', '/missing');
    await f.createExternalLink('ext', '/home/test_user1/other.h5', '/x');

    // 600 objects: beyond the server's domain_objs limit (500).
    const b = await File.open(big, 'w', { connection });
    for (let i = 0; i < 6; i++) {
      const sub = await b.createGroup(`g${i}`);
      await Promise.all(Array.from({ length: 99 }, (_, k) => sub.createDataset(`d${String(k).padStart(2, '0')}`, { shape: [], dtype: 'int32' })));
    }
    await (await b.get('g0/d00')).attrs.set('note', 'first');
  });

  after(async () => {
    await connection?.close();
    await server?.dispose();
  });

  it('opens a small domain with one request, and lists the tree in name order', async () => {
    const source = recordingSource(server.url);
    const provider = await HsdsDataProvider.open(source, small);
    assert.equal(source.log.length, 1);
    assert.equal(source.log[0].url.searchParams.get('getobjs'), 'T');
    assert.equal(provider.treeSource, 'domain_objs');
    assert.equal(provider.objectCount, 6);

    const root = provider.children('/').map((n) => [n.name, n.kind, n.hasChildren]);
    assert.deepEqual(root, [
      ['alias', 'dataset', false],
      ['data', 'group', true],
      ['ext', 'external-link', false],
      ['nowhere', 'soft-link', false],
      ['pair', 'datatype', false],
    ]);
    assert.deepEqual(provider.children('/data').map((n) => n.path), ['/data/grid', '/data/table', '/data/title']);
    assert.deepEqual(provider.children('/data/grid'), []);

    const alias = await provider.getEntity('/alias');
    const grid = await provider.getEntity('/data/grid');
    assert.equal(alias.kind, 'dataset');
    assert.equal(alias.kind === 'dataset' && alias.id, grid.kind === 'dataset' && grid.id);
    const ext = await provider.getEntity('/ext');
    assert.deepEqual([ext.kind, ext.kind === 'external-link' && ext.targetDomain], ['external-link', '/home/test_user1/other.h5']);
    assert.equal((await provider.getEntity('/nowhere')).kind, 'soft-link');
    await assert.rejects(provider.getEntity('/data/none'), /nothing at '\/data\/none'/);
    // Metadata and attributes came with the domain: nothing more was asked.
    assert.deepEqual((await provider.getAttrs(await provider.getEntity('/data'))).map((a) => a.name), ['limits', 'units']);
    assert.equal(source.log.length, 1);
    await provider.close();
  });

  it('reports dataset metadata and attribute values', async () => {
    const provider = await HsdsDataProvider.open(recordingSource(server.url), small);
    const grid = (await provider.getEntity('/data/grid')) as DatasetEntity;
    assert.deepEqual([grid.shape, grid.dtype, grid.layout], [[100, 60], 'float32', 'H5D_CHUNKED']);
    // The server may enlarge small chunks: the SDK's own view of the dataset says what it chose.
    const sdkGrid = await (await File.open(small, 'r', { connection })).get('data/grid');
    assert.ok(grid.chunks);
    assert.deepEqual(grid.chunks, sdkGrid instanceof Dataset ? sdkGrid.chunks : undefined);
    assert.deepEqual(grid.filters.map((f) => f.class), ['H5Z_FILTER_SHUFFLE', 'H5Z_FILTER_DEFLATE']);
    const title = (await provider.getEntity('/data/title')) as DatasetEntity;
    assert.deepEqual([title.shape, title.dtype], [[], 'str']);
    const pair = await provider.getEntity('/pair');
    assert.equal(pair.kind === 'datatype' && pair.dtype, "[('a', 'int8'), ('b', 'int8')]");

    const attrs = await provider.getAttrs(await provider.getEntity('/data'));
    const units = attrs.find((a) => a.name === 'units')!;
    assert.deepEqual([units.dtype, units.shape, units.value], ['str', [], 'mV']);
    const limits = attrs.find((a) => a.name === 'limits')!;
    assert.deepEqual([limits.dtype, limits.shape], ['float64', [2]]);
    assert.deepEqual(Array.from((limits.value as { data: Float64Array }).data), [-1.5, 2.5]);
    await provider.close();
  });

  it('reads strided slices in binary, with the positions read', async () => {
    const source = recordingSource(server.url);
    const provider = await HsdsDataProvider.open(source, small);
    const grid = (await provider.getEntity('/data/grid')) as DatasetEntity;

    const slice = await provider.getValue(grid, undefined, { maxPointsPerAxis: 25 });
    assert.deepEqual(slice.shape, [25, 20]);
    assert.deepEqual(slice.axes, [
      { dim: 0, start: 0, step: 4, count: 25 },
      { dim: 1, start: 0, step: 3, count: 20 },
    ]);
    const read = source.log.at(-1)!;
    assert.match(read.url.searchParams.get('select') ?? '', /^\[0:\d+:4,0:\d+:3\]$/);
    assert.equal(read.accept, 'application/octet-stream');
    assert.equal(read.contentType, 'application/octet-stream');
    assert.ok(slice.data instanceof Float32Array);
    for (let i = 0; i < 25; i++) for (let j = 0; j < 20; j++) assert.equal(slice.data[i * 20 + j], grid0(i * 4, j * 3));

    const row = await provider.getValue(grid, [7, { start: 10, stop: 20 }]);
    assert.deepEqual([row.shape, Array.from(row.data as Float32Array)], [[10], Array.from({ length: 10 }, (_, j) => grid0(7, 10 + j))]);

    const table = (await provider.getEntity('/data/table')) as DatasetEntity;
    const rows = await provider.getValue(table, [{ start: 1, stop: 3 }]);
    assert.deepEqual(rows.data, [{ x: 2, name: 'b' }, { x: 3, name: 'c' }]);
    const title = (await provider.getEntity('/data/title')) as DatasetEntity;
    assert.deepEqual((await provider.getValue(title)).data, ['hello']);
    await provider.close();

    function grid0(r: number, c: number): number {
      return r * 1000 + c;
    }
  });

  it('lists groups that track creation order in that order, and follows soft links to groups', async () => {
    const domain = uniqueDomain('viewer_order');
    const f = await File.open(domain, 'w', { connection });
    const run = await f.createGroup('run', { trackOrder: true });
    for (const name of ['zeta', 'alpha', 'mid']) await run.createDataset(name, { data: new Int8Array([1]) });
    await f.createSoftLink('latest', '/run');
    const provider = await HsdsDataProvider.open(recordingSource(server.url), domain);
    assert.deepEqual(provider.children('/run').map((n) => n.name), ['zeta', 'alpha', 'mid']);
    assert.deepEqual(provider.children('/latest').map((n) => n.path), ['/latest/zeta', '/latest/alpha', '/latest/mid']);
    const viaLink = await provider.getEntity('/latest/alpha');
    assert.equal(viaLink.kind === 'dataset' && viaLink.path, '/latest/alpha');
    assert.deepEqual(provider.children('/').map((n) => [n.name, n.kind, n.hasChildren]), [['latest', 'group', true], ['run', 'group', true]]);
    await provider.close();
  });

  it('opens a domain beyond the domain_objs limit with one recursive link listing', async () => {
    const source = recordingSource(server.url);
    const started = performance.now();
    const provider = await HsdsDataProvider.open(source, big);
    const elapsed = performance.now() - started;
    assert.equal(provider.treeSource, 'link-listing');
    assert.deepEqual(
      source.log.map((r) => r.url.pathname.replace(/g-[\w-]+/, '{root}')),
      ['/', '/groups/{root}/links'],
    );
    assert.equal(source.log[1].url.searchParams.get('follow_links'), '1');
    assert.equal(provider.objectCount, 1 + 6 + 6 * 99);
    assert.deepEqual(provider.children('/').map((n) => n.name), ['g0', 'g1', 'g2', 'g3', 'g4', 'g5']);
    const g3 = provider.children('/g3');
    assert.equal(g3.length, 99);
    assert.deepEqual([g3[0].path, g3[98].path, g3[0].kind], ['/g3/d00', '/g3/d98', 'dataset']);
    console.log(`# opened a ${provider.objectCount}-object domain in ${elapsed.toFixed(0)} ms (${source.log.length} requests)`);

    // Metadata and attributes of one object: one request each, on demand.
    source.log.length = 0;
    const d00 = await provider.getEntity('/g0/d00');
    const attrs = await provider.getAttrs(d00);
    assert.deepEqual(attrs.map((a) => [a.name, a.value]), [['note', 'first']]);
    assert.deepEqual(source.log.map((r) => r.url.pathname.split('/').slice(2).join('/').replace(/d-[\w-]+/, '{id}')), ['{id}', '{id}/attributes']);
    await provider.close();
  });
});
