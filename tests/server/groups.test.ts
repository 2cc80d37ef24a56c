import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { uniqueDomain } from '../helpers/http.js';
import { engineSuite } from '../helpers/engine-suite.js';

/** A well-formed group id that names no object ("g-" + a uuid, as HSDS's tests use). */
const bogusGroupId = () => 'g-' + randomUUID();

describe('groups', () => {
  const suite = engineSuite();
  const newDomain = () => suite.newDomain('groups');

  it('GET /groups/{root} answers the root group with counts, domain, bucket and 5 hrefs', async () => {
    const { api, domain, root } = await newDomain();
    const r = await api.get(`/groups/${root}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(r.json.id, root);
    assert.equal(r.json.root, root);
    assert.equal(r.json.domain, domain);
    assert.equal(r.json.bucket, suite.server.bucket);
    assert.equal(r.json.linkCount, 0);
    assert.equal(r.json.attributeCount, 0);
    assert.equal(typeof r.json.created, 'number');
    assert.equal(typeof r.json.lastModified, 'number');
    assert.deepEqual(r.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'links', 'root', 'home', 'attributes']);
    assert.ok(!('links' in r.json));
    assert.ok(!('attributes' in r.json));
    assert.ok(!('alias' in r.json));
    const alias = await api.get(`/groups/${root}`, { query: { getalias: 1 } });
    assert.deepEqual(alias.json.alias, ['/']);
  });

  it('include_links and include_attrs add the stored links and attributes', async () => {
    const { api, root } = await newDomain();
    const g1 = await api.post('/groups', { body: { link: { id: root, name: 'g1' } } });
    await api.post('/groups', { body: { link: { id: root, name: 'g2' } } });
    const r = await api.get(`/groups/${root}`, { query: { include_links: 1 } });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json.links).sort(), ['g1', 'g2']);
    assert.equal(r.json.links.g1.class, 'H5L_TYPE_HARD');
    assert.equal(r.json.links.g1.id, g1.json.id);
    assert.equal(typeof r.json.links.g1.created, 'number');
    assert.ok(!('attributes' in r.json));
    const a = await api.get(`/groups/${root}`, { query: { include_attrs: 1 } });
    assert.deepEqual(a.json.attributes, {});
    assert.ok(!('links' in a.json));
    const off = await api.get(`/groups/${root}`, { query: { include_links: 0 } });
    assert.ok(!('links' in off.json));
  });

  it('checks ids, credentials, domains and ACLs in HSDS order', async () => {
    const { api, domain, root } = await newDomain();
    assert.equal((await api.get('/groups/foobar')).status, 400);
    assert.equal((await api.get(`/groups/d${root.slice(1)}`)).status, 400);
    assert.equal((await api.get(`/groups/${bogusGroupId()}`)).status, 404);
    // a malformed id is reported before bad credentials
    assert.equal((await api.as('test_user1', 'wrong').get('/groups/foobar')).status, 400);
    assert.equal((await api.as('test_user1', 'wrong').get(`/groups/${root}`)).status, 401);
    assert.equal((await api.as('test_user2', 'test').get(`/groups/${root}`)).status, 403);
    assert.equal((await api.as().get(`/groups/${root}`)).status, 403);
    assert.equal((await api.get(`/groups/${root}`, { domain: 'bad_domain.h5' })).status, 400);
    assert.equal((await suite.base.get(`/groups/${root}`)).status, 400);
    assert.equal((await api.get(`/groups/${root}`, { domain: uniqueDomain('missing') })).status, 404);
    // the parent folder, and another domain, do not hold this group
    assert.equal((await api.get(`/groups/${root}`, { domain: '/home/test_user1' })).status, 400);
    const other = await newDomain();
    assert.equal((await other.api.get(`/groups/${root}`)).status, 400);
    assert.equal((await api.get(`/groups/${other.root}`)).status, 400);
    // a deleted domain is gone
    assert.equal((await suite.base.delete('/', { domain })).status, 200);
    assert.equal((await api.get(`/groups/${root}`)).status, 410);
  });

  it('POST /groups creates an anonymous group (201) that has no alias', async () => {
    const { api, domain, root } = await newDomain();
    const r = await api.post('/groups');
    assert.equal(r.status, 201);
    assert.deepEqual(Object.keys(r.json).sort(), ['attributeCount', 'created', 'id', 'lastModified', 'linkCount', 'root']);
    assert.equal(r.json.linkCount, 0);
    assert.equal(r.json.attributeCount, 0);
    assert.equal(r.json.root, root);
    assert.match(r.json.id, /^g-/);
    const got = await api.get(`/groups/${r.json.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.json.root, root);
    assert.equal(got.json.domain, domain);
    const alias = await api.get(`/groups/${r.json.id}`, { query: { getalias: 1 } });
    assert.deepEqual(alias.json.alias, []);
    assert.equal((await api.post('/groups', { body: {} })).status, 201);
    // the root group is unchanged
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 0);
  });

  it('POST /groups needs credentials, create permission and a JSON object body', async () => {
    const { api, root } = await newDomain();
    assert.equal((await api.as().post('/groups')).status, 401);
    assert.equal((await api.as('test_user1', 'wrong').post('/groups')).status, 401);
    assert.equal((await api.as('test_user2', 'test').post('/groups')).status, 403);
    assert.equal((await api.post('/groups', { body: '{oops' })).status, 400);
    assert.equal((await api.post('/groups', { body: [1, 2] })).status, 400);
    assert.equal((await api.post('/groups', { domain: '/home/test_user1' })).status, 400);
    assert.equal((await api.post('/groups', { domain: uniqueDomain('missing') })).status, 404);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 0);
  });

  it('POST /groups with {link: {id, name}} creates and hard-links the group', async () => {
    const { api, root } = await newDomain();
    const r = await api.post('/groups', { body: { link: { id: root, name: 'linked_group' } } });
    assert.equal(r.status, 201);
    assert.equal(r.json.linkCount, 0);
    assert.notEqual(r.json.id, root);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 1);
    const link = await api.get(`/groups/${root}/links/linked_group`);
    assert.equal(link.status, 200);
    assert.deepEqual(link.json.link, { title: 'linked_group', class: 'H5L_TYPE_HARD', id: r.json.id, collection: 'groups' });
    const alias = await api.get(`/groups/${r.json.id}`, { query: { getalias: 1 } });
    assert.deepEqual(alias.json.alias, ['/linked_group']);

    assert.equal((await api.post('/groups', { body: { link: { id: root, name: 'linked_group' } } })).status, 409);
    assert.equal((await api.post('/groups', { body: { link: { id: root, name: 'a/b' } } })).status, 400);
    assert.equal((await api.post('/groups', { body: { link: { id: root } } })).status, 400);
    assert.equal((await api.post('/groups', { body: { link: { id: root, name: 'x' }, h5path: 'y' } })).status, 400);
    assert.equal((await api.post('/groups', { body: { link: 'x' } })).status, 400);
    assert.equal((await api.post('/groups', { body: { link: { id: 'foobar', name: 'x' } } })).status, 400);
    assert.equal((await api.post('/groups', { body: { link: { id: bogusGroupId(), name: 'x' } } })).status, 404);
    const other = await newDomain();
    assert.equal((await api.post('/groups', { body: { link: { id: other.root, name: 'x' } } })).status, 400);
    assert.equal((await other.api.get(`/groups/${other.root}`)).json.linkCount, 0);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 1);
  });

  it('POST /groups with h5path: 404 for missing parents unless implicit, 409 when taken', async () => {
    const { api, root } = await newDomain();
    const g1 = await api.post('/groups', { body: { h5path: 'g1' } });
    assert.equal(g1.status, 201);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 1);
    assert.equal((await api.get('/groups/', { query: { h5path: '/g1' } })).json.id, g1.json.id);

    assert.equal((await api.post('/groups', { body: { h5path: 'g2/g2.1' } })).status, 404);
    const g21 = await api.post('/groups', { body: { h5path: 'g2/g2.1' }, query: { implicit: 1 } });
    assert.equal(g21.status, 201);
    assert.equal(g21.json.linkCount, 0);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 2);
    assert.equal((await api.get('/groups/', { query: { h5path: '/g2' } })).json.linkCount, 1);
    assert.equal((await api.get('/groups/', { query: { h5path: '/g2/g2.1' } })).json.id, g21.json.id);

    const g22 = await api.post('/groups', { body: { h5path: '/g2/g2.2' } });
    assert.equal(g22.status, 201);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 2);
    assert.equal((await api.get('/groups/', { query: { h5path: '/g2' } })).json.linkCount, 2);

    assert.equal((await api.post('/groups', { body: { h5path: 'g1' } })).status, 409);
    assert.equal((await api.post('/groups', { body: { h5path: '' } })).status, 400);
    assert.equal((await api.post('/groups', { body: { h5path: 5 } })).status, 400);

    // relative to a parent group; an absolute path needs the root as parent
    const g2 = (await api.get('/groups/', { query: { h5path: '/g2' } })).json.id;
    const g23 = await api.post('/groups', { body: { h5path: 'g2.3', parent_id: g2 } });
    assert.equal(g23.status, 201);
    assert.equal((await api.get(`/groups/${g23.json.id}`, { query: { getalias: 1 } })).json.alias[0], '/g2/g2.3');
    assert.equal((await api.post('/groups', { body: { h5path: '/x', parent_id: g2 } })).status, 400);
    assert.equal((await api.post('/groups', { body: { h5path: 'x', parent_id: 'foobar' } })).status, 400);

    // every step must be a hard link to a group
    const t = await api.post('/datatypes', { body: { type: 'H5T_STD_I8LE', h5path: 'type1' } });
    assert.equal(t.status, 201);
    assert.equal((await api.post('/groups', { body: { h5path: 'type1/x' } })).status, 400);
    assert.equal((await api.put(`/groups/${root}/links/soft`, { body: { h5path: '/g1' } })).status, 201);
    assert.equal((await api.post('/groups', { body: { h5path: 'soft/x' } })).status, 400);
  });

  it('POST /groups stores creationProperties and GET returns them', async () => {
    const { api, root } = await newDomain();
    const cpl = { CreateOrder: true, rdcc_nbytes: 1024 };
    const r = await api.post('/groups', { body: { creationProperties: cpl } });
    assert.equal(r.status, 201);
    assert.ok(!('creationProperties' in r.json));
    const got = await api.get(`/groups/${r.json.id}`);
    assert.deepEqual(got.json.creationProperties, cpl);
    assert.notEqual(got.json.root, r.json.id);
    assert.deepEqual((await api.get(`/groups/${r.json.id}`, { query: { getalias: 1 } })).json.alias, []);
    // together with a placement
    const placed = await api.post('/groups', { body: { h5path: 'ordered', creationProperties: cpl } });
    assert.deepEqual((await api.get('/groups/', { query: { h5path: '/ordered' } })).json.creationProperties, cpl);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 1);
    assert.equal(placed.status, 201);
  });

  it('DELETE /groups/{id}: 403 for others and the root, 400 from another domain, then 410', async () => {
    const { api, root } = await newDomain();
    const g = await api.post('/groups', { body: { link: { id: root, name: 'doomed' } } });
    const id = g.json.id;
    assert.equal((await api.as('test_user2', 'test').delete(`/groups/${id}`)).status, 403);
    assert.equal((await api.as().delete(`/groups/${id}`)).status, 401);
    assert.equal((await api.delete(`/groups/${id}`, { domain: '/home/test_user1' })).status, 400);
    const other = await newDomain();
    assert.equal((await other.api.delete(`/groups/${id}`)).status, 400);
    assert.equal((await api.delete('/groups/foobar')).status, 400);
    assert.equal((await api.delete(`/groups/${bogusGroupId()}`)).status, 404);

    const del = await api.delete(`/groups/${id}`);
    assert.equal(del.status, 200);
    assert.deepEqual(del.json, {});
    assert.equal((await api.get(`/groups/${id}`)).status, 410);
    assert.equal((await api.delete(`/groups/${id}`)).status, 410);
    // the link to it is left in place, as HSDS does
    assert.equal((await api.get(`/groups/${root}/links/doomed`)).status, 200);
    assert.equal((await api.delete(`/groups/${root}`)).status, 403);
    assert.equal((await api.get(`/groups/${root}`)).status, 200);
  });

  it('GET /groups/?h5path= resolves absolute paths, and relative ones from /groups/{id}', async () => {
    const { api, root } = await newDomain();
    const g11 = (await api.post('/groups', { body: { h5path: 'g1/g1.1' }, query: { implicit: 1 } })).json.id;
    const g1 = (await api.get('/groups/', { query: { h5path: '/g1' } })).json.id;
    await api.post('/datatypes', { body: { type: 'H5T_STD_I32LE', h5path: '/g1/g1.1/type' } });

    const r = await api.get('/groups/', { query: { h5path: '/g1/g1.1' } });
    assert.equal(r.status, 200);
    assert.equal(r.json.id, g11);
    for (const k of ['id', 'hrefs', 'attributeCount', 'linkCount', 'domain', 'root', 'created', 'lastModified']) assert.ok(k in r.json, k);
    assert.ok(!('alias' in (await api.get('/groups/', { query: { h5path: '/g1', getalias: 1 } })).json));
    assert.equal((await api.get('/groups/', { query: { h5path: '/g1/g1.1/' } })).json.id, g11);
    assert.equal((await api.get(`/groups/${g1}`, { query: { h5path: './g1.1' } })).json.id, g11);
    assert.equal((await api.get(`/groups/${g1}`, { query: { h5path: 'g1.1' } })).json.id, g11);
    assert.equal((await api.get(`/groups/${g1}`, { query: { h5path: '/g1' } })).json.id, g1);
    assert.equal((await api.get('/groups/', { query: { h5path: '/' } })).json.id, root);
    assert.deepEqual((await api.get(`/groups/${g11}`, { query: { getalias: 1 } })).json.alias, ['/g1/g1.1']);

    assert.equal((await api.get('/groups/', { query: { h5path: '/g1/foobar' } })).status, 404);
    assert.equal((await api.get('/groups/', { query: { h5path: '/g1/g1.1/type' } })).status, 404);
    assert.equal((await api.get('/groups/', { query: { h5path: 'g1' } })).status, 400);
    assert.equal((await api.get('/groups/')).status, 400);
    assert.equal((await api.as('test_user1', 'wrong').get('/groups/', { query: { h5path: '/g1' } })).status, 401);
    assert.equal((await api.as('test_user2', 'test').get('/groups/', { query: { h5path: '/g1' } })).status, 403);
    // soft links are not followed here; a deleted link stays 410 for the rest of the server's life
    await api.put(`/groups/${root}/links/soft`, { body: { h5path: '/g1' } });
    assert.equal((await api.get('/groups/', { query: { h5path: '/soft/g1.1' } })).status, 400);
    assert.equal((await api.delete(`/groups/${g1}/links/g1.1`)).status, 200);
    assert.equal((await api.get('/groups/', { query: { h5path: '/g1/g1.1' } })).status, 410);
  });

  it('GET /groups lists reachable group ids, sorted, without the root; Limit and Marker page it', async () => {
    const { api, root } = await newDomain();
    const ids: string[] = [];
    for (const p of ['a', 'b', 'a/c', 'b/d']) ids.push((await api.post('/groups', { body: { h5path: p } })).json.id);
    await api.post('/groups'); // anonymous: not reachable
    await api.post('/datatypes', { body: { type: 'H5T_STD_U8LE', h5path: 'type' } });
    await api.put(`/groups/${root}/links/again`, { body: { id: ids[0] } });
    const expected = [...ids].sort();

    const r = await api.get('/groups');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.groups, expected);
    assert.deepEqual(r.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'root', 'home']);
    assert.deepEqual((await api.get('/groups', { query: { Limit: 2 } })).json.groups, expected.slice(0, 2));
    assert.deepEqual((await api.get('/groups', { query: { Marker: expected[1] } })).json.groups, expected.slice(2));
    assert.deepEqual((await api.get('/groups', { query: { Marker: expected[0], Limit: 2 } })).json.groups, expected.slice(1, 3));
    assert.deepEqual((await api.get('/groups', { query: { Marker: bogusGroupId() } })).json.groups, []);
    assert.equal((await api.get('/groups', { query: { Limit: 'x' } })).status, 400);
    assert.equal((await api.as('test_user2', 'test').get('/groups')).status, 403);
    assert.equal((await api.get('/groups', { domain: uniqueDomain('missing') })).status, 404);
    assert.equal((await api.get('/groups', { domain: '/home/test_user1' })).status, 400);
  });
});
