/**
 * ACLs over HTTP against the real server: reading them (own, `default`, others), writing them (merge, all
 * denied by default, `updateACL` enforced), group entries, folders and inheritance by new domains, and the
 * behaviours HSDS's tests/integ/acl_test.py checks.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, TestServer } from '../helpers/server.js';
import { Api, ensureHome, uniqueDomain } from '../helpers/http.js';

const ACL_KEYS = ['create', 'read', 'update', 'delete', 'readACL', 'updateACL'];

let server: TestServer;
let counter = 0;

/** A fresh domain owned by test_user1, with clients for its owner, test_user2, anonymous and admin. */
async function newDomain(folder = '/home/test_user1') {
  const path = `${folder}/acl_${process.pid}_${counter++}.h5`;
  const owner = new Api(server.url, 'test_user1', 'test', path);
  const r = await owner.put('/', {});
  assert.equal(r.status, 201, r.text);
  return {
    path,
    owner,
    user2: owner.as('test_user2', 'test'),
    anon: owner.as(undefined, undefined),
    admin: owner.as('admin', 'admin'),
    root: r.json.root as string,
  };
}

const flags = (acl: Record<string, unknown>) => Object.fromEntries(ACL_KEYS.map((k) => [k, acl[k]]));
const only = (...granted: string[]) => Object.fromEntries(ACL_KEYS.map((k) => [k, granted.includes(k)]));

before(async () => {
  server = await startServer();
  await ensureHome(server.url);
});

after(async () => {
  await server?.dispose();
});

describe('reading ACLs', () => {
  test('own entry, default and unknown users, other users need readACL (acl_test testGetAcl)', async () => {
    const d = await newDomain();
    let r = await d.owner.get('/acls/test_user1');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(Object.keys(r.json.acl).length, ACL_KEYS.length + 1);
    assert.deepEqual(r.json.acl, { ...only(...ACL_KEYS), userName: 'test_user1' });
    assert.deepEqual(
      r.json.hrefs.map((h: { rel: string }) => h.rel),
      ['self', 'root', 'home', 'owner'],
    );
    assert.match(r.json.hrefs[1].href, new RegExp(`/groups/${d.root}\\?domain=`));
    assert.equal((await d.owner.get('/acls/default')).status, 404);
    assert.equal((await d.owner.get('/acls/joebob')).status, 404);
    assert.equal((await d.user2.get('/acls/test_user1')).status, 403);
    assert.equal((await d.anon.get('/acls/test_user1')).status, 403);
    assert.equal((await d.admin.get('/acls/test_user1')).status, 200);
  });

  test('the list is sorted by user name with a userName field and needs readACL (testGetAcls)', async () => {
    const d = await newDomain();
    let r = await d.owner.get('/acls');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(r.json.acls, [{ userName: 'test_user1', ...only(...ACL_KEYS) }]);
    for (const user of ['zed', 'g:test_group', 'default', 'alice'])
      assert.equal((await d.owner.put(`/acls/${user}`, { body: { read: true } })).status, 201);
    r = await d.owner.get('/acls');
    assert.deepEqual(
      r.json.acls.map((a: { userName: string }) => a.userName),
      ['alice', 'default', 'g:test_group', 'test_user1', 'zed'],
    );
    assert.equal((await d.user2.get('/acls')).status, 403);
    assert.equal((await d.anon.get('/acls')).status, 403);
  });

  test('domain errors: none given 400, missing 404, deleted 410', async () => {
    const d = await newDomain();
    const noDomain = new Api(server.url, 'test_user1', 'test');
    assert.equal((await noDomain.get('/acls')).status, 400);
    assert.equal((await noDomain.put('/acls/test_user2', { body: { read: true } })).status, 400);
    assert.equal((await d.owner.get('/acls', { domain: uniqueDomain('missing') })).status, 404);
    assert.equal((await d.owner.delete('/')).status, 200);
    assert.equal((await d.owner.get('/acls')).status, 410);
    assert.equal((await d.owner.get('/acls/test_user1')).status, 410);
  });
});

