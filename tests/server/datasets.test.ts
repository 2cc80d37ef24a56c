/**
 * Dataset metadata over HTTP: creation (types, shapes, layouts, filters, fill values, placement), reads,
 * deletion, type/shape and resizing — the behaviour HSDS 0.9.4's tests/integ/dataset_test.py checks, plus the
 * error cases. The server runs with HSDS's default chunk limits (1 MiB .. 4 MiB) and max_chunks_per_folder
 * 200000, so expected chunk shapes and partition counts are the ones HSDS computes for the same request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer, TestServer } from '../helpers/server.js';
import { Answer, Api, ensureHome, uniqueDomain } from '../helpers/http.js';

const f32 = 'H5T_IEEE_F32LE';
const i32 = 'H5T_STD_I32LE';
const vstr = { charSet: 'H5T_CSET_ASCII', class: 'H5T_STRING', strPad: 'H5T_STR_NULLTERM', length: 'H5T_VARIABLE' };
/** Well-formed ids that name no object. */
const bogus = (prefix: string) => `${prefix}-${randomUUID()}`;

const GET_KEYS = ['id', 'root', 'type', 'shape', 'hrefs', 'creationProperties', 'attributeCount', 'created', 'lastModified', 'domain'];

function assertStatus(r: Answer, status: number): void {
  assert.equal(r.status, status, `${r.status} ${r.reason} ${r.text.slice(0, 300)}`);
}

