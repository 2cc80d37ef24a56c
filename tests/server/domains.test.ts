import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer, TestServer } from '../helpers/server.js';
import { Api, ensureHome, uniqueDomain } from '../helpers/http.js';

describe('domains and folders', () => {
  let server: TestServer;
  let api: Api;

  before(async () => {
    server = await startServer();
    api = new Api(server.url, 'test_user1', 'test');
    await ensureHome(server.url);
  });
  after(() => server.dispose());

  it('GET /about answers READY with an h5pyd-compatible version and HSDS headers', async () => {
    const r = await api.get('/about');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(r.json.state, 'READY');
    assert.match(r.json.hsds_version, /^0\.9\./);
    assert.equal(r.json.username, 'test_user1');
    assert.ok(!(r.headers.get('server') ?? '').toLowerCase().includes('python'));
    assert.equal(r.headers.get('x-xss-protection'), '1; mode=block');
    const anon = await api.as().get('/about');
    assert.equal(anon.json.username, 'anonymous');
    const bad = await api.as('test_user1', 'wrong').get('/about');
    assert.equal(bad.status, 401);
  });

  it('GET /info reports a service node', async () => {
    const r = await api.get('/info');
    assert.equal(r.status, 200);
    assert.match(r.json.node.id, /^sn-/);
    assert.equal(r.json.node.type, 'sn');
    assert.equal(r.json.node.state, 'READY');
    assert.ok(!('node_number' in r.json.node));
  });

  it('answers CORS preflight requests', async () => {
    const r = await fetch(server.url + '/about', {
      method: 'OPTIONS',
      headers: { Origin: 'http://example.org', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-methods'), 'GET');
    assert.ok(r.headers.get('access-control-allow-origin'));
  });

  it('creates, reads, lists and deletes a domain', async () => {
    const domain = uniqueDomain();
    const created = await api.put('/', { domain });
    assert.equal(created.status, 201);
    assert.match(created.json.root, /^g-/);
    assert.equal(created.json.owner, 'test_user1');
    assert.deepEqual(created.json.limits, { min_chunk_size: 1048576, max_chunk_size: 4194304, max_request_size: 104857600 });
    assert.ok(created.json.compressors.includes('gzip'));
    assert.equal((await api.put('/', { domain })).status, 409);

    const got = await api.get('/', { domain });
    assert.equal(got.status, 200);
    assert.equal(got.json.class, 'domain');
    assert.equal(got.json.root, created.json.root);
    assert.equal(got.json.hrefs.length, 7);

    const listing = await api.get('/domains', { domain: '/home/test_user1/' });
    assert.equal(listing.status, 200);
    const item = listing.json.domains.find((d: { name: string }) => d.name === domain);
    assert.ok(item, 'new domain is listed');
    assert.equal(item.class, 'domain');

    // The storage layout is HSDS's, in a root dir as in a bucket: <path>/.domain.json and db/<root16>/.group.json.
    const hex = created.json.root.slice(2).replace(/-/g, '');
    const rootKey = `db/${hex.slice(0, 8)}-${hex.slice(8, 16)}/.group.json`;
    assert.deepEqual(await server.storage.keys(domain.slice(1) + '/'), [`${domain.slice(1)}/.domain.json`]);
    assert.deepEqual(await server.storage.keys(rootKey.slice(0, -'.group.json'.length)), [rootKey]);

    const del = await api.delete('/', { domain });
    assert.equal(del.status, 200);
    assert.equal((await api.get('/', { domain })).status, 410);
  });

  it('creates folders, refuses to delete non-empty ones, and lists with Limit/Marker/pattern', async () => {
    const folder = uniqueDomain('folder');
    assert.equal((await api.put('/', { domain: folder, body: { folder: true } })).status, 201);
    const f = await api.get('/', { domain: folder });
    assert.equal(f.json.class, 'folder');
    assert.ok(!('root' in f.json));
    for (const n of ['a.h5', 'b.h5', 'c.txt']) assert.equal((await api.put('/', { domain: `${folder}/${n}` })).status, 201);
    assert.equal((await api.delete('/', { domain: folder })).status, 409);

    const all = await api.get('/domains', { domain: folder + '/' });
    assert.deepEqual(all.json.domains.map((d: { name: string }) => d.name), [`${folder}/a.h5`, `${folder}/b.h5`, `${folder}/c.txt`]);
    const page = await api.get('/domains', { domain: folder + '/', query: { Limit: 1, Marker: `${folder}/a.h5` } });
    assert.deepEqual(page.json.domains.map((d: { name: string }) => d.name), [`${folder}/b.h5`]);
    const h5 = await api.get('/domains', { domain: folder + '/', query: { pattern: '*.h5' } });
    assert.equal(h5.json.domains.length, 2);
    const verbose = await api.get('/domains', { domain: folder + '/', query: { verbose: 1 } });
    assert.equal(verbose.json.domains[0].num_groups, 1);
  });

  it('requires an existing parent folder and create permission', async () => {
    assert.equal((await api.put('/', { domain: '/home/test_user1/nofolder/x.h5' })).status, 404);
    const parentDomain = uniqueDomain();
    assert.equal((await api.put('/', { domain: parentDomain })).status, 201);
    assert.equal((await api.put('/', { domain: `${parentDomain}/child.h5` })).status, 400);
    // test_user2 may not create in test_user1's folder
    assert.equal((await api.as('test_user2', 'test').put('/', { domain: uniqueDomain() })).status, 403);
    // only admin creates top-level domains
    assert.equal((await api.put('/', { domain: '/toplevel_' + process.pid })).status, 403);
    assert.equal((await api.as('admin', 'admin').put('/', { domain: '/toplevel_' + process.pid, body: { folder: true } })).status, 201);
  });

  it('needs credentials to write and enforces read ACLs', async () => {
    const domain = uniqueDomain();
    assert.equal((await api.as().put('/', { domain })).status, 401);
    assert.equal((await api.as('test_user1', 'nope').put('/', { domain })).status, 401);
    assert.equal((await api.put('/', { domain })).status, 201);
    // new domains are private unless default_public
    assert.equal((await api.as().get('/', { domain })).status, 403);
    assert.equal((await api.as('test_user2', 'test').get('/', { domain })).status, 403);
    assert.equal((await api.as('admin', 'admin').get('/', { domain })).status, 200);
    assert.equal((await api.as('test_user2', 'test').delete('/', { domain })).status, 403);
  });

  it('supports flush, rescan and verbose summaries', async () => {
    const domain = uniqueDomain();
    await api.put('/', { domain });
    assert.equal((await api.put('/', { domain, query: { flush: 1 } })).status, 204);
    assert.equal((await api.put('/', { domain, query: { flush: 1, rescan: 1 } })).status, 204);
    const v = await api.get('/', { domain, query: { verbose: 1 } });
    assert.equal(v.status, 200);
    assert.equal(v.json.num_groups, 1);
    assert.equal(v.json.num_datasets, 0);
    assert.equal(v.json.allocated_bytes, 0);
    assert.ok(v.json.total_size > 100 && v.json.total_size < 600, `total_size ${v.json.total_size}`);
    const ids = await api.put('/', { domain, query: { flush: 1, getdnids: 1 } });
    assert.equal(ids.status, 200);
    assert.ok(Array.isArray(ids.json.dn_ids));
  });

  it('serves getobjs for h5pyd and h5path lookups', async () => {
    const domain = uniqueDomain();
    const root = (await api.put('/', { domain })).json.root;
    const r = await api.get('/', { domain, query: { getobjs: 'T', include_attrs: 'T', getdnids: 1 } });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json.domain_objs), [root]);
    assert.ok('attributes' in r.json.domain_objs[root]);
    assert.ok('links' in r.json.domain_objs[root]);
    const byPath = await api.get('/', { domain, query: { h5path: '/' } });
    assert.equal(byPath.status, 200);
    assert.equal(byPath.json.id, root);
    assert.equal(byPath.json.class, 'group');
    assert.equal((await api.get('/', { domain, query: { h5path: '/missing' } })).status, 404);
    const post = await api.post('/', { domain, body: { h5paths: ['/'] } });
    assert.equal(post.status, 200);
    assert.equal(post.json.h5paths['/'].id, root);
    assert.equal((await api.post('/', { domain, body: { h5paths: ['/nope'] } })).status, 404);
    assert.equal((await api.post('/', { domain, body: { nothing: 1 } })).status, 400);
  });

  it('rejects bad domain names and buckets without touching storage', async () => {
    const before = await server.storage.keys();
    const bad = [
      'bad_domain.h5',
      '/home/test_user1/../test_user2/x.h5',
      '/home/test_user1//x.h5',
      '/home/test_user1/./x.h5',
      '/home/test_user1/x\u0000.h5',
      '/home/test_user1/x\n.h5',
      '/home/test_user1/x.h5/',
      '/db/x.h5',
    ];
    for (const domain of bad) {
      const r = await api.put('/', { domain });
      assert.ok(r.status === 400 || r.status === 403, `${JSON.stringify(domain)} → ${r.status}`);
      assert.ok(r.reason.length > 0);
    }
    assert.equal((await api.get('/', { domain: '/home/test_user1/x.h5', query: { bucket: 'bad/bucket' } })).status, 400);
    assert.equal((await api.get('/', { domain: '/home/test_user1/x.h5', query: { bucket: '..' } })).status, 400);
    const hostOnly = await fetch(server.url + '/?host=tall.test.hdfgroup.org');
    assert.equal(hostOnly.status, 400);
    assert.deepEqual(await server.storage.keys(), before);
    if (server.store === 'posix') assert.ok(!existsSync(path.join(server.rootDir, 'test_user2')));
  });

  it('answers malformed requests with 4xx and a reason', async () => {
    const domain = uniqueDomain();
    const r = await api.put('/', { domain, body: '{not json' });
    assert.equal(r.status, 400);
    assert.match(r.text, /^400: /);
    const auth = await api.request('GET', '/', { domain, headers: { Authorization: 'Basic !!!' } });
    assert.equal(auth.status, 400);
    const scheme = await api.request('GET', '/', { domain, headers: { Authorization: 'Digest abc' } });
    assert.equal(scheme.status, 400);
    assert.equal((await api.get('/nosuchroute')).status, 404);
    assert.equal((await api.request('PATCH', '/', { domain })).status, 405);
  });

  it('lists top-level folders when no domain is given', async () => {
    const r = await api.get('/');
    assert.equal(r.status, 200);
    assert.ok(r.json.domains.some((d: { name: string }) => d.name === '/home'));
  });
});
