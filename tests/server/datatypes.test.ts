import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { uniqueDomain } from '../helpers/http.js';
import { engineSuite } from '../helpers/engine-suite.js';

/** The predefined types of HSDS's datatype tests. */
const PREDEFINED = [
  'H5T_STD_I8LE', 'H5T_STD_U8LE', 'H5T_STD_I16LE', 'H5T_STD_U16LE', 'H5T_STD_I32LE', 'H5T_STD_U32LE',
  'H5T_STD_I64LE', 'H5T_STD_U64LE', 'H5T_IEEE_F32LE', 'H5T_IEEE_F64LE', 'H5T_IEEE_F16LE',
];

describe('committed datatypes', () => {
  const suite = engineSuite();
  const newDomain = () => suite.newDomain('types');

  it('creates, reads and deletes a committed type; others get 403, other domains 400, then 410', async () => {
    const { api, domain, root } = await newDomain();
    const r = await api.post('/datatypes', { body: { type: 'H5T_IEEE_F32LE' } });
    assert.equal(r.status, 201);
    assert.deepEqual(Object.keys(r.json).sort(), ['attributeCount', 'created', 'id', 'lastModified', 'root', 'type']);
    assert.equal(r.json.attributeCount, 0);
    assert.equal(r.json.root, root);
    assert.deepEqual(r.json.type, { class: 'H5T_FLOAT', base: 'H5T_IEEE_F32LE' });
    const id: string = r.json.id;
    assert.match(id, /^t-/);

    const path = `/datatypes/${id}`;
    const got = await api.get(path);
    assert.equal(got.status, 200);
    assert.equal(got.json.id, id);
    assert.equal(got.json.root, root);
    assert.equal(got.json.domain, domain);
    assert.equal(got.json.attributeCount, 0);
    assert.equal(typeof got.json.created, 'number');
    assert.equal(typeof got.json.lastModified, 'number');
    assert.deepEqual(got.json.type, { class: 'H5T_FLOAT', base: 'H5T_IEEE_F32LE' });
    assert.deepEqual(got.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'root', 'home', 'attributes']);
    assert.ok(!('attributes' in got.json));
    assert.deepEqual((await api.get(path, { query: { include_attrs: 1 } })).json.attributes, {});
    assert.deepEqual((await api.get(path, { query: { getalias: 1 } })).json.alias, []);

    assert.equal((await api.as('test_user2', 'test').get(path)).status, 403);
    assert.equal((await api.as('test_user2', 'test').delete(path)).status, 403);
    assert.equal((await api.as().delete(path)).status, 401);
    assert.equal((await api.get(path, { domain: '/home/test_user1' })).status, 400);
    assert.equal((await api.delete(path, { domain: '/home/test_user1' })).status, 400);
    const other = await newDomain();
    assert.equal((await other.api.get(path)).status, 400);
    assert.equal((await other.api.delete(path)).status, 400);

    const del = await api.delete(path);
    assert.equal(del.status, 200);
    assert.deepEqual(del.json, {});
    assert.equal((await api.get(path)).status, 410);
    assert.equal((await api.delete(path)).status, 410);
  });

  it('accepts every predefined type, and finds committed types by absolute or grpid-relative h5path', async () => {
    const { api, root } = await newDomain();
    for (const name of PREDEFINED) {
      const r = await api.post('/datatypes', { body: { type: name } });
      assert.equal(r.status, 201, name);
      const id: string = r.json.id;
      const got = await api.get(`/datatypes/${id}`);
      assert.equal(got.json.root, root);
      assert.equal(got.json.type.base, name);
      assert.equal(got.json.type.class, name.startsWith('H5T_STD') ? 'H5T_INTEGER' : 'H5T_FLOAT');
      assert.equal((await api.put(`/groups/${root}/links/${name}`, { body: { id } })).status, 201);
      const abs = await api.get('/datatypes/', { query: { h5path: `/${name}` } });
      assert.equal(abs.status, 200);
      assert.equal(abs.json.id, id);
      assert.equal((await api.get('/datatypes/', { query: { h5path: name } })).status, 400);
      const rel = await api.get('/datatypes/', { query: { h5path: name, grpid: root } });
      assert.equal(rel.status, 200);
      assert.equal(rel.json.id, id);
    }
    const listed = await api.get('/datatypes');
    assert.equal(listed.json.datatypes.length, PREDEFINED.length);
  });

  it('stores compound types as given', async () => {
    const { api, root } = await newDomain();
    const fields = [
      { name: 'temp', type: 'H5T_STD_I32LE' },
      { name: 'pressure', type: 'H5T_IEEE_F32LE' },
    ];
    const r = await api.post('/datatypes', { body: { type: { class: 'H5T_COMPOUND', fields } } });
    assert.equal(r.status, 201);
    assert.equal((await api.put(`/groups/${root}/links/dtype_compound`, { body: { id: r.json.id } })).status, 201);
    const got = await api.get(`/datatypes/${r.json.id}`);
    assert.equal(got.json.type.class, 'H5T_COMPOUND');
    assert.deepEqual(got.json.type.fields, fields);
  });

  it('POST /datatypes with {link: {id, name}} links the new type into the group', async () => {
    const { api, root } = await newDomain();
    const r = await api.post('/datatypes', { body: { type: 'H5T_IEEE_F64LE', link: { id: root, name: 'linked_dtype' } } });
    assert.equal(r.status, 201);
    assert.equal(r.json.attributeCount, 0);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 1);
    const link = await api.get(`/groups/${root}/links/linked_dtype`);
    assert.deepEqual(link.json.link, { title: 'linked_dtype', class: 'H5L_TYPE_HARD', id: r.json.id, collection: 'datatypes' });
    assert.deepEqual((await api.get(`/datatypes/${r.json.id}`, { query: { getalias: 1 } })).json.alias, ['/linked_dtype']);
    assert.equal((await api.post('/datatypes', { body: { type: 'H5T_IEEE_F64LE', link: { id: root, name: 'linked_dtype' } } })).status, 409);
    assert.equal((await api.post('/datatypes', { body: { type: 'H5T_IEEE_F64LE', link: { id: root, name: 'a/b' } } })).status, 400);
    assert.equal((await api.post('/datatypes', { body: { type: 'H5T_IEEE_F64LE', link: { id: r.json.id, name: 'x' } } })).status, 400);
  });

  it('POST /datatypes with h5path: 404 without implicit for missing groups, 201 with it', async () => {
    const { api, root } = await newDomain();
    assert.equal((await api.post('/groups', { body: { h5path: 'g1' } })).status, 201);
    const payload = { type: 'H5T_IEEE_F64LE', h5path: 'g2/dtype1' };
    assert.equal((await api.post('/datatypes', { body: payload })).status, 404);
    const r = await api.post('/datatypes', { body: payload, query: { implicit: 1 } });
    assert.equal(r.status, 201);
    assert.deepEqual(r.json.type, { class: 'H5T_FLOAT', base: 'H5T_IEEE_F64LE' });
    assert.equal(r.json.attributeCount, 0);
    assert.match(r.json.id, /^t-/);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 2);
    assert.equal((await api.get('/groups/', { query: { h5path: '/g2' } })).json.linkCount, 1);
    assert.equal((await api.get('/datatypes/', { query: { h5path: '/g2/dtype1' } })).json.id, r.json.id);

    const second = await api.post('/datatypes', { body: { type: 'H5T_IEEE_F32BE', h5path: 'g2/dtype2' } });
    assert.equal(second.status, 201);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 2);
    assert.equal((await api.get('/groups/', { query: { h5path: '/g2' } })).json.linkCount, 2);
    assert.equal((await api.get('/datatypes/', { query: { h5path: '/g2/dtype2' } })).json.id, second.json.id);
    assert.equal((await api.post('/datatypes', { body: { type: 'H5T_IEEE_F32BE', h5path: 'g2/dtype2' } })).status, 409);
    assert.equal((await api.post('/datatypes', { body: { type: 'H5T_STD_I8LE', h5path: 'x', link: { id: root, name: 'y' } } })).status, 400);
  });

  it('GET /datatypes/?h5path= answers 410 for a path to something else, 404 for no object', async () => {
    const { api, root } = await newDomain();
    assert.equal((await api.post('/groups', { body: { h5path: 'g1' } })).status, 201);
    assert.equal((await api.get('/datatypes/', { query: { h5path: '/g1' } })).status, 410);
    assert.equal((await api.get('/datatypes/', { query: { h5path: '/' } })).status, 410);
    assert.equal((await api.get('/datatypes/', { query: { h5path: '/missing' } })).status, 404);
    assert.equal((await api.get('/datatypes/')).status, 400);
    assert.equal((await api.get('/datatypes/', { query: { h5path: '' } })).status, 400);
    assert.equal((await api.get('/datatypes/', { query: { h5path: 'x', grpid: 'foobar' } })).status, 400);
    assert.equal((await api.put(`/groups/${root}/links/soft`, { body: { h5path: '/g1' } })).status, 201);
    assert.equal((await api.get('/datatypes/', { query: { h5path: '/soft/t' } })).status, 400);
  });

  it('refuses bad ids, bodies, types, credentials and permissions', async () => {
    const { api } = await newDomain();
    assert.equal((await api.get('/datatypes/foobar')).status, 400);
    const group = (await api.post('/groups')).json.id as string;
    assert.equal((await api.get(`/datatypes/${group}`)).status, 400);
    assert.equal((await api.delete(`/datatypes/${group}`)).status, 400);
    assert.equal((await api.get(`/datatypes/t-${randomUUID()}`)).status, 404);
    assert.equal((await api.delete(`/datatypes/t-${randomUUID()}`)).status, 404);

    const post = (body?: unknown) => api.post('/datatypes', body === undefined ? {} : { body });
    assert.equal((await post()).status, 400);
    assert.equal((await post('{bad')).status, 400);
    assert.equal((await post({})).status, 400);
    assert.equal((await post({ type: 'H5T_NOT_A_TYPE' })).status, 400);
    assert.equal((await post({ type: { class: 'H5T_COMPOUND' } })).status, 400);
    assert.equal((await post({ type: 42 })).status, 400);
    assert.equal((await api.as().post('/datatypes', { body: { type: 'H5T_STD_I8LE' } })).status, 401);
    // credentials come before the body check
    assert.equal((await api.as().post('/datatypes', { body: {} })).status, 401);
    assert.equal((await api.as('test_user2', 'test').post('/datatypes', { body: { type: 'H5T_STD_I8LE' } })).status, 403);
    assert.equal((await api.post('/datatypes', { body: { type: 'H5T_STD_I8LE' }, domain: uniqueDomain('missing') })).status, 404);
    assert.equal((await api.post('/datatypes', { body: { type: 'H5T_STD_I8LE' }, domain: '/home/test_user1' })).status, 400);
    assert.deepEqual((await api.get('/datatypes')).json.datatypes, []);
  });

  it('GET /datatypes lists linked types, sorted, with Limit and Marker', async () => {
    const { api } = await newDomain();
    const ids: string[] = [];
    for (const p of ['a', 'b', 'c']) ids.push((await api.post('/datatypes', { body: { type: 'H5T_STD_I16BE', h5path: p } })).json.id);
    await api.post('/datatypes', { body: { type: 'H5T_STD_I16BE' } }); // anonymous: not listed
    ids.sort();
    const r = await api.get('/datatypes');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.datatypes, ids);
    assert.deepEqual(r.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'root', 'home']);
    assert.deepEqual((await api.get('/datatypes', { query: { Limit: 1, Marker: ids[0] } })).json.datatypes, [ids[1]]);
    assert.equal((await api.as('test_user2', 'test').get('/datatypes')).status, 403);
    assert.equal((await api.get('/datatypes', { domain: uniqueDomain('missing') })).status, 404);
  });
});
