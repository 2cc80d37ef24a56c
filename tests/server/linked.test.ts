/**
 * Link-mode datasets (H5D_CONTIGUOUS_REF, H5D_CHUNKED_REF, H5D_CHUNKED_REF_INDIRECT): chunk bytes read by
 * range from an HDF5 file written by h5py, at the locations h5py reports, either inside the bucket or under a
 * configured link root; values compared with the formulas the file was written from.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, startServer, TestServer } from '../helpers/server.js';
import { Api, ensureHome, uniqueDomain } from '../helpers/http.js';

interface Layouts {
  contig: { offset: number; size: number; shape: number[] };
  chunked: { chunks: Record<string, [number, number]>; chunk_shape: number[]; shape: number[] };
  sparse: { chunks: Record<string, [number, number]>; chunk_shape: number[]; shape: number[] };
}

describe('link-mode datasets', () => {
  let server: TestServer;
  let api: Api;
  let linkRoot: string;
  let file: string;
  let layouts: Layouts;

  before(async () => {
    linkRoot = mkdtempSync(path.join(tmpdir(), 'h5lab-linkroot-'));
    file = path.join(linkRoot, 'source.h5');
    const r = spawnSync('python3', [path.join(REPO, 'tests/python/make_linked_file.py'), file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    layouts = JSON.parse(r.stdout);
    server = await startServer({ env: { H5LAB_LINK_ROOTS: linkRoot } });
    // The same file inside the bucket, addressed as <bucket>/<key>.
    mkdirSync(path.join(server.rootDir, server.bucket, 'files'), { recursive: true });
    copyFileSync(file, path.join(server.rootDir, server.bucket, 'files', 'source.h5'));
    api = new Api(server.url, 'test_user1', 'test');
    await ensureHome(server.url);
  });
  after(async () => {
    await server.dispose();
    rmSync(linkRoot, { recursive: true, force: true });
  });

  const contigValues = (l: Layouts) => Array.from({ length: l.contig.shape[0] * l.contig.shape[1] }, (_, i) => i * 0.5);
  const chunkedValues = (l: Layouts) => Array.from({ length: l.chunked.shape[0] * l.chunked.shape[1] }, (_, i) => i * 3 - 1000);

  for (const where of ['bucket', 'link root'] as const) {
    it(`reads contiguous and chunked (gzip+shuffle) datasets from a file in the ${where}`, async () => {
      const d = api.in(uniqueDomain('linked'));
      await d.put('/');
      const uri = where === 'bucket' ? `${server.bucket}/files/source.h5` : `file://${file}`;
      const c = await d.post('/datasets', {
        body: {
          type: 'H5T_IEEE_F32LE',
          shape: layouts.contig.shape,
          creationProperties: { layout: { class: 'H5D_CONTIGUOUS_REF', file_uri: uri, offset: layouts.contig.offset, size: layouts.contig.size } },
        },
      });
      assert.equal(c.status, 201, c.text);
      const all = await d.get(`/datasets/${c.json.id}/value`);
      assert.equal(all.status, 200, all.text);
      assert.deepEqual(all.json.value.flat(), contigValues(layouts));
      const part = await d.get(`/datasets/${c.json.id}/value`, { query: { select: '[39,29]' } });
      assert.deepEqual(part.json.value, [[(39 * 30 + 29) * 0.5]]);

      const k = await d.post('/datasets', {
        body: {
          type: 'H5T_STD_I32LE',
          shape: layouts.chunked.shape,
          creationProperties: {
            layout: { class: 'H5D_CHUNKED_REF', file_uri: uri, dims: layouts.chunked.chunk_shape, chunks: layouts.chunked.chunks },
            filters: [{ class: 'H5Z_FILTER_SHUFFLE', id: 2 }, { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 4 }],
          },
        },
      });
      assert.equal(k.status, 201, k.text);
      const ranges = async () => (await d.get('/info')).json.data_nodes[0].storage_requests.range as number;
      const before = await ranges();
      const v = await d.get(`/datasets/${k.json.id}/value`, { accept: 'binary' });
      const chunkCount = Object.keys(layouts.chunked.chunks).length;
      if (where === 'bucket') {
        // Adjacent chunks of one request are fetched with few ranged GETs, not one per chunk.
        const used = (await ranges()) - before;
        assert.ok(used > 0 && used <= chunkCount / 4, `${used} ranged reads for ${chunkCount} chunks`);
      }
      assert.deepEqual(Array.from(new Int32Array(v.bytes.slice().buffer)), chunkedValues(layouts));
      assert.equal((await d.put(`/datasets/${k.json.id}/value`, { body: { value: chunkedValues(layouts) } })).status, 400, 'linked data is read-only');
    });
  }

  it('reads through a chunk table (H5D_CHUNKED_REF_INDIRECT) and fills unallocated chunks', async () => {
    const d = api.in(uniqueDomain('linked'));
    await d.put('/');
    const { chunk_shape, shape, chunks } = layouts.sparse;
    const grid = shape.map((n, i) => Math.ceil(n / chunk_shape[i]));
    const table = await d.post('/datasets', {
      body: { type: { class: 'H5T_COMPOUND', fields: [{ name: 'offset', type: 'H5T_STD_I64LE' }, { name: 'size', type: 'H5T_STD_I32LE' }] }, shape: grid },
    });
    assert.equal(table.status, 201);
    const rows = Array.from({ length: grid[0] }, (_, i) => Array.from({ length: grid[1] }, (_, j) => chunks[`${i}_${j}`] ?? [0, 0]));
    assert.equal((await d.put(`/datasets/${table.json.id}/value`, { body: { value: rows } })).status, 200);
    const ds = await d.post('/datasets', {
      body: {
        type: 'H5T_STD_I16LE',
        shape,
        creationProperties: {
          fillValue: -7,
          layout: { class: 'H5D_CHUNKED_REF_INDIRECT', file_uri: `${server.bucket}/files/source.h5`, dims: chunk_shape, chunk_table: table.json.id },
        },
      },
    });
    assert.equal(ds.status, 201, ds.text);
    const v = (await d.get(`/datasets/${ds.json.id}/value`)).json.value as number[][];
    for (let i = 0; i < 20; i++)
      for (let j = 0; j < 20; j++) {
        const want = i < 5 && j < 5 ? 1 : i >= 15 && j >= 10 && j < 15 ? 2 : -7;
        assert.equal(v[i][j], want, `[${i},${j}]`);
      }
    const pts = await d.post(`/datasets/${ds.json.id}/value`, { body: { points: [[0, 0], [19, 14], [10, 10]] } });
    assert.deepEqual(pts.json.value, [1, 2, -7]);
  });

  it('refuses files outside the bucket and the link roots', async () => {
    const d = api.in(uniqueDomain('linked'));
    await d.put('/');
    const c = await d.post('/datasets', {
      body: { type: 'H5T_STD_I32LE', shape: [4], creationProperties: { layout: { class: 'H5D_CONTIGUOUS_REF', file_uri: 'file:///etc/passwd', offset: 0, size: 16 } } },
    });
    assert.equal(c.status, 201);
    const r = await d.get(`/datasets/${c.json.id}/value`);
    assert.equal(r.status, 403);
    const esc = await d.post('/datasets', {
      body: { type: 'H5T_STD_I32LE', shape: [4], creationProperties: { layout: { class: 'H5D_CONTIGUOUS_REF', file_uri: `file://${linkRoot}/../../etc/passwd`, offset: 0, size: 16 } } },
    });
    assert.equal((await d.get(`/datasets/${esc.json.id}/value`)).status, 403);
  });

  it('answers 404 for a linked file that is missing from the bucket or names an unusable bucket', async () => {
    const d = api.in(uniqueDomain('linked'));
    await d.put('/');
    for (const uri of [`${server.bucket}/files/absent.h5`, 's3://no-such-bucket/x.h5', 'bad..name!/x.h5']) {
      const c = await d.post('/datasets', {
        body: { type: 'H5T_STD_I32LE', shape: [4], creationProperties: { layout: { class: 'H5D_CONTIGUOUS_REF', file_uri: uri, offset: 0, size: 16 } } },
      });
      assert.equal(c.status, 201, c.text);
      const r = await d.get(`/datasets/${c.json.id}/value`);
      assert.equal(r.status, 404, `${uri}: ${r.status} ${r.text}`);
    }
    assert.equal((await d.get('/')).status, 200, 'the server keeps serving');
  });
});
