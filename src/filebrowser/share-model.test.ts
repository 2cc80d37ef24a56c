import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, FetchTransport } from '../client/index.js';
import { startServer, TestServer } from '../../tests/helpers/server.js';
import { Api, ensureHome, uniqueDomain } from '../../tests/helpers/http.js';
import { describePrincipal, flagString, LEVEL_FLAGS, levelOf, principalOf } from './acl-levels.js';
import { DomainService } from './domain-service.js';
import { ShareModel } from './share-model.js';

function serviceAs(url: string, username: string, password: string): DomainService {
  const connection = new Connection({ endpoint: url, username, password, transport: new FetchTransport(), retries: 0 });
  return new DomainService(() => connection);
}

describe('ACL levels', () => {
  it('reads entry names as users, groups and the public', () => {
    assert.deepEqual(principalOf('ana'), { kind: 'user', name: 'ana' });
    assert.deepEqual(principalOf('g:team'), { kind: 'group', name: 'team' });
    assert.deepEqual(principalOf('default'), { kind: 'public', name: 'default' });
    assert.equal(describePrincipal(principalOf('g:team')), 'Group team');
  });

  it('names flag sets by level and prints them as hsacl does', () => {
    const all = { create: true, read: true, update: true, delete: true, readACL: true, updateACL: true };
    assert.equal(levelOf(all), 'full');
    assert.equal(levelOf(LEVEL_FLAGS.read), 'read');
    assert.equal(levelOf(LEVEL_FLAGS.readwrite), 'readwrite');
    assert.equal(levelOf(LEVEL_FLAGS.none), 'none');
    const readAndAcl = { ...LEVEL_FLAGS.read, readACL: true };
    assert.equal(levelOf(readAndAcl), 'custom');
    assert.equal(flagString(all), 'crudep');
    assert.equal(flagString(readAndAcl), '-r--e-');
  });
});

describe('ShareModel against the real server', () => {
  let server: TestServer;
  let owner: DomainService;
  let user2: Api;
  let anonymous: Api;

  before(async () => {
    server = await startServer();
    await ensureHome(server.url);
    owner = serviceAs(server.url, 'test_user1', 'test');
    user2 = new Api(server.url, 'test_user2', 'test');
    anonymous = new Api(server.url);
  });
  after(() => server.dispose());

  async function sharedDomain(): Promise<ShareModel> {
    const path = uniqueDomain('share');
    assert.equal((await new Api(server.url, 'test_user1', 'test').put('/', { domain: path })).status, 201);
    const model = new ShareModel(owner, await owner.stat(path));
    await model.load();
    return model;
  }

  it('lists the owner first, with full control', async () => {
    const model = await sharedDomain();
    assert.equal(model.error, '');
    assert.deepEqual(
      model.entries.map((e) => [e.aclName, e.level, e.isOwner, e.isYou]),
      [['test_user1', 'full', true, true]],
    );
  });

  it('shares with a user for reading, then for writing, and the service enforces it', async () => {
    const model = await sharedDomain();
    const domain = model.item.path;
    assert.equal((await user2.get('/', { domain })).status, 403);

    assert.equal(await model.add({ kind: 'user', name: 'test_user2' }, 'read'), true);
    assert.deepEqual(model.entries.map((e) => [e.aclName, e.level]), [['test_user1', 'full'], ['test_user2', 'read']]);
    const stored = (await user2.get('/acls/test_user2', { domain })).json.acl;
    assert.deepEqual(flagString(stored), '-r----');
    const root = (await user2.get('/', { domain })).json.root as string;
    assert.equal((await user2.post('/groups', { domain, body: {} })).status, 403);

    assert.equal(await model.setLevel('test_user2', 'readwrite'), true);
    assert.equal(model.entries.find((e) => e.aclName === 'test_user2')?.level, 'readwrite');
    assert.equal((await user2.post('/groups', { domain, body: { link: { id: root, name: 'by_user2' } } })).status, 201);
    // Read/write does not include changing who has access.
    assert.equal((await user2.put('/acls/test_user2', { domain, body: { readACL: true } })).status, 403);

    assert.equal(await model.setLevel('test_user2', 'none'), true);
    assert.equal((await user2.get('/', { domain })).status, 403);
  });

  it('shares with the public and with a group', async () => {
    const model = await sharedDomain();
    const domain = model.item.path;
    assert.equal((await anonymous.get('/', { domain })).status, 403);
    assert.equal(await model.add({ kind: 'public', name: '' }, 'read'), true);
    assert.equal((await anonymous.get('/', { domain })).status, 200);
    assert.equal(await model.setLevel('default', 'none'), true);
    assert.equal((await anonymous.get('/', { domain })).status, 403);

    assert.equal(await model.add({ kind: 'group', name: ' test_group ' }, 'read'), true);
    assert.ok(model.entries.some((e) => e.aclName === 'g:test_group' && e.level === 'read' && e.principal.kind === 'group'));
    // test_user2 is in test_group.
    assert.equal((await user2.get('/', { domain })).status, 200);
  });

  it('refuses names that cannot be ACL entries without asking the service', async () => {
    const model = await sharedDomain();
    assert.equal(await model.add({ kind: 'user', name: 'two words' }, 'read'), false);
    assert.match(model.error, /cannot contain spaces/);
    assert.equal(await model.add({ kind: 'group', name: '' }, 'read'), false);
    assert.match(model.error, /Enter a group name/);
    assert.equal(model.entries.length, 1);
  });

  it('explains when the user may not see or change the sharing', async () => {
    const model = await sharedDomain();
    await model.add({ kind: 'user', name: 'test_user2' }, 'read');
    const theirs = new ShareModel(serviceAs(server.url, 'test_user2', 'test'), model.item);
    await theirs.load();
    assert.match(theirs.error, /^You do not have permission to see who has access to \/home\/test_user1\/share_/);
    assert.equal(await theirs.add({ kind: 'public', name: '' }, 'readwrite'), false);
    assert.match(theirs.error, /^You do not have permission to change the access of default to/);
    assert.equal((await anonymous.get('/', { domain: model.item.path })).status, 403);
  });
});
