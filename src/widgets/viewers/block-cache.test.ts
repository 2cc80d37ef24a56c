/**
 * The matrix's block cache over the real data layer and server: only blocks asked for are read, newest
 * first, stale requests are dropped while scrolling fast, and a bounded number of blocks is kept.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, FetchTransport, File } from '../../client/index.js';
import { ensureHome, uniqueDomain } from '../../../tests/helpers/http.js';
import { startServer, TestServer } from '../../../tests/helpers/server.js';
import { HsdsDataProvider } from '../data/hsds-provider.js';
import type { DatasetEntity } from '../data/models.js';
import { selectionFor } from '../dimension-mapper/mapping.js';
import { gridReader, type CellReader } from './arrays.js';
import { BlockCache } from './block-cache.js';

const ROWS = 100_000;
const AUTH = `Basic ${Buffer.from('test_user1:test').toString('base64')}`;

describe('BlockCache', () => {
  let server: TestServer;
  let provider: HsdsDataProvider;
  let dataset: DatasetEntity;
  const selects: string[] = [];

  before(async () => {
    server = await startServer();
    await ensureHome(server.url);
    const domain = uniqueDomain('blocks');
    const connection = new Connection({ endpoint: server.url, username: 'test_user1', password: 'test', transport: new FetchTransport() });
    const f = await File.open(domain, 'w', { connection });
    await f.createDataset('rows', { data: Int32Array.from({ length: ROWS }, (_, i) => i) });
    await connection.close();
    provider = await HsdsDataProvider.open(
      {
        endpoint: server.url,
        fetch: (url, init = {}) => {
          const select = new URL(url).searchParams.get('select');
          if (select) selects.push(select);
          const headers = new Headers(init.headers);
          headers.set('Authorization', AUTH);
          return fetch(url, { ...init, headers });
        },
      },
      domain,
    );
    dataset = (await provider.getEntity('/rows')) as DatasetEntity;
  });

  after(async () => {
    await provider?.close();
    await server?.dispose();
  });

  /** A cache of 1000-row blocks over the dataset; `changed` resolves at each arrival. */
  function makeCache(options: { maxQueued?: number; maxBlocks?: number; concurrency?: number } = {}) {
    let arrived: () => void = () => undefined;
    const cache = new BlockCache<CellReader>({
      rowCount: ROWS,
      colCount: 1,
      blockRows: 1000,
      blockCols: 1,
      ...options,
      load: async (rowStart, rowStop, _c0, _c1, signal) => {
        const slice = await provider.getValue(dataset, selectionFor([ROWS], ['x'], { x: [rowStart, rowStop] }), { signal });
        return gridReader(slice, 0, rowStop - rowStart, 1);
      },
      onChange: () => arrived(),
    });
    const changed = () => new Promise<void>((resolve) => (arrived = resolve));
    return { cache, changed };
  }

  it('reads the block of the cells in view, once', async () => {
    selects.length = 0;
    const { cache, changed } = makeCache();
    const arrival = changed();
    for (let row = 50_010; row < 50_040; row++) assert.equal(cache.get(row, 0), undefined);
    await arrival;
    assert.deepEqual(selects, ['[50000:51000]']);
    const hit = cache.get(50_017, 0)!;
    assert.equal(hit.block(50_017 - hit.rowStart, 0), 50_017);
    assert.equal(cache.loads, 1);
    cache.dispose();
  });

  it('drops requests scrolled past before they started, and loads the newest first', async () => {
    selects.length = 0;
    const { cache, changed } = makeCache({ maxQueued: 3, concurrency: 1 });
    // One render asks for the blocks of rows 0, 1000, …, 19000 in turn (a fast scroll).
    for (let block = 0; block < 20; block++) cache.get(block * 1000, 0);
    for (let n = 0; n < 3; n++) await changed();
    assert.deepEqual(selects, ['[19000:20000]', '[18000:19000]', '[17000:18000]']);
    assert.equal(cache.loads, 3);
    cache.dispose();
  });

  it('keeps a bounded number of blocks, least recently used out first', async () => {
    const { cache, changed } = makeCache({ maxBlocks: 2, concurrency: 1 });
    for (const row of [0, 1000, 2000]) {
      const arrival = changed();
      cache.get(row, 0);
      await arrival;
    }
    assert.equal(cache.get(0, 0), undefined, 'the oldest block was evicted');
    assert.ok(cache.get(1000, 0) && cache.get(2000, 0));
    cache.dispose();
  });

  it('reports a failed block and does not ask for it again at once', async () => {
    let arrived: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    // Claims more rows than the dataset has: reading past its end fails.
    const cache = new BlockCache<CellReader>({
      rowCount: ROWS + 5000,
      colCount: 1,
      blockRows: 1000,
      blockCols: 1,
      load: async (rowStart, _rowStop, _c0, _c1, signal) => {
        const slice = await provider.getValue(dataset, [rowStart], { signal });
        return () => slice.data[0];
      },
      onChange: () => arrived(),
    });
    cache.get(ROWS + 100, 0);
    await arrival;
    assert.match(cache.errorAt(ROWS + 100, 0)?.message ?? '', /out of range/);
    assert.equal(cache.lastError, cache.errorAt(ROWS + 100, 0));
    assert.equal(cache.get(ROWS + 100, 0), undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(cache.loads, 1);
    cache.dispose();
  });

  it('asks for a failed block again after a while, and forgets the error once it loads', async () => {
    let arrived: () => void = () => undefined;
    let calls = 0;
    const cache = new BlockCache<CellReader>({
      rowCount: ROWS,
      colCount: 1,
      blockRows: 1000,
      blockCols: 1,
      retryAfterMs: 50,
      // The first read fails as one does while the service restarts; the next one is real.
      load: async (rowStart, rowStop, _c0, _c1, signal) => {
        if (calls++ === 0) throw new Error('503 Service Unavailable');
        const slice = await provider.getValue(dataset, selectionFor([ROWS], ['x'], { x: [rowStart, rowStop] }), { signal });
        return gridReader(slice, 0, rowStop - rowStart, 1);
      },
      onChange: () => arrived(),
    });
    const changed = () => new Promise<void>((resolve) => (arrived = resolve));
    let next = changed();
    cache.get(1500, 0);
    await next;
    assert.match(cache.lastError?.message ?? '', /503/);
    next = changed();
    await next; // the retry time has come: the view renders and asks again
    next = changed();
    assert.equal(cache.get(1500, 0), undefined);
    await next;
    assert.equal(cache.get(1500, 0)?.block(500, 0), 1500);
    assert.equal(cache.lastError, undefined);
    assert.equal(cache.errorAt(1500, 0), undefined);
    assert.equal(calls, 2);
    cache.dispose();
  });
});
