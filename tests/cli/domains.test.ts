/**
 * hsinfo, hstouch, hsdel/hsrm, hsmv, hsacl and hsstat against a real server: what they print (h5pyd's
 * layouts) and what they change, checked through the SDK.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/client/dataset.js';
import { Folder } from '../../src/client/folder.js';
import { HsError } from '../../src/client/errors.js';
import { UndiciTransport } from '../../src/client/node/undici-transport.js';
import { TestServer } from '../helpers/server.js';
import { cli, makeTall, openDomain, startClientServer, TIMESTAMP } from './support.js';

const DIR = `/home/test_user1/dom_${process.pid}/`;

describe('domain and folder tools', () => {
  let server: TestServer;
  let run: ReturnType<typeof cli>;
  let admin: ReturnType<typeof cli>;

  const exists = async (domain: string) => {
    try {
      await (await openDomain(server, domain)).close();
      return true;
    } catch (e) {
      if (e instanceof HsError && e.isNotFound) return false;
      throw e;
    }
  };

  before(async () => {
    server = await startClientServer();
    run = cli(server);
    admin = cli(server, 'admin', 'admin');
    assert.equal((await run('hstouch', [DIR])).code, 0);
  });
  after(() => server.dispose());

  it('hsinfo shows the server and the user', async () => {
    const r = await run('hsinfo', []);
    assert.equal(r.code, 0, r.stderr);
    const keys = r.lines.map((l) => l.slice(0, l.indexOf(':')));
    assert.deepEqual(keys, ['server name', 'server state', 'endpoint', 'username', 'password', 'home', 'server version', 'node count', 'up', 'h5lab version']);
    assert.ok(r.lines.includes('server state: READY'));
    assert.ok(r.lines.includes(`endpoint: ${server.url}`));
    assert.ok(r.lines.includes('username: test_user1'));
    assert.ok(r.lines.includes('password: ****'));
    assert.ok(r.lines.includes('home: /home/test_user1/'));
    assert.ok(r.lines.includes('server version: 0.9.4'));
    assert.match(r.lines[8], /^up: \d+ sec$/);
    assert.ok((await admin('hsinfo', [])).lines.includes('username: admin (admin)'));
  });

  it('hstouch creates folders and domains, and touches existing domains', async () => {
    const r = await run('hstouch', ['-v', `${DIR}made/`, `${DIR}made/new.h5`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.lines[0], `folder created ${DIR}made/`);
    assert.match(r.lines[1], new RegExp(`^domain created: ${DIR}made/new.h5, root id: g-[0-9a-f-]{36}$`));
    const folder = await Folder.open(`${DIR}made/`, 'r', { endpoint: server.url, username: 'test_user1', password: 'test', transport: new UndiciTransport() });
    assert.deepEqual(await folder.keys(), ['new.h5']);
    await folder.close();

    const before = await openDomain(server, `${DIR}made/new.h5`);
    const touched = await run('hstouch', ['-v', `${DIR}made/new.h5`]);
    assert.equal(touched.lines[0], `updated timestamp for domain: ${DIR}made/new.h5`);
    const after = await openDomain(server, `${DIR}made/new.h5`);
    assert.equal(after.id, before.id, 'same domain');
    assert.equal(await after.attrs.get('hstouch'), 1);
    await before.close();
    await after.close();

    const missing = await run('hstouch', [`${DIR}nope/x.h5`]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `hstouch: Parent folder ${DIR}nope/ not found\n`);
    const again = await run('hstouch', [`${DIR}made/`]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists/);
    assert.equal((await admin('hstouch', ['/ab/'])).stderr, 'hstouch: Top-level folders must be at least three characters\n');
  });

  it('hstouch -o sets the owner (administrators)', async () => {
    const r = await admin('hstouch', ['-o', 'test_user2', `${DIR}theirs.h5`]);
    assert.equal(r.code, 0, r.stderr);
    const f = await openDomain(server, `${DIR}theirs.h5`, 'r', 'test_user2');
    assert.equal(f.owner, 'test_user2');
    await f.close();
    const denied = await run('hstouch', ['-o', 'test_user2', `${DIR}mine.h5`]);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /^hstouch: Permission denied/);
  });

  it('hsdel and hsrm delete domains and empty folders', async () => {
    assert.equal((await run('hstouch', [`${DIR}gone/`, `${DIR}gone/a.h5`, `${DIR}gone/b.h5`])).code, 0);
    const notEmpty = await run('hsdel', [`${DIR}gone/`]);
    assert.equal(notEmpty.code, 1);
    assert.equal(notEmpty.stderr, `hsdel: folder ${DIR}gone/ has sub-items: delete them first\n`);
    const r = await run('hsdel', ['-v', `${DIR}gone/a.h5`]);
    assert.deepEqual(r.lines, [`Domain: ${DIR}gone/a.h5 deleted`]);
    assert.equal(await exists(`${DIR}gone/a.h5`), false);
    assert.equal((await run('hsrm', [`${DIR}gone/b.h5`, `${DIR}gone/`])).code, 0);
    assert.equal(await exists(`${DIR}gone/b.h5`), false);
    const missing = await run('hsdel', [`${DIR}gone/b.h5`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^hsdel: Parent folder .* not found\n$/);
    const ignored = await run('hsrm', ['--ignore', `${DIR}nope1.h5`, `${DIR}nope2.h5`]);
    assert.equal(ignored.code, 0);
    assert.deepEqual(ignored.stderr.split('\n').filter(Boolean), [`hsrm: domain: ${DIR}nope1.h5 not found`, `hsrm: domain: ${DIR}nope2.h5 not found`]);
  });

  it('hsmv renames a domain without copying its objects', async () => {
    await makeTall(server, `${DIR}move.h5`);
    const src = await openDomain(server, `${DIR}move.h5`);
    const rootId = src.id;
    await src.close();
    assert.equal((await run('hstouch', [`${DIR}to/`])).code, 0);
    const r = await run('hsmv', ['-v', `${DIR}move.h5`, `${DIR}to/`]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines, [`${DIR}move.h5 moved to ${DIR}to/move.h5`]);
    assert.equal(await exists(`${DIR}move.h5`), false);
    const moved = await openDomain(server, `${DIR}to/move.h5`);
    assert.equal(moved.id, rootId, 'the destination uses the source root group');
    const d = (await moved.get('g1/g1.1/dset1.1.2')) as Dataset;
    assert.deepEqual(Array.from((await d.read()).data as Int32Array), Array.from({ length: 20 }, (_, i) => i));
    await moved.close();

    assert.equal((await run('hstouch', [`${DIR}other.h5`])).code, 0);
    const clobber = await run('hsmv', ['-n', `${DIR}to/move.h5`, `${DIR}other.h5`]);
    assert.equal(clobber.code, 1);
    assert.match(clobber.stderr, /exists/);
    assert.equal(await exists(`${DIR}to/move.h5`), true);
  });

  it('hsacl lists, adds and removes permissions', async () => {
    const domain = `${DIR}acl.h5`;
    assert.equal((await run('hstouch', [domain])).code, 0);
    const header = '       username     create      read    update    delete   readACL  updateACL ';
    const list = await run('hsacl', [domain]);
    assert.deepEqual(list.lines, [header, '-'.repeat(80), '     test_user1       True      True      True      True      True      True ']);
    const add = await run('hsacl', [domain, '+ru', 'test_user2', 'default']);
    assert.equal(add.code, 0, add.stderr);
    assert.deepEqual(add.lines.slice(2), [
      '     test_user2      False      True      True     False     False     False ',
      '        default      False      True      True     False     False     False ',
    ]);
    const remove = await run('hsacl', [domain, '-u', 'test_user2']);
    assert.deepEqual(remove.lines.slice(2), ['     test_user2      False      True     False     False     False     False ']);
    const f = await openDomain(server, domain, 'r', 'test_user2');
    assert.equal((await f.getAcl('test_user2')).update, false);
    await f.close();
    const denied = await run('hstouch', [domain], { env: { HS_USERNAME: 'test_user2' } });
    assert.equal(denied.code, 1, 'test_user2 lost update permission');

    const bad = await run('hsacl', [domain, '+rx', 'test_user2']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, "hsacl: permission flag 'x' is not valid: must be one of crudep (see hsacl --help)\n");
    const conflict = await run('hsacl', [domain, '+r', '-r', 'test_user2']);
    assert.equal(conflict.code, 2);
    const noUser = await run('hsacl', [domain, '+r']);
    assert.equal(noUser.code, 2);
    const unknown = await run('hsacl', [domain, 'nobody']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, `hsacl: nobody has no ACL on ${domain}\n`);
    const folderAcl = await run('hsacl', [DIR]);
    assert.equal(folderAcl.code, 0, folderAcl.stderr);
    assert.ok(folderAcl.lines.some((l) => l.trim().startsWith('test_user1 ')));
  });

  it('hsstat shows domain and folder statistics', async () => {
    const domain = `${DIR}stat.h5`;
    await makeTall(server, domain);
    const r = await run('hsstat', ['--rescan', domain]);
    assert.equal(r.code, 0, r.stderr);
    const fields = Object.fromEntries(r.lines.slice(1).map((l) => [l.slice(4, 21).trim().replace(/:$/, ''), l.slice(21)]));
    assert.equal(r.lines[0], `domain: ${domain}`);
    assert.equal(fields.owner, 'test_user1');
    assert.match(fields.id, /^g-[0-9a-f-]{36}$/);
    assert.match(fields['last modified'], TIMESTAMP);
    assert.match(fields['last scan'], TIMESTAMP);
    assert.equal(fields['num objects'], '10', 'six groups, four datasets');
    assert.equal(fields['num chunks'], '4');
    assert.equal(fields.allocated_bytes, String(400 + 80 + 40 + 60));
    assert.ok(Number(fields.total_size) > 580, fields.total_size);
    const human = await run('hsstat', ['-H', domain]);
    assert.ok(human.lines.includes('    allocated_bytes: 580B'), human.stdout);
    assert.ok(human.lines.some((l) => /^ {4}total_size: {6}\d\.\dK$/.test(l)), human.stdout);
    const folder = await run('hsstat', [DIR]);
    assert.deepEqual(folder.lines.map((l) => l.replace(TIMESTAMP, 'T')), [`folder: ${DIR}`, '    owner:           test_user1', '    last modified:   T']);
    const denied = await run('hsstat', ['--rescan', domain], { env: { HS_USERNAME: 'test_user2' } });
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /^hsstat: Permission denied/);
  });
});