describe('datasets', () => {
  let server: TestServer;
  let base: Api;

  before(async () => {
    server = await startServer({ env: { H5LAB_MAX_CHUNKS_PER_FOLDER: '200000' } });
    base = new Api(server.url, 'test_user1', 'test');
    await ensureHome(server.url);
  });
  after(() => server.dispose());

  async function newDomain(): Promise<{ api: Api; domain: string; root: string }> {
    const domain = uniqueDomain('datasets');
    const r = await base.put('/', { domain });
    assertStatus(r, 201);
    return { api: base.in(domain), domain, root: r.json.root };
  }

  async function create(api: Api, body: unknown, query?: Record<string, string | number>): Promise<string> {
    const r = await api.post('/datasets', { body, query });
    assertStatus(r, 201);
    return r.json.id;
  }

  async function layoutOf(api: Api, body: unknown): Promise<Record<string, unknown>> {
    const id = await create(api, body);
    const r = await api.get(`/datasets/${id}`);
    assertStatus(r, 200);
    return r.json.layout;
  }

  async function rejected(api: Api, body: unknown, status = 400): Promise<Answer> {
    const r = await api.post('/datasets', { body });
    assertStatus(r, status);
    return r;
  }

  describe('scalar datasets (testScalarDataset, testScalarEmptyDimsDataset)', () => {
    it('creates, reads, checks access and deletes a scalar dataset', async () => {
      const { api, domain, root } = await newDomain();
      const post = await api.post('/datasets', { body: { type: f32, shape: 'H5S_SCALAR' } });
      assertStatus(post, 201);
      assert.deepEqual(Object.keys(post.json).sort(), ['attributeCount', 'created', 'id', 'lastModified', 'root', 'shape', 'type']);
      assert.equal(post.json.attributeCount, 0);
      assert.equal(post.json.root, root);
      assert.deepEqual(post.json.type, { class: 'H5T_FLOAT', base: f32 });
      assert.deepEqual(post.json.shape, { class: 'H5S_SCALAR' });
      const id = post.json.id;
      assert.match(id, /^d-/);

      const get = await api.get(`/datasets/${id}`);
      assertStatus(get, 200);
      for (const key of [...GET_KEYS, 'layout']) assert.ok(key in get.json, key);
      assert.equal(get.json.id, id);
      assert.equal(get.json.root, root);
      assert.equal(get.json.domain, domain);
      assert.deepEqual(get.json.shape, { class: 'H5S_SCALAR' });
      assert.deepEqual(get.json.layout, { class: 'H5D_CHUNKED', dims: [1] });
      assert.deepEqual(get.json.creationProperties, {});
      assert.deepEqual(get.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'root', 'home', 'attributes', 'data']);
      for (const key of ['num_chunks', 'allocated_size', 'attributes', 'alias']) assert.ok(!(key in get.json), key);

      const type = await api.get(`/datasets/${id}/type`);
      assertStatus(type, 200);
      assert.deepEqual(type.json.type, { class: 'H5T_FLOAT', base: f32 });
      assert.deepEqual(type.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'owner', 'root']);
      assert.match(type.json.hrefs[0].href, new RegExp(`/datasets/${id}/type\\?domain=`));

      const shape = await api.get(`/datasets/${id}/shape`);
      assertStatus(shape, 200);
      assert.deepEqual(shape.json.shape, { class: 'H5S_SCALAR' });
      assert.equal(shape.json.created, get.json.created);
      assert.equal(shape.json.lastModified, get.json.lastModified);
      assert.equal(shape.json.hrefs.length, 3);

      const verbose = await api.get(`/datasets/${id}`, { query: { verbose: 1 } });
      assertStatus(verbose, 200);
      for (const key of GET_KEYS) assert.ok(key in verbose.json, key);
      assert.equal(verbose.json.num_chunks, 0);
      assert.equal(verbose.json.allocated_size, 0);

      // test_user2 has no ACL on this domain; another domain does not hold the dataset.
      const user2 = api.as('test_user2', 'test');
      assertStatus(await user2.get(`/datasets/${id}`), 403);
      assertStatus(await api.as().get(`/datasets/${id}`), 403);
      const other = await newDomain();
      assertStatus(await other.api.get(`/datasets/${id}`), 400);
      assertStatus(await user2.delete(`/datasets/${id}`), 403);
      assertStatus(await other.api.delete(`/datasets/${id}`), 400);
      assertStatus(await api.as().delete(`/datasets/${id}`), 401);
      assertStatus(await api.as('test_user1', 'wrong').delete(`/datasets/${id}`), 401);

      const del = await api.delete(`/datasets/${id}`);
      assertStatus(del, 200);
      assert.deepEqual(del.json, {});
      assertStatus(await api.get(`/datasets/${id}`), 410);
      assertStatus(await api.get(`/datasets/${id}/shape`), 410);
      assertStatus(await api.delete(`/datasets/${id}`), 410);
    });

    it('treats an empty shape list and an absent shape as scalar', async () => {
      const { api } = await newDomain();
      for (const body of [{ type: f32, shape: [] }, { type: f32 }]) {
        const id = await create(api, body);
        const r = await api.get(`/datasets/${id}`);
        assert.deepEqual(r.json.shape, { class: 'H5S_SCALAR' });
        assert.equal(r.json.attributeCount, 0);
      }
    });
  });

  describe('reading a dataset in a tree (testGet, testGetByPath, testGetVerbose)', () => {
    let api: Api;
    let root: string;
    let dsetId: string;

    before(async () => {
      ({ api, root } = await newDomain());
      // The layout of tall.h5's /g1/g1.1/dset1.1.1, created through the API.
      dsetId = await create(api, { type: 'H5T_STD_I32BE', shape: [10, 10], maxdims: [10, 10], h5path: '/g1/g1.1/dset1.1.1' }, { implicit: 1 });
      for (const name of ['attr1', 'attr2']) {
        const r = await api.put(`/datasets/${dsetId}/attributes/${name}`, { body: { type: i32, shape: [2], value: [1, 2] } });
        assertStatus(r, 201);
      }
    });

    it('answers the dataset JSON, alias and attributes', async () => {
      const r = await api.get(`/datasets/${dsetId}`);
      assertStatus(r, 200);
      for (const key of [...GET_KEYS, 'layout']) assert.ok(key in r.json, key);
      assert.equal(r.json.hrefs.length, 5);
      assert.deepEqual(r.json.shape, { class: 'H5S_SIMPLE', dims: [10, 10], maxdims: [10, 10] });
      assert.deepEqual(r.json.layout, { class: 'H5D_CHUNKED', dims: [10, 10] });
      assert.deepEqual(r.json.type, { class: 'H5T_INTEGER', base: 'H5T_STD_I32BE' });
      assert.equal(r.json.attributeCount, 2);
      assert.ok(!('num_chunks' in r.json) && !('allocated_size' in r.json) && !('attributes' in r.json));

      const alias = await api.get(`/datasets/${dsetId}`, { query: { getalias: 1 } });
      assert.deepEqual(alias.json.alias, ['/g1/g1.1/dset1.1.1']);
      const anonymous = await create(api, { type: i32, shape: 3 });
      assert.deepEqual((await api.get(`/datasets/${anonymous}`, { query: { getalias: 1 } })).json.alias, []);

      const attrs = await api.get(`/datasets/${dsetId}`, { query: { include_attrs: 1 } });
      assert.deepEqual(Object.keys(attrs.json.attributes).sort(), ['attr1', 'attr2']);
      assert.deepEqual(attrs.json.attributes.attr1.value, [1, 2]);
    });

    it('finds a dataset by absolute path or by path relative to grpid', async () => {
      const abs = await api.get('/datasets/', { query: { h5path: '/g1/g1.1/dset1.1.1' } });
      assertStatus(abs, 200);
      for (const key of [...GET_KEYS, 'layout']) assert.ok(key in abs.json, key);
      assert.equal(abs.json.id, dsetId);
      const rel = await api.get('/datasets/', { query: { h5path: 'g1/g1.1/dset1.1.1', grpid: root } });
      assertStatus(rel, 200);
      assert.equal(rel.json.id, dsetId);
      const g1 = await api.get('/groups/', { query: { h5path: '/g1' } });
      const inG1 = await api.get('/datasets/', { query: { h5path: 'g1.1/dset1.1.1', grpid: g1.json.id } });
      assert.equal(inG1.json.id, dsetId);
      assert.deepEqual((await api.get('/datasets/', { query: { h5path: '/g1/g1.1/dset1.1.1', getalias: 1 } })).json.alias, ['/g1/g1.1/dset1.1.1']);

      assertStatus(await api.get('/datasets/', { query: { h5path: '/g1/foobar' } }), 404);
      assertStatus(await api.get('/datasets/', { query: { h5path: '/g1/g1.1' } }), 404);
      assertStatus(await api.get('/datasets/', { query: { h5path: 'g1/g1.1/dset1.1.1' } }), 400);
      assertStatus(await api.get('/datasets/'), 400);
      assertStatus(await api.get('/datasets/', { query: { h5path: 'dset1.1.1', grpid: 'g-nope' } }), 400);
      assertStatus(await api.as('test_user2', 'test').get('/datasets/', { query: { h5path: '/g1/g1.1/dset1.1.1' } }), 403);
      // A soft link on the path is not followed.
      assertStatus(await api.put(`/groups/${root}/links/soft`, { body: { h5path: '/g1/g1.1/dset1.1.1' } }), 201);
      assertStatus(await api.get('/datasets/', { query: { h5path: '/soft' } }), 400);
    });

    it('reports chunk count and allocated bytes with verbose', async () => {
      const value = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => i * 10 + j));
      assertStatus(await api.put(`/datasets/${dsetId}/value`, { body: { value } }), 200);
      assertStatus(await api.put('/', { query: { rescan: 1 } }), 204);
      const r = await api.get(`/datasets/${dsetId}`, { query: { verbose: 1 } });
      assertStatus(r, 200);
      for (const key of [...GET_KEYS, 'layout']) assert.ok(key in r.json, key);
      assert.equal(r.json.num_chunks, 1);
      assert.ok(r.json.allocated_size > 0);
    });

    it('lists the reachable datasets in id order with Marker and Limit', async () => {
      const { api: d, root: r0 } = await newDomain();
      const ids = [];
      for (const name of ['a', 'b', 'c']) ids.push(await create(d, { type: i32, shape: 2, link: { id: r0, name } }));
      await create(d, { type: i32, shape: 2 });
      ids.sort();
      const all = await d.get('/datasets');
      assertStatus(all, 200);
      assert.deepEqual(all.json.datasets, ids);
      assert.deepEqual(all.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'root', 'home']);
      assert.deepEqual((await d.get('/datasets', { query: { Limit: 2 } })).json.datasets, ids.slice(0, 2));
      assert.deepEqual((await d.get('/datasets', { query: { Marker: ids[0] } })).json.datasets, ids.slice(1));
      assert.deepEqual((await d.get('/datasets', { query: { Marker: ids[0], Limit: 1 } })).json.datasets, [ids[1]]);
      assertStatus(await d.get('/datasets', { query: { Limit: 'x' } }), 400);
      assertStatus(await d.as('test_user2', 'test').get('/datasets'), 403);
    });
  });

  describe('object access errors', () => {
    it('answers 400 for malformed ids, 404 for unknown ones and 400 for other collections', async () => {
      const { api, root } = await newDomain();
      for (const path of ['', '/type', '/shape']) {
        assertStatus(await api.get(`/datasets/d-nope${path}`), 400);
        assertStatus(await api.get(`/datasets/${root}${path}`), 400);
        assertStatus(await api.get(`/datasets/${bogus('d')}${path}`), 404);
      }
      assertStatus(await api.delete('/datasets/d-nope'), 400);
      assertStatus(await api.delete(`/datasets/${bogus('d')}`), 404);
      assertStatus(await api.put('/datasets/d-nope/shape', { body: { shape: [1] } }), 400);
      assertStatus(await api.put(`/datasets/${bogus('d')}/shape`, { body: { shape: [1] } }), 404);
      assertStatus(await api.get(`/datasets/${bogus('d')}`, { domain: '/home/test_user1/missing.h5' }), 404);
    });

    it('deletes a dataset with its chunks (testDelete)', async () => {
      const { api, domain } = await newDomain();
      const id = await create(api, { type: f32, shape: [4] });
      assertStatus(await api.put(`/datasets/${id}/value`, { body: { value: [1, 2, 3, 4] } }), 200);
      assertStatus(await api.as('test_user2', 'test').delete(`/datasets/${id}`), 403);
      // The parent folder is not a domain with objects.
      assertStatus(await api.delete(`/datasets/${id}`, { domain: domain.slice(0, domain.lastIndexOf('/')) }), 400);
      assertStatus(await api.delete(`/datasets/${id}`), 200);
      assertStatus(await api.get(`/datasets/${id}`), 410);
      assertStatus(await api.put('/', { query: { rescan: 1 } }), 204);
      const summary = await api.get('/', { query: { verbose: 1 } });
      assert.equal(summary.json.num_chunks, 0);
      assert.equal(summary.json.num_datasets, 0);
    });
  });

  describe('types', () => {
    it('accepts compound types and rejects duplicate members (testCompound, testCompoundDuplicateMember)', async () => {
      const { api } = await newDomain();
      const fields = [
        { name: 'temp', type: i32 },
        { name: 'pressure', type: f32 },
      ];
      const id = await create(api, { type: { class: 'H5T_COMPOUND', fields }, shape: 10 });
      assert.deepEqual((await api.get(`/datasets/${id}/type`)).json.type, { class: 'H5T_COMPOUND', fields });
      await rejected(api, { type: { class: 'H5T_COMPOUND', fields: [{ name: 'x', type: i32 }, { name: 'x', type: f32 }] }, shape: 10 });
    });

    it('rejects missing and invalid types', async () => {
      const { api } = await newDomain();
      await rejected(api, { shape: 10 });
      await rejected(api, { type: 'H5T_STD_I31LE', shape: 10 });
      await rejected(api, { type: 'float', shape: 10 });
      await rejected(api, { type: { class: 'H5T_FLOAT' }, shape: 10 });
      await rejected(api, { type: { class: 'H5T_NOPE', base: f32 }, shape: 10 });
      await rejected(api, { type: 5, shape: 10 });
    });

    it('copies a committed type of the same domain with its id (testPostCommittedType)', async () => {
      const { api, root } = await newDomain();
      const ctype = await api.post('/datatypes', { body: { type: f32, link: { id: root, name: 'dtype1' } } });
      assertStatus(ctype, 201);
      const id = await create(api, { type: ctype.json.id, shape: [10, 10], link: { id: root, name: 'dset1' } });
      const r = await api.get(`/datasets/${id}/type`);
      assertStatus(r, 200);
      assert.deepEqual(r.json.type, { class: 'H5T_FLOAT', base: f32, id: ctype.json.id });

      const other = await newDomain();
      const foreign = await other.api.post('/datatypes', { body: { type: i32 } });
      const r2 = await rejected(api, { type: foreign.json.id, shape: 2 });
      assert.match(r2.reason, /same domain/);
      await rejected(api, { type: 't-nope', shape: 2 });
      await rejected(api, { type: bogus('t'), shape: 2 }, 404);
    });
  });

  describe('shapes', () => {
    it('creates null-space datasets without layout (testPostNullSpace)', async () => {
      const { api, root } = await newDomain();
      const id = await create(api, { type: f32, shape: 'H5S_NULL', link: { id: root, name: 'dset1' } });
      const r = await api.get(`/datasets/${id}`);
      assert.deepEqual(r.json.shape, { class: 'H5S_NULL' });
      assert.deepEqual(r.json.type, { class: 'H5T_FLOAT', base: f32 });
      assert.ok(!('layout' in r.json));
      assert.deepEqual(r.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'root', 'home', 'attributes']);
      await rejected(api, { type: f32, shape: 'H5S_NULL', maxdims: 10 });
      await rejected(api, { type: f32, shape: 'H5S_NULL', creationProperties: { filters: ['gzip'] } });
    });

    it('rejects invalid shapes and maxdims', async () => {
      const { api } = await newDomain();
      await rejected(api, { type: f32, shape: [10, -1] });
      await rejected(api, { type: f32, shape: -3 });
      await rejected(api, { type: f32, shape: [10, 2.5] });
      await rejected(api, { type: f32, shape: ['10'] });
      await rejected(api, { type: f32, shape: 'H5S_SIMPLE' });
      await rejected(api, { type: f32, shape: { dims: [1] } });
      await rejected(api, { type: f32, shape: [10, 20], maxdims: [5, 20] });
      await rejected(api, { type: f32, shape: [10, 20], maxdims: [20] });
      await rejected(api, { type: f32, shape: [10], maxdims: [-1] });
      await rejected(api, { type: f32, shape: [10], maxdims: ['H5S_UNLIMITED'] });
      await rejected(api, { type: f32, shape: [10], maxdims: 'x' });
      await rejected(api, { type: f32, maxdims: 10 });
      const id = await create(api, { type: f32, shape: 10, maxdims: [0] });
      assert.deepEqual((await api.get(`/datasets/${id}/shape`)).json.shape, { class: 'H5S_SIMPLE', dims: [10], maxdims: [0] });
    });
  });

  describe('resizing', () => {
    it('resizes within maxdims and refuses beyond (testResizableDataset)', async () => {
      const { api, root } = await newDomain();
      const id = await create(api, { type: f32, shape: 10, maxdims: 20, creationProperties: { fillValue: 3.12 }, link: { id: root, name: 'resizable' } });
      const get = await api.get(`/datasets/${id}`);
      assert.deepEqual(get.json.shape, { class: 'H5S_SIMPLE', dims: [10], maxdims: [20] });
      assert.equal(get.json.creationProperties.fillValue, 3.12);
      const shapeUrl = `/datasets/${id}/shape`;
      const grow = await api.put(shapeUrl, { body: { shape: 15 } });
      assertStatus(grow, 201);
      assert.deepEqual(grow.json, { selection: '[10:15]' });
      assert.deepEqual((await api.get(shapeUrl)).json.shape, { class: 'H5S_SIMPLE', dims: [15], maxdims: [20] });
      const shrink = await api.put(shapeUrl, { body: { shape: 5 } });
      assertStatus(shrink, 201);
      assert.deepEqual(shrink.json, {});
      assert.deepEqual((await api.get(shapeUrl)).json.shape.dims, [5]);
      const beyond = await api.put(shapeUrl, { body: { shape: 25 } });
      assertStatus(beyond, 409);
      assert.deepEqual((await api.get(shapeUrl)).json.shape.dims, [5]);
      const same = await api.put(shapeUrl, { body: { shape: [5] } });
      assertStatus(same, 201);
      assert.deepEqual(same.json, {});
    });

    it('resizes unlimited dimensions (testResizableUnlimitedDataset)', async () => {
      const { api } = await newDomain();
      const id = await create(api, { type: f32, shape: [10, 20], maxdims: [30, 0], creationProperties: { fillValue: 3.12 } });
      const shapeUrl = `/datasets/${id}/shape`;
      const shape = await api.get(shapeUrl);
      assert.ok(!('type' in shape.json));
      assert.deepEqual(shape.json.shape, { class: 'H5S_SIMPLE', dims: [10, 20], maxdims: [30, 0] });
      const r = await api.put(shapeUrl, { body: { shape: [10, 500] } });
      assertStatus(r, 201);
      assert.deepEqual(r.json, { selection: '[:,20:500]' });
      assert.deepEqual((await api.get(shapeUrl)).json.shape, { class: 'H5S_SIMPLE', dims: [10, 500], maxdims: [30, 0] });
      // Two dimensions at once: no single added region.
      const both = await api.put(shapeUrl, { body: { shape: [30, 1000] } });
      assertStatus(both, 201);
      assert.deepEqual(both.json, {});
      assertStatus(await api.put(shapeUrl, { body: { shape: [31, 1000] } }), 409);
    });

    it('extends by a count along a dimension (testExtendDataset, testExtend2DDataset, testExtend3DDataset)', async () => {
      const { api } = await newDomain();
      const fixed = await create(api, { type: i32, shape: 10 });
      const notExtensible = await api.put(`/datasets/${fixed}/shape`, { body: { extend: 5 } });
      assertStatus(notExtensible, 400);
      assert.match(notExtensible.reason, /not extensible/);

      const one = await create(api, { type: i32, shape: 10, maxdims: 20 });
      const r1 = await api.put(`/datasets/${one}/shape`, { body: { extend: 5 } });
      assertStatus(r1, 201);
      assert.deepEqual(r1.json, { selection: '[10:15]' });
      assert.deepEqual((await api.get(`/datasets/${one}/shape`)).json.shape, { class: 'H5S_SIMPLE', dims: [15], maxdims: [20] });
      assertStatus(await api.put(`/datasets/${one}/shape`, { body: { extend: 10 } }), 409);

      const two = await create(api, { type: i32, shape: [10, 20], maxdims: [0, 0] });
      assert.deepEqual((await api.put(`/datasets/${two}/shape`, { body: { extend: 5, extend_dim: 0 } })).json, { selection: '[10:15,:]' });
      assert.deepEqual((await api.put(`/datasets/${two}/shape`, { body: { extend: 10, extend_dim: 1 } })).json, { selection: '[:,20:30]' });
      assert.deepEqual((await api.get(`/datasets/${two}/shape`)).json.shape.dims, [15, 30]);

      const three = await create(api, { type: i32, shape: [0, 3, 0], maxdims: [0, 3, 0] });
      assert.deepEqual((await api.get(`/datasets/${three}`)).json.shape, { class: 'H5S_SIMPLE', dims: [0, 3, 0], maxdims: [0, 3, 0] });
      assert.deepEqual((await api.put(`/datasets/${three}/shape`, { body: { extend: 5, extend_dim: 0 } })).json, { selection: '[0:5,:,:]' });
      assert.deepEqual((await api.get(`/datasets/${three}/shape`)).json.shape.dims, [5, 3, 0]);
      assertStatus(await api.put(`/datasets/${three}/shape`, { body: { extend: 10, extend_dim: 1 } }), 409);
    });

    it('rejects malformed shape updates', async () => {
      const { api } = await newDomain();
      const id = await create(api, { type: i32, shape: [10, 10], maxdims: [20, 20] });
      const url = `/datasets/${id}/shape`;
      for (const body of [
        {},
        { shape: [12, 10], extend: 1 },
        { shape: [12] },
        { shape: [] },
        { shape: [12, -1] },
        { shape: [12, 'x'] },
        { shape: 'H5S_SCALAR' },
        { extend: 0 },
        { extend: -2 },
        { extend: 'abc' },
        { extend: 1, extend_dim: -1 },
        { extend: 1, extend_dim: 2 },
        { extend: 1, extend_dim: 'x' },
      ]) {
        assertStatus(await api.put(url, { body }), 400);
      }
      assertStatus(await api.put(url), 400);
      assertStatus(await api.put(url, { body: '{"shape": [' }), 400);
      assertStatus(await api.as().put(url, { body: { shape: [12, 10] } }), 401);
      assertStatus(await api.as('test_user2', 'test').put(url, { body: { shape: [12, 10] } }), 403);
      const other = await newDomain();
      assertStatus(await other.api.put(url, { body: { shape: [12, 10] } }), 400);
      // Python-style integers are accepted for extend.
      assert.deepEqual((await api.put(url, { body: { extend: '2', extend_dim: 1 } })).json, { selection: '[:,10:12]' });
      assert.deepEqual((await api.get(url)).json.shape.dims, [10, 12]);

      const scalar = await create(api, { type: i32 });
      assertStatus(await api.put(`/datasets/${scalar}/shape`, { body: { shape: [2] } }), 400);
      const empty = await create(api, { type: i32, shape: 'H5S_NULL' });
      assertStatus(await api.put(`/datasets/${empty}/shape`, { body: { extend: 1 } }), 400);
    });

    it('shrinking resets the cut-off region to the fill value', async () => {
      const { api } = await newDomain();
      const id = await create(api, {
        type: i32,
        shape: [6, 4],
        maxdims: [10, 10],
        creationProperties: { fillValue: -1, layout: { class: 'H5D_CHUNKED', dims: [4, 4] } },
      });
      const value = Array.from({ length: 6 }, (_, i) => Array.from({ length: 4 }, (_, j) => i * 4 + j));
      assertStatus(await api.put(`/datasets/${id}/value`, { body: { value } }), 200);
      assertStatus(await api.put(`/datasets/${id}/shape`, { body: { shape: [3, 2] } }), 201);
      assertStatus(await api.put(`/datasets/${id}/shape`, { body: { shape: [6, 4] } }), 201);
      const r = await api.get(`/datasets/${id}/value`);
      assertStatus(r, 200);
      const expected = value.map((row, i) => row.map((v, j) => (i < 3 && j < 2 ? v : -1)));
      assert.deepEqual(r.json.value, expected);
    });
  });

  describe('layouts and chunk shapes', () => {
    it('adjusts a client chunk layout and partitions large datasets (testCreationPropertiesLayoutDataset)', async () => {
      const { api } = await newDomain();
      const gzip = { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 9, name: 'deflate' };
      const fletcher32 = { class: 'H5Z_FILTER_FLETCHER32', id: 3, name: 'fletcher32' };
      const id = await create(api, {
        type: f32,
        shape: [365, 780, 1024],
        maxdims: [0, 780, 1024],
        creationProperties: { layout: { class: 'H5D_CHUNKED', dims: [1, 390, 512] }, filters: [gzip, fletcher32] },
      });
      const r = await api.get(`/datasets/${id}`);
      assert.deepEqual(r.json.layout, { class: 'H5D_CHUNKED', dims: [1, 390, 1024], partition_count: 10 });
      assert.deepEqual(r.json.creationProperties.layout, { class: 'H5D_CHUNKED', dims: [1, 390, 512] });
      assert.deepEqual(r.json.creationProperties.filters, [gzip, fletcher32]);
    });

    it('treats H5D_CONTIGUOUS as chunked and keeps the client layout (testCreationPropertiesContiguousDataset)', async () => {
      const { api } = await newDomain();
      const gzip = { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 9, name: 'deflate' };
      const id = await create(api, { type: f32, shape: [10, 20], creationProperties: { layout: { class: 'H5D_CONTIGUOUS' }, filters: [gzip] } });
      const r = await api.get(`/datasets/${id}`);
      assert.deepEqual(r.json.layout, { class: 'H5D_CHUNKED', dims: [10, 20] });
      assert.deepEqual(r.json.creationProperties.layout, { class: 'H5D_CONTIGUOUS' });
    });

    it('chooses HSDS chunk shapes automatically (testAutoChunk1dDataset, testAutoChunk2dDataset, testMinChunkSizeDataset)', async () => {
      const { api } = await newDomain();
      const xyz = { class: 'H5T_COMPOUND', fields: ['x', 'y', 'z'].map((name) => ({ name, type: 'H5T_IEEE_F64LE' })) };
      // Expected shapes are what HSDS 0.9.4 computes for these requests.
      assert.deepEqual(await layoutOf(api, { type: xyz, shape: [1e9], creationProperties: { layout: { class: 'H5D_CHUNKED', dims: [10] } } }), {
        class: 'H5D_CHUNKED',
        dims: [81920],
      });
      assert.deepEqual(await layoutOf(api, { type: f32, shape: [50000, 80000] }), { class: 'H5D_CHUNKED', dims: [782, 1250] });
      assert.deepEqual(await layoutOf(api, { type: f32, shape: [50000, 80000], creationProperties: { layout: { class: 'H5D_CHUNKED', dims: [10, 10] } } }), {
        class: 'H5D_CHUNKED',
        dims: [640, 640],
      });
      assert.deepEqual(await layoutOf(api, { type: f32, shape: [10000, 10000] }), { class: 'H5D_CHUNKED', dims: [625, 1250] });
      assert.deepEqual(await layoutOf(api, { type: f32, shape: [10, 20], maxdims: [30, 0] }), { class: 'H5D_CHUNKED', dims: [30, 16384] });
      assert.deepEqual(await layoutOf(api, { type: vstr, shape: [100000] }), { class: 'H5D_CHUNKED', dims: [25000] });
      assert.deepEqual(await layoutOf(api, { type: i32, shape: 10, creationProperties: { layout: { class: 'H5D_CHUNKED', dims: 5 } } }), {
        class: 'H5D_CHUNKED',
        dims: [10],
      });
      assert.deepEqual(await layoutOf(api, { type: i32, shape: [0] }), { class: 'H5D_CHUNKED', dims: [0] });
    });

    it('partitions the chunks of very large datasets (testDatasetChunkPartitioning, testExtendibleDatasetChunkPartitioning)', async () => {
      const { api } = await newDomain();
      assert.deepEqual(await layoutOf(api, { type: f32, shape: [50000, 80000, 90000] }), {
        class: 'H5D_CHUNKED',
        dims: [49, 79, 176],
        partition_count: 2648,
      });
      assert.deepEqual(await layoutOf(api, { type: f32, shape: [0, 80000, 90000], maxdims: [0, 80000, 900000] }), {
        class: 'H5D_CHUNKED',
        dims: [2, 157, 1758],
        partition_count: 652800,
      });
    });

    it('stores compact layouts without chunk dims', async () => {
      const { api } = await newDomain();
      assert.deepEqual(await layoutOf(api, { type: f32, shape: [4], creationProperties: { layout: { class: 'H5D_COMPACT' } } }), { class: 'H5D_COMPACT' });
      await rejected(api, { type: f32, shape: [4], creationProperties: { layout: { class: 'H5D_COMPACT' }, filters: ['gzip'] } });
    });

    it('rejects bad layouts (testDatasetEmptyChunkExtent)', async () => {
      const { api } = await newDomain();
      const layout = (l: unknown, shape: unknown = [10], extra: Record<string, unknown> = {}) => ({ type: f32, shape, ...extra, creationProperties: { layout: l } });
      await rejected(api, layout({ class: 'H5D_CHUNKED', dims: [0] }, [1]));
      await rejected(api, layout({ class: 'H5D_CHUNKED', dims: [20] }));
      await rejected(api, layout({ class: 'H5D_CHUNKED', dims: [20] }, [10], { maxdims: [15] }));
      await rejected(api, layout({ class: 'H5D_CHUNKED', dims: [5, 5] }));
      await rejected(api, layout({ class: 'H5D_CHUNKED' }));
      await rejected(api, layout({ class: 'H5D_CHUNKED', dims: [1] }, 'H5S_SCALAR'));
      await rejected(api, layout({ class: 'H5D_CONTIGUOUS', dims: [5] }));
      await rejected(api, layout({ class: 'H5D_VIRTUAL' }));
      await rejected(api, layout({ dims: [5] }));
      await rejected(api, layout('H5D_CHUNKED'));
      await rejected(api, { type: f32, shape: [10], creationProperties: 'chunked' });
      // Any chunk extent is allowed along an unlimited dimension.
      assert.deepEqual(await layoutOf(api, layout({ class: 'H5D_CHUNKED', dims: [300000] }, [10], { maxdims: [0] })), { class: 'H5D_CHUNKED', dims: [300000] });
    });

    it('computes chunks from an arange initializer, and refuses initializers it cannot run', async () => {
      const { api } = await newDomain();
      const made = await api.post('/datasets', { body: { type: i32, shape: [6], creationProperties: { initializer: ['arange', '--start=5', '--step=2'] } } });
      assert.equal(made.status, 201);
      assert.deepEqual((await api.get(`/datasets/${made.json.id}/value`)).json.value, [5, 7, 9, 11, 13, 15]);
      await rejected(api, { type: i32, shape: [6], creationProperties: { initializer: ['nope'] } });
      await rejected(api, { type: i32, shape: [6], creationProperties: { initializer: 'arange' } });
      await rejected(api, { type: i32, shape: [6], creationProperties: { initializer: ['arange', '--step=x'] } });
      await rejected(api, { type: i32, shape: [2, 3], creationProperties: { initializer: ['arange'] } });
      await rejected(api, { type: vstr, shape: [6], creationProperties: { initializer: ['arange'] } });
    });

    it('keeps H5D_CONTIGUOUS_REF in creationProperties and computes chunk dims (testContiguousRefDataset, testContiguousRefZeroDimDataset)', async () => {
      const { api } = await newDomain();
      const ref = { class: 'H5D_CONTIGUOUS_REF', file_uri: 's3://a-storage-bucket/some-file.h5', offset: 1234, size: 50000 * 8000000 * 4 };
      const id = await create(api, { type: f32, shape: [50000, 8000000], creationProperties: { layout: ref } });
      const r = await api.get(`/datasets/${id}`);
      assert.deepEqual(r.json.layout, { class: 'H5D_CHUNKED', dims: [1, 1000000] });
      assert.deepEqual(r.json.creationProperties.layout, ref);

      const zero = { ...ref, size: 0 };
      assert.deepEqual(await layoutOf(api, { type: 'H5T_STD_I16LE', shape: [0, 10], creationProperties: { layout: zero } }), {
        class: 'H5D_CHUNKED',
        dims: [0, 10],
      });
      await rejected(api, { type: vstr, shape: [10], creationProperties: { layout: ref } });
      await rejected(api, { type: f32, shape: [10], creationProperties: { layout: { ...ref, dims: [10] } } });
      await rejected(api, { type: f32, shape: [10], creationProperties: { layout: { class: 'H5D_CONTIGUOUS_REF', file_uri: 'f', offset: 0 } } });
      await rejected(api, { type: f32, shape: [10], creationProperties: { layout: ref, filters: ['gzip'] } });
    });

    it('keeps H5D_CHUNKED_REF chunks in creationProperties (testChunkedRefDataset)', async () => {
      const { api } = await newDomain();
      const chunkSize = 1000 * 1000 * 2;
      const chunks: Record<string, [number, number]> = {};
      ['0_0', '0_1', '0_2', '1_0', '1_1', '1_2'].forEach((key, i) => (chunks[key] = [1234 + (i + 1) * chunkSize, chunkSize]));
      const layout = { class: 'H5D_CHUNKED_REF', file_uri: 's3://a-storage-bucket/some-file.h5', dims: [1000, 1000], chunks };
      const id = await create(api, { type: 'H5T_STD_I16LE', shape: [2000, 3000], creationProperties: { layout } });
      const r = await api.get(`/datasets/${id}`);
      assert.deepEqual(r.json.layout, { class: 'H5D_CHUNKED', dims: [1000, 1000] });
      assert.deepEqual(r.json.creationProperties.layout, layout);
      await rejected(api, { type: 'H5T_STD_I16LE', shape: [2000, 3000], creationProperties: { layout: { ...layout, chunks: undefined } } });
    });

    it('checks the chunk table of H5D_CHUNKED_REF_INDIRECT (testChunkedRefIndirectDataset, testChunkedRefIndirectS3UriDataset)', async () => {
      const { api } = await newDomain();
      const uri = { charSet: 'H5T_CSET_ASCII', class: 'H5T_STRING', length: 40, strPad: 'H5T_STR_NULLPAD' };
      for (const extra of [[], [{ name: 'file_uri', type: uri }]]) {
        const fields = [{ name: 'offset', type: 'H5T_STD_I64LE' }, { name: 'size', type: i32 }, ...extra];
        const table = await create(api, { type: { class: 'H5T_COMPOUND', fields }, shape: [20, 30] });
        const layout = { class: 'H5D_CHUNKED_REF_INDIRECT', file_uri: 's3://a-storage-bucket/some-file.h5', dims: [1000, 1000], chunk_table: table };
        const id = await create(api, { type: 'H5T_STD_I16LE', shape: [20000, 30000], creationProperties: { layout } });
        const r = await api.get(`/datasets/${id}`);
        assert.deepEqual(r.json.layout, { class: 'H5D_CHUNKED', dims: [1000, 1000] });
        assert.deepEqual(r.json.creationProperties.layout, layout);
      }
      const indirect = (chunkTable: string) => ({
        type: 'H5T_STD_I16LE',
        shape: [20000, 30000],
        creationProperties: { layout: { class: 'H5D_CHUNKED_REF_INDIRECT', dims: [1000, 1000], chunk_table: chunkTable } },
      });
      await rejected(api, indirect('d-nope'));
      await rejected(api, indirect(bogus('d')), 404);
      await rejected(api, indirect(await create(api, { type: i32, shape: [20] })));
      await rejected(api, indirect(await create(api, { type: i32, shape: 'H5S_NULL' })));
      const other = await newDomain();
      await rejected(api, indirect(await create(other.api, { type: i32, shape: [20, 30] })));
    });
  });

  describe('filters', () => {
    it('accepts every compressor the domain lists (testCompressionFiltersDataset)', async () => {
      const { api, root } = await newDomain();
      const compressors: string[] = (await api.get('/')).json.compressors;
      assert.ok(compressors.length >= 5);
      for (const compressor of compressors) {
        const id = await create(api, { type: f32, shape: [40, 80], creationProperties: { filters: [compressor] }, link: { id: root, name: compressor } });
        const r = await api.get(`/datasets/${id}`);
        assert.equal(r.json.layout.class, 'H5D_CHUNKED');
        const [filter] = r.json.creationProperties.filters;
        assert.ok('class' in filter && 'id' in filter && 'name' in filter);
        if (compressor === 'deflate') assert.ok(['deflate', 'gzip'].includes(filter.name));
        else assert.equal(filter.name, compressor);
      }
    });

    it('normalizes H5Z_FILTER_USER filters (testCompressionFilterOptionDataset)', async () => {
      const { api } = await newDomain();
      const id = await create(api, { type: f32, shape: [40, 80], creationProperties: { filters: [{ class: 'H5Z_FILTER_USER', name: 'lz4', level: 5 }, 2] } });
      const r = await api.get(`/datasets/${id}`);
      assert.deepEqual(r.json.creationProperties.filters, [
        { class: 'H5Z_FILTER_USER', name: 'lz4', level: 5, id: 32004 },
        { class: 'H5Z_FILTER_SHUFFLE', id: 2, name: 'shuffle' },
      ]);
    });

    it('rejects unknown and unsupported filters (testInvalidCompressionFilter)', async () => {
      const { api } = await newDomain();
      const withFilters = (filters: unknown) => ({ type: f32, shape: [40, 80], creationProperties: { filters } });
      await rejected(api, withFilters([{ class: 'H5Z_FILTER_USER', name: 'shrink-o-rama', level: 5 }]));
      await rejected(api, withFilters(['szip']));
      await rejected(api, withFilters([{ class: 'H5Z_FILTER_DEFLATE', id: 2 }]));
      await rejected(api, withFilters('gzip'));
      await rejected(api, withFilters([[1]]));
    });
  });

  describe('fill values', () => {
    it('rejects a fill value the type can not hold (testInvalidFillValue)', async () => {
      const { api } = await newDomain();
      await rejected(api, { type: i32, shape: 10, creationProperties: { fillValue: 'XXXX' } });
      await rejected(api, { type: i32, shape: 10, creationProperties: { fillValue: [1, 2] } });
      await rejected(api, { type: { class: 'H5T_COMPOUND', fields: [{ name: 'a', type: i32 }] }, shape: 10, creationProperties: { fillValue: 'x' } });
      const id = await create(api, { type: { class: 'H5T_COMPOUND', fields: [{ name: 'a', type: i32 }, { name: 'b', type: f32 }] }, shape: 10, creationProperties: { fillValue: [1, 2.5] } });
      assert.deepEqual((await api.get(`/datasets/${id}`)).json.creationProperties.fillValue, [1, 2.5]);
    });

    it('stores NaN fill values and shows them as "nan" with ignore_nan (testNaNFillValue)', async () => {
      const { api } = await newDomain();
      const nanBody = (type: string) => `{"type": "${type}", "shape": 10, "creationProperties": {"fillValue": NaN}}`;
      await rejected(api, nanBody(i32));
      const id = await create(api, nanBody(f32));
      const r = await api.get(`/datasets/${id}`);
      assert.ok(Number.isNaN(r.json.creationProperties.fillValue));
      assert.match(r.text, /"fillValue":\s*NaN/);
      const ignored = await api.get(`/datasets/${id}`, { query: { ignore_nan: 1 } });
      assert.equal(ignored.json.creationProperties.fillValue, 'nan');
      assert.doesNotMatch(ignored.text, /NaN/);

      const named = await create(api, { type: f32, shape: 10, creationProperties: { fillValue: 'nan' } });
      assert.equal((await api.get(`/datasets/${named}`)).json.creationProperties.fillValue, 'nan');
      await rejected(api, { type: i32, shape: 10, creationProperties: { fillValue: 'nan' } });
    });

    it('accepts base64 fill values of the type size (testNaNFillValueBase64Encoded)', async () => {
      const { api } = await newDomain();
      const b64 = (fillValue: unknown, encoding: unknown = 'base64', type = f32) => ({
        type,
        shape: 10,
        creationProperties: { fillValue, fillValue_encoding: encoding },
      });
      const id = await create(api, b64('AADAfw=='));
      const cp = (await api.get(`/datasets/${id}`)).json.creationProperties;
      assert.equal(cp.fillValue, 'AADAfw==');
      assert.equal(cp.fillValue_encoding, 'base64');
      await rejected(api, b64('AADAfw==', 'hex'));
      await rejected(api, b64(3.5));
      await rejected(api, b64('AADA'));
      await rejected(api, b64('AAAAAAAAAAA=', 'base64', i32));
    });
  });

  describe('placement', () => {
    it('links the new dataset into a group (testPostWithLink)', async () => {
      const { api, root } = await newDomain();
      assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 0);
      const id = await create(api, { type: vstr, shape: 10, link: { id: root, name: 'linked_dset' } });
      assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 1);
      const link = await api.get(`/groups/${root}/links/linked_dset`);
      assertStatus(link, 200);
      assert.equal(link.json.link.collection, 'datasets');
      assert.equal(link.json.link.class, 'H5L_TYPE_HARD');
      assert.equal(link.json.link.title, 'linked_dset');
      assert.equal(link.json.link.id, id);

      const again = await api.post('/datasets', { body: { type: i32, shape: 1, link: { id: root, name: 'linked_dset' } } });
      assertStatus(again, 409);
      await rejected(api, { type: i32, shape: 1, link: { id: root, name: 'a/b' } });
      await rejected(api, { type: i32, shape: 1, link: { id: root, name: 'x' }, h5path: 'x' });
      await rejected(api, { type: i32, shape: 1, link: { id: 'g-nope', name: 'x' } });
      await rejected(api, { type: i32, shape: 1, link: { id: bogus('g'), name: 'x' } }, 404);
      await rejected(api, { type: i32, shape: 1, link: { id, name: 'x' } });
      const other = await newDomain();
      await rejected(api, { type: i32, shape: 1, link: { id: other.root, name: 'x' } });
      assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 1);
    });

    it('creates at an h5path, with implicit intermediate groups (testPostWithPath)', async () => {
      const { api, root } = await newDomain();
      assertStatus(await api.post('/groups', { body: { h5path: 'g1' } }), 201);
      const missing = await api.post('/datasets', { body: { type: vstr, shape: 10, h5path: 'g2/dset1' } });
      assertStatus(missing, 404);
      const post = await api.post('/datasets', { body: { type: vstr, shape: 10, h5path: 'g2/dset1' }, query: { implicit: 1 } });
      assertStatus(post, 201);
      assert.equal(post.json.type.class, 'H5T_STRING');
      assert.equal(post.json.attributeCount, 0);
      assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 2);
      assert.equal((await api.get('/groups/', { query: { h5path: '/g2' } })).json.linkCount, 1);
      assert.equal((await api.get('/datasets/', { query: { h5path: '/g2/dset1' } })).json.id, post.json.id);

      const dset2 = await create(api, { type: 'H5T_IEEE_F32BE', shape: 10, h5path: 'g2/dset2' });
      assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 2);
      assert.equal((await api.get('/groups/', { query: { h5path: '/g2' } })).json.linkCount, 2);
      assert.equal((await api.get('/datasets/', { query: { h5path: '/g2/dset2' } })).json.id, dset2);

      const g1 = (await api.get('/groups/', { query: { h5path: '/g1' } })).json.id;
      const inG1 = await create(api, { type: i32, shape: 1, h5path: 'dset3', parent_id: g1 });
      assert.equal((await api.get('/datasets/', { query: { h5path: '/g1/dset3' } })).json.id, inG1);
      assertStatus(await api.post('/datasets', { body: { type: i32, shape: 1, h5path: '/g2/dset1' } }), 409);
      await rejected(api, { type: i32, shape: 1, h5path: '/abs', parent_id: g1 });
      await rejected(api, { type: i32, shape: 1, h5path: 'g2/dset1/x' });
    });

    it('creates again after the domain was deleted and re-created (testDatasetwithDomainDelete)', async () => {
      const { api, root } = await newDomain();
      const id = await create(api, { type: vstr, shape: 10, link: { id: root, name: 'linked_dset' } });
      assertStatus(await api.delete('/'), 200);
      assertStatus(await api.get('/'), 410);
      const again = await api.put('/');
      assertStatus(again, 201);
      assert.notEqual(again.json.root, root);
      const post = await api.post('/datasets', { body: { type: vstr, shape: 10, link: { id: again.json.root, name: 'linked_dset' } } });
      assertStatus(post, 201);
      assert.equal(post.json.root, again.json.root);
      assert.notEqual(post.json.id, id);
    });
  });

  describe('request errors', () => {
    it('requires credentials, a create ACL, a domain and a JSON body', async () => {
      const { api, domain } = await newDomain();
      const body = { type: i32, shape: 1 };
      assertStatus(await api.as().post('/datasets', { body }), 401);
      assertStatus(await api.as('test_user1', 'bad').post('/datasets', { body }), 401);
      assertStatus(await api.as('test_user2', 'test').post('/datasets', { body }), 403);
      assertStatus(await api.post('/datasets', { body, domain: domain.replace('.h5', '_missing.h5') }), 404);
      assertStatus(await api.post('/datasets', { body, domain: '/home/test_user1' }), 400);
      assertStatus(await api.post('/datasets'), 400);
      assertStatus(await api.post('/datasets', { body: '{"type": ' }), 400);
      assertStatus(await api.post('/datasets', { body: '[1, 2]' }), 400);
    });
  });
});
