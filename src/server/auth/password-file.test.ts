import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { hashPassword, parsePasswordFile, PasswordFileError, verifyPassword } from './password-file.js';
import { parseGroupsFile } from './groups-file.js';
import { Authenticator } from './authenticator.js';
import { fixedAccounts } from './account-files.js';
import { HttpError } from '../http/errors.js';

describe('password file', () => {
  it('parses HSDS passwd.txt lines with comments', () => {
    const users = parsePasswordFile('# accounts\nadmin:admin\n\n  test_user1:test  \n');
    assert.deepEqual([...users], [['admin', 'admin'], ['test_user1', 'test']]);
    assert.throws(() => parsePasswordFile('nocolon'), PasswordFileError);
    assert.throws(() => parsePasswordFile('user:'), PasswordFileError);
  });

  it('accepts plain, bcrypt and scrypt passwords', () => {
    assert.ok(verifyPassword('test', 'test'));
    assert.ok(!verifyPassword('test', 'tesT'));
    const bc = bcrypt.hashSync('s3cret', 4);
    assert.ok(verifyPassword(bc, 's3cret'));
    assert.ok(!verifyPassword(bc, 'wrong'));
    const sc = hashPassword('pa:ss word');
    assert.match(sc, /^scrypt\$/);
    assert.ok(verifyPassword(sc, 'pa:ss word'));
    assert.ok(!verifyPassword(sc, 'pa:ss Word'));
  });
});

describe('authenticator', () => {
  const auth = new Authenticator({
    adminUser: 'admin',
    adminGroup: 'admins',
    allowNoauth: true,
    accounts: fixedAccounts(parsePasswordFile(`admin:admin\nalice:${hashPassword('wonderland')}\nbob:builder\n`), parseGroupsFile('admins: bob\nreaders: alice bob\n')),
  });
  const basic = (u: string, p: string) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
  const status = (f: () => unknown) => {
    try {
      f();
      return 0;
    } catch (e) {
      return (e as HttpError).status;
    }
  };

  it('checks credentials and falls back to the anonymous user for reads only', () => {
    assert.equal(auth.authenticate(basic('alice', 'wonderland'), true), 'alice');
    assert.equal(auth.authenticate(undefined, false), 'default');
    assert.equal(status(() => auth.authenticate(undefined, true)), 401);
    assert.equal(status(() => auth.authenticate(basic('alice', 'nope'), false)), 401);
    assert.equal(status(() => auth.authenticate(basic('nobody', 'x'), true)), 401);
    assert.equal(status(() => auth.authenticate('Basic ###', true)), 400);
    assert.equal(status(() => auth.authenticate('Token abc', true)), 400);
  });

  it('knows admins by name and by admin group', () => {
    assert.ok(auth.isAdmin('admin'));
    assert.ok(auth.isAdmin('bob'));
    assert.ok(!auth.isAdmin('alice'));
    assert.deepEqual([...auth.groupsOf('alice')], ['readers']);
  });
});

describe('account files', () => {
  it('picks up changes to the password file without a restart', async () => {
    const { mkdtempSync, writeFileSync, utimesSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { accountFiles } = await import('./account-files.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-accounts-'));
    const file = path.join(dir, 'passwd.txt');
    writeFileSync(file, 'carol:one\n');
    const auth = new Authenticator({ adminUser: 'admin', allowNoauth: true, accounts: accountFiles(file, undefined) });
    const basic = (u: string, p: string) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');
    assert.equal(auth.authenticate(basic('carol', 'one'), true), 'carol');
    writeFileSync(file, 'carol:two\ndave:three\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await new Promise((r) => setTimeout(r, 2100));
    assert.equal(auth.authenticate(basic('dave', 'three'), true), 'dave');
    assert.throws(() => auth.authenticate(basic('carol', 'one'), true), (e: HttpError) => e.status === 401);
  });
});
