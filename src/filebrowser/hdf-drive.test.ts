import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Contents, ServerConnection } from '@jupyterlab/services';
import { Connection, Dataset, FetchTransport, File } from '../client/index.js';
import { startServer, TestServer } from '../../tests/helpers/server.js';
import { Api, ensureHome } from '../../tests/helpers/http.js';
import { DomainService } from './domain-service.js';
import { DOMAIN_CONTENT_TYPE, HdfDrive, IDomainModel } from './hdf-drive.js';

// The drive only hands serverSettings to JupyterLab; nothing here reads them.
const serverSettings = {} as ServerConnection.ISettings;

function driveAs(url: string, username: string, password: string, pageSize?: number): HdfDrive {
  const connection = new Connection({ endpoint: url, username, password, transport: new FetchTransport(), retries: 0 });
  return new HdfDrive({ service: new DomainService(() => connection, { pageSize }), serverSettings });
}

/** The error `promise` rejects with (failing the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error & { response?: { status: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { response?: { status: number } };
  }
  return assert.fail('expected a rejection');
}

describe('HdfDrive against the real server', () => {
  let server: TestServer;
  let drive: HdfDrive;
  let admin: Api;
  let user1: Api;
  let home: string;
  let n = 0;
  /** A fresh folder under /home/test_user1 for one test, as a drive path. */
  const freshFolder = async (): Promise<string> => {
    const path = `${home}/case${n++}`;
    assert.equal((await user1.put('/', { domain: path, body: { folder: true } })).status, 201);
    return path.slice(1);
  };

  before(async () => {
    server = await startServer();
    await ensureHome(server.url);
    await ensureHome(server.url, 'test_user2');
    admin = new Api(server.url, 'admin', 'admin');
    user1 = new Api(server.url, 'test_user1', 'test');
    home = '/home/test_user1';
    drive = driveAs(server.url, 'test_user1', 'test');
  });
  after(() => server.dispose());

  it('lists the top-level folders at the root of the drive', async () => {
    assert.equal((await admin.put('/', { domain: '/shared', body: { folder: true } })).status, 201);
    const root = await drive.get('');
    assert.equal(root.type, 'directory');
    assert.equal(root.path, '');
    const names = (root.content as IDomainModel[]).map((item) => [item.name, item.path, item.type, item.owner]);
    assert.deepEqual(names.sort(), [
      ['home', 'home', 'directory', 'admin'],
      ['shared', 'shared', 'directory', 'admin'],
    ]);
  });

  it('lists a folder as directories and domains, with owner and times as the service reports them', async () => {
    const folder = await freshFolder();
    assert.equal((await user1.put('/', { domain: `/${folder}/data.h5` })).status, 201);
    assert.equal((await user1.put('/', { domain: `/${folder}/sub`, body: { folder: true } })).status, 201);
    const listing = await drive.get(folder);
    assert.equal(listing.type, 'directory');
    assert.equal(listing.domain, `/${folder}`);
    assert.equal(listing.owner, 'test_user1');
    const raw = (await user1.get('/domains', { domain: `/${folder}/` })).json.domains as { name: string; lastModified: number; created: number }[];
    const items = listing.content as IDomainModel[];
    assert.equal(items.length, 2);
    for (const item of items) {
      const entry = raw.find((r) => r.name === `/${item.path}`)!;
      assert.ok(entry, item.path);
      assert.equal(new Date(item.last_modified).getTime(), Math.round(entry.lastModified * 1000));
      assert.equal(new Date(item.created).getTime(), Math.round(entry.created * 1000));
      assert.equal(item.owner, 'test_user1');
      assert.equal(item.writable, true);
    }
    const byName = Object.fromEntries(items.map((item) => [item.name, item]));
    assert.equal(byName['data.h5'].type, DOMAIN_CONTENT_TYPE);
    assert.equal(byName['data.h5'].mimetype, 'application/x-hdf5');
    assert.equal(byName['data.h5'].path, `${folder}/data.h5`);
    assert.equal(byName.sub.type, 'directory');
  });

  it('reads large folders page by page, every item once', async () => {
    const folder = await freshFolder();
    const names = Array.from({ length: 7 }, (_, i) => `d${i}.h5`);
    for (const name of names) assert.equal((await user1.put('/', { domain: `/${folder}/${name}` })).status, 201);
    const paged = driveAs(server.url, 'test_user1', 'test', 3);
    const listed = ((await paged.get(folder)).content as IDomainModel[]).map((item) => item.name);
    assert.deepEqual(listed.sort(), names);
  });

  it('marks items of other users as not writable', async () => {
    const items = (await drive.get('home')).content as IDomainModel[];
    const writable = Object.fromEntries(items.map((item) => [item.name, item.writable]));
    assert.deepEqual(writable, { test_user1: true, test_user2: false });
  });

  it('describes a domain without opening it as a document', async () => {
    const folder = await freshFolder();
    assert.equal((await user1.put('/', { domain: `/${folder}/one.h5` })).status, 201);
    const model = await drive.get(`${folder}/one.h5`, { content: false });
    assert.equal(model.type, DOMAIN_CONTENT_TYPE);
    assert.equal(model.content, null);
    const error = await rejection(drive.get(`${folder}/one.h5`));
    assert.match(error.message, /is an HDF domain, not a document/);
  });

  it('answers 404 for missing items, which takes the file browser back to the top level', async () => {
    const error = await rejection(drive.get('home/test_user1/no-such-folder'));
    assert.equal(error.response?.status, 404);
    assert.match(error.message, /\/home\/test_user1\/no-such-folder does not exist/);
  });

  it('creates untitled folders and domains with the next free name', async () => {
    const folder = await freshFolder();
    const changes: Contents.IChangedArgs[] = [];
    const record = (_: unknown, change: Contents.IChangedArgs) => changes.push(change);
    drive.fileChanged.connect(record);
    const f1 = await drive.newUntitled({ path: folder, type: 'directory' });
    const f2 = await drive.newUntitled({ path: folder, type: 'directory' });
    const d1 = await drive.newUntitled({ path: folder, type: 'file', ext: '.h5' });
    const d2 = await drive.newUntitled({ path: folder, type: DOMAIN_CONTENT_TYPE });
    assert.deepEqual([f1.name, f2.name, d1.name, d2.name], ['Untitled Folder', 'Untitled Folder 1', 'untitled.h5', 'untitled1.h5']);
    assert.equal((await user1.get('/', { domain: `/${folder}/Untitled Folder 1` })).json.class, 'folder');
    assert.match((await user1.get('/', { domain: `/${folder}/untitled1.h5` })).json.root, /^g-/);
    assert.deepEqual(changes.map((c) => [c.type, c.newValue?.path]), [
      ['new', `${folder}/Untitled Folder`],
      ['new', `${folder}/Untitled Folder 1`],
      ['new', `${folder}/untitled.h5`],
      ['new', `${folder}/untitled1.h5`],
    ]);
    drive.fileChanged.disconnect(record);
    await assert.rejects(drive.newUntitled({ path: folder, type: 'notebook' }), /folders and domains only/);
  });

  it('moves a domain with its data and its sharing, and the old path is gone', async () => {
    const folder = await freshFolder();
    const target = await freshFolder();
    const connection = new Connection({ endpoint: server.url, username: 'test_user1', password: 'test' });
    const file = await File.open(`/${folder}/data.h5`, 'w', { connection });
    await file.createDataset('values', { data: [1.5, 2.5, 3.5], dtype: 'f8' });
    await file.close();
    assert.equal((await user1.put('/acls/test_user2', { domain: `/${folder}/data.h5`, body: { read: true } })).status, 201);
    assert.equal((await user1.put('/acls/default', { domain: `/${folder}/data.h5`, body: { read: false } })).status, 201);

    const moved = await drive.rename(`${folder}/data.h5`, `${target}/renamed.h5`);
    assert.equal(moved.path, `${target}/renamed.h5`);
    assert.equal(moved.type, DOMAIN_CONTENT_TYPE);
    assert.equal((await user1.get('/', { domain: `/${folder}/data.h5` })).status, 410);
    const reopened = await File.open(`/${target}/renamed.h5`, 'r', { connection });
    const values = await ((await reopened.get('values')) as Dataset).read();
    assert.deepEqual(Array.from(values.data as Float64Array), [1.5, 2.5, 3.5]);
    // test_user2 may still read it, and its public access stays off.
    const user2 = new Api(server.url, 'test_user2', 'test');
    assert.equal((await user2.get('/', { domain: `/${target}/renamed.h5` })).status, 200);
    const acls = (await user1.get('/acls', { domain: `/${target}/renamed.h5` })).json.acls as { userName: string; read: boolean }[];
    assert.deepEqual(
      acls.map((a) => [a.userName, a.read]),
      [['default', false], ['test_user1', true], ['test_user2', true]],
    );
    assert.equal((await new Api(server.url).get('/', { domain: `/${target}/renamed.h5` })).status, 403);
  });

  it('asks before a move over an existing domain (409) and refuses to move folders with items', async () => {
    const folder = await freshFolder();
    assert.equal((await user1.put('/', { domain: `/${folder}/a.h5` })).status, 201);
    assert.equal((await user1.put('/', { domain: `/${folder}/b.h5` })).status, 201);
    const exists = await rejection(drive.rename(`${folder}/a.h5`, `${folder}/b.h5`));
    assert.equal(exists.response?.status, 409);
    assert.equal((await user1.get('/', { domain: `/${folder}/a.h5` })).status, 200);
    const folderMove = await rejection(drive.rename(folder, `${folder}-renamed`));
    assert.equal(folderMove.response?.status, 400);
    assert.match(folderMove.message, /^Only empty folders can be renamed or moved/);
    assert.equal((await user1.get('/', { domain: `/${folder}` })).status, 200);
    await assert.rejects(drive.rename(`${folder}/a.h5`, `${folder}/a.h5 `), /may not start or end with spaces/);
  });

  it('renames an empty folder (as after New Folder), keeping who it is shared with', async () => {
    const folder = await freshFolder();
    const created = await drive.newUntitled({ path: folder, type: 'directory' });
    assert.equal((await user1.put('/acls/test_user2', { domain: `/${created.path}`, body: { read: true, create: true } })).status, 201);
    const renamed = await drive.rename(created.path, `${folder}/results`);
    assert.equal(renamed.type, 'directory');
    assert.equal(renamed.path, `${folder}/results`);
    assert.equal((await user1.get('/', { domain: `/${created.path}` })).status, 410);
    assert.equal((await user1.get('/', { domain: `/${folder}/results` })).json.class, 'folder');
    const acl = (await user1.get('/acls/test_user2', { domain: `/${folder}/results` })).json.acl;
    assert.deepEqual([acl.read, acl.create, acl.update], [true, true, false]);
  });

  it('deletes domains and empty folders, and explains why a full folder stays', async () => {
    const folder = await freshFolder();
    assert.equal((await user1.put('/', { domain: `/${folder}/x.h5` })).status, 201);
    const full = await rejection(drive.delete(folder));
    assert.equal(full.response?.status, 409);
    assert.match(full.message, /is not empty \(1 item\)/);
    assert.equal((await user1.get('/', { domain: `/${folder}` })).status, 200);
    await drive.delete(`${folder}/x.h5`);
    assert.equal((await user1.get('/', { domain: `/${folder}/x.h5` })).status, 410);
    await drive.delete(folder);
    assert.equal((await user1.get('/', { domain: `/${folder}` })).status, 410);
  });

  it("says who may not do what: another user's domain cannot be deleted", async () => {
    const folder = await freshFolder();
    assert.equal((await user1.put('/', { domain: `/${folder}/mine.h5` })).status, 201);
    const other = driveAs(server.url, 'test_user2', 'test');
    const unreadable = await rejection(other.delete(`${folder}/mine.h5`));
    assert.equal(unreadable.response?.status, 403);
    assert.match(unreadable.message, new RegExp(`^You do not have permission to delete /${folder}/mine\\.h5`));
    assert.equal((await user1.put('/acls/test_user2', { domain: `/${folder}/mine.h5`, body: { read: true } })).status, 201);
    const error = await rejection(other.delete(`${folder}/mine.h5`));
    assert.equal(error.response?.status, 403);
    assert.match(error.message, new RegExp(`^You do not have permission to delete /${folder}/mine\\.h5`));
    assert.equal((await user1.get('/', { domain: `/${folder}/mine.h5` })).status, 200);
  });

  it('creates folders through save, and refuses uploads, copies and checkpoints it cannot do', async () => {
    const folder = await freshFolder();
    const created = await drive.save(`${folder}/made`, { type: 'directory' });
    assert.equal(created.type, 'directory');
    assert.equal((await user1.get('/', { domain: `/${folder}/made` })).json.class, 'folder');
    await assert.rejects(drive.save(`${folder}/text.txt`, { type: 'file', format: 'text', content: 'x' }), /Only HDF5 files/);
    await assert.rejects(drive.save(`${folder}/up.h5`, { type: 'file', format: 'base64', content: '' }), /cannot upload files/);
    await assert.rejects(drive.save('up.h5', { type: 'file', format: 'base64', content: '' }), /cannot be created at the top level/);
    await assert.rejects(drive.copy(`${folder}/made`), /use hscopy/);
    await assert.rejects(drive.getDownloadUrl(`${folder}/made`), /is a folder/);
    assert.deepEqual(await drive.listCheckpoints(), []);
  });

  it('tells when the service does not answer', async () => {
    const closed = await startServer();
    const url = closed.url;
    await closed.dispose();
    const error = await rejection(driveAs(url, 'test_user1', 'test').get('home'));
    assert.match(error.message, /^The HDF service does not answer, so could not open \/home/);
  });
});