describe('writing ACLs', () => {
  test('new entries start denied, updates merge, the entry shows the domain (acl_test testPutAcl)', async () => {
    const d = await newDomain();
    let r = await d.owner.put('/acls/test_user2', { body: { read: true, update: true } });
    assert.deepEqual([r.status, r.json], [201, {}]);
    r = await d.owner.get('/acls/test_user2');
    assert.equal(r.status, 200);
    // six flags + userName + the "domain" key HSDS's data node stores with the entry
    assert.equal(Object.keys(r.json.acl).length, ACL_KEYS.length + 2);
    assert.deepEqual(flags(r.json.acl), only('read', 'update'));
    assert.equal(r.json.acl.domain, `${server.bucket}${d.path}`);

    // test_user2 may read its own entry, not the owner's
    assert.equal((await d.user2.get('/acls/test_user2')).status, 200);
    assert.equal((await d.user2.get('/acls/test_user1')).status, 403);
    // the flags take effect: read and update yes, create no
    assert.equal((await d.user2.get('/')).status, 200);
    assert.equal((await d.user2.put(`/groups/${d.root}/attributes/a`, { body: { type: 'H5T_STD_I8LE', value: 1 } })).status, 403);
    assert.equal((await d.owner.put(`/groups/${d.root}/attributes/a`, { body: { type: 'H5T_STD_I8LE', value: 1 } })).status, 201);
    assert.equal((await d.user2.put(`/groups/${d.root}/attributes/a/value`, { body: { value: 2 } })).status, 200);

    assert.equal((await d.owner.put('/acls/test_user2', { body: { create: true, update: false } })).status, 201);
    r = await d.owner.get('/acls/test_user2');
    assert.deepEqual(flags(r.json.acl), only('read', 'create'));
    assert.equal((await d.owner.put('/acls/test_user2', { body: {} })).status, 201);
    assert.deepEqual(flags((await d.owner.get('/acls/test_user2')).json.acl), only('read', 'create'));
  });

  test('updateACL is enforced (HSDS only authenticates)', async () => {
    const d = await newDomain();
    assert.equal((await d.user2.put('/acls/test_user2', { body: { read: true } })).status, 403);
    assert.equal((await d.owner.put('/acls/test_user2', { body: { read: true } })).status, 201);
    assert.equal((await d.user2.put('/acls/test_user2', { body: { create: true } })).status, 403);
    assert.equal((await d.user2.put('/acls/default', { body: { read: true } })).status, 403);
    assert.equal((await d.owner.put('/acls/test_user2', { body: { updateACL: true } })).status, 201);
    assert.equal((await d.user2.put('/acls/test_user2', { body: { create: true } })).status, 201);
    assert.deepEqual(flags((await d.owner.get('/acls/test_user2')).json.acl), only('read', 'create', 'updateACL'));
    assert.equal((await d.admin.put('/acls/joebob', { body: { read: true } })).status, 201);
  });

  test('bad bodies are 400; writes need credentials (401)', async () => {
    const d = await newDomain();
    const bad: unknown[] = [{ foo: true }, { read: 'yes' }, { read: 1 }, { read: null }, { read: true, domain: 'x' }, '[true]', 'not json', '"read"'];
    for (const body of bad) assert.equal((await d.owner.put('/acls/test_user2', { body })).status, 400, JSON.stringify(body));
    assert.equal((await d.owner.put('/acls/test_user2')).status, 400);
    assert.equal((await d.anon.put('/acls/test_user2', { body: { read: true } })).status, 401);
    assert.equal((await d.owner.as('test_user1', 'wrong').put('/acls/test_user2', { body: { read: true } })).status, 401);
    assert.equal((await d.owner.get('/acls/test_user2')).status, 404);
  });

  test('default entry: anonymous and every user (read only)', async () => {
    const d = await newDomain();
    assert.equal((await d.anon.get('/')).status, 403);
    assert.equal((await d.owner.put('/acls/default', { body: { read: true } })).status, 201);
    assert.equal((await d.anon.get('/')).status, 200);
    assert.equal((await d.user2.get('/')).status, 200);
    let r = await d.user2.get('/acls/default');
    assert.deepEqual([r.status, flags(r.json.acl)], [200, only('read')]);
    assert.equal((await d.anon.get('/acls/default')).status, 200);
    assert.equal((await d.user2.put(`/groups/${d.root}/attributes/a`, { body: { type: 'H5T_STD_I8LE', value: 1 } })).status, 403);
    // a user's own entry is authoritative, even when it denies what default grants
    assert.equal((await d.owner.put('/acls/test_user2', { body: { update: true } })).status, 201);
    assert.equal((await d.user2.get('/')).status, 403);
    r = await d.user2.get('/acls/test_user2');
    assert.equal(r.status, 403);
  });

  test('group entries g:<group> grant their members (acl_test testGroupAcl)', async () => {
    const d = await newDomain();
    assert.equal((await d.user2.get('/')).status, 403);
    assert.equal((await d.owner.put('/acls/g:test_group', { body: { read: true, update: true } })).status, 201);
    const r = await d.owner.get('/acls/g:test_group');
    assert.equal(Object.keys(r.json.acl).length, ACL_KEYS.length + 2);
    assert.deepEqual([r.json.acl.userName, flags(r.json.acl)], ['g:test_group', only('read', 'update')]);
    assert.equal((await d.user2.get('/')).status, 200);
    assert.ok([403, 404].includes((await d.user2.get('/acls/test_user2')).status));
    assert.equal((await d.user2.get('/acls/test_user1')).status, 403);
    assert.equal((await d.user2.get('/acls/g:test_group')).status, 403);
    assert.equal((await d.anon.get('/')).status, 403);
  });
});

describe('folders', () => {
  test('folders have ACLs; new domains inherit the parent folder entries', async () => {
    const folder = `/home/test_user1/shared_${process.pid}`;
    const owner = new Api(server.url, 'test_user1', 'test', folder);
    assert.equal((await owner.put('/', { body: { folder: true } })).status, 201);
    let r = await owner.get('/acls');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.json.acls.map((a: { userName: string }) => a.userName),
      ['default', 'test_user1'],
    );
    assert.deepEqual(r.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'home', 'owner']);
    assert.equal((await owner.as('test_user2', 'test').put('/acls/test_user2', { body: { read: true } })).status, 403);
    assert.equal((await owner.put('/acls/test_user2', { body: { read: true, create: true } })).status, 201);
    assert.deepEqual(flags((await owner.get('/acls/test_user2')).json.acl), only('read', 'create'));

    // a domain created by the folder owner carries test_user2's folder entry
    const d = await newDomain(folder);
    r = await d.owner.get('/acls/test_user2');
    assert.deepEqual([r.status, flags(r.json.acl)], [200, only('read', 'create')]);
    assert.equal((await d.user2.get('/')).status, 200);
    assert.equal((await d.owner.get('/acls/default')).status, 404);
    // with create on the folder, test_user2 can add its own domain there
    const mine = new Api(server.url, 'test_user2', 'test', `${folder}/by_user2.h5`);
    r = await mine.put('/', {});
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(flags((await mine.get('/acls/test_user2')).json.acl), only(...ACL_KEYS));
  });
});
