/**
 * `--endpoint local` (an engine inside the tool's process, data in H5LAB_ROOT_DIR or ./data) and
 * hsconfigure (interactive with answers piped in, and with flags), which writes the ~/.hscfg the other
 * tools then read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestServer } from '../helpers/server.js';
import { runCli, startClientServer, tempHome } from './support.js';

describe('--endpoint local', () => {
  it('runs the engine in the process: data persists in ./data between runs', async () => {
    const home = tempHome();
    const env = { HS_USERNAME: 'me', HS_PASSWORD: 'pw' };
    const made = await runCli('hstouch', ['-e', 'local', '-v', '/home/me/', '/home/me/one.h5'], { cwd: home, env });
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.lines[1], /^domain created: \/home\/me\/one\.h5, root id: g-/);
    assert.ok(existsSync(path.join(home, 'data', 'hsdstest')), 'stored under ./data');

    const copied = await runCli('hscopy', ['-e', 'local', '/home/me/one.h5', '/home/me/two.h5'], { cwd: home, env });
    assert.equal(copied.code, 0, copied.stderr);
    const listed = await runCli('hsls', ['-n', '/home/me/'], { cwd: home, env: { ...env, HS_ENDPOINT: 'local' } });
    assert.deepEqual(listed.lines, ['one.h5', 'two.h5']);

    const info = await runCli('hsinfo', ['-e', 'local'], { cwd: home, env });
    assert.ok(info.lines.includes('endpoint: local'));
    assert.ok(info.lines.includes('username: me (admin)'), 'the configured user administers the local engine');
  });

  it('takes the store from H5LAB_ROOT_DIR and the node count from local[N]', async () => {
    const home = tempHome();
    const root = path.join(tempHome(), 'store');
    const env = { HS_USERNAME: 'me', HS_PASSWORD: 'pw', H5LAB_ROOT_DIR: root };
    const r = await runCli('hstouch', ['-e', 'local[2]', '/home/me/'], { cwd: home, env });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(path.join(root, 'hsdstest')));
    assert.equal(existsSync(path.join(home, 'data')), false);
    const info = await runCli('hsinfo', ['-e', 'local[2]'], { cwd: home, env });
    assert.ok(info.lines.includes('node count: 2'), info.stdout);
  });

  it('fails in one line when the engine cannot start', async () => {
    const home = tempHome();
    const blocker = path.join(home, 'file');
    writeFileSync(blocker, '');
    const r = await runCli('hsls', ['-e', 'local', '/'], { cwd: home, env: { H5LAB_ROOT_DIR: path.join(blocker, 'sub') } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^hsls: Cannot reach the HDF server at local: cannot start the local engine \(.+\)/);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
  });
});

describe('hsconfigure', () => {
  let server: TestServer;

  before(async () => {
    server = await startClientServer();
  });
  after(() => server.dispose());

  it('asks for each setting, tests the connection and saves ~/.hscfg', async () => {
    const home = tempHome();
    const r = await runCli('hsconfigure', [], { env: { HOME: home }, cwd: home, input: `${server.url}\ntest_user1\ntest\n\nhsdstest\nY\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines, [
      'Enter new values or accept defaults in brackets with Enter.',
      'Server endpoint [None]: ',
      `Updated endpoint: [${server.url}]`,
      'Username [None]: ',
      'Updated username: [test_user1]',
      'Password [None]: ',
      'Updated password: [****]',
      'API Key [None]: ',
      'Bucket [None]: ',
      'Updated bucket: [hsdstest]',
      'Testing connection...',
      'connection ok',
      'Save changes? (Y/N) ',
      `Saving config file to: ${path.join(home, '.hscfg')}`,
    ]);
    const file = path.join(home, '.hscfg');
    assert.equal(readFileSync(file, 'utf8'), `# HDFCloud configuration file\nhs_endpoint = ${server.url}\nhs_username = test_user1\nhs_password = test\nhs_api_key = \nhs_bucket = hsdstest\n`);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'only the owner can read the password');

    // The other tools now find the server through ~/.hscfg alone.
    const info = await runCli('hsinfo', [], { env: { HOME: home }, cwd: home });
    assert.equal(info.code, 0, info.stderr);
    assert.ok(info.lines.includes(`endpoint: ${server.url}`));

    // Enter keeps the current values (the password shown masked); nothing changed, so nothing to save.
    const again = await runCli('hsconfigure', [], { env: { HOME: home }, cwd: home, input: '\n\n\n\n\ny\n' });
    assert.equal(again.code, 0, again.stderr);
    assert.ok(again.lines.includes(`Server endpoint [${server.url}]: `));
    assert.ok(again.lines.includes('Password [****]: '));
    assert.ok(again.lines.includes('Quit? (Y/N) '));
    assert.ok(!again.lines.some((l) => l.startsWith('Saving')));
  });

  it('reports a failed connection test and keeps asking until told to quit', async () => {
    const home = tempHome();
    const r = await runCli('hsconfigure', [], { env: { HOME: home }, cwd: home, input: `${server.url}\ntest_user1\nwrong\n\n\nn\ny\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.lines.some((l) => /^Wrong user name or password for user 'test_user1'/.test(l)), r.stdout);
    assert.equal(existsSync(path.join(home, '.hscfg')), false);
  });

  it('saves the settings given as flags, after testing them', async () => {
    const home = tempHome();
    const ok = await runCli('hsconfigure', ['-e', server.url, '-u', 'test_user2', '-p', 'test'], { env: { HOME: home }, cwd: home });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(readFileSync(path.join(home, '.hscfg'), 'utf8'), /hs_username = test_user2\nhs_password = test\n/);
    const bad = await runCli('hsconfigure', ['-p', 'wrong'], { env: { HOME: home }, cwd: home });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^hsconfigure: connection test failed: Wrong user name or password .* settings not saved \(--force saves them anyway\)\n$/);
    assert.match(readFileSync(path.join(home, '.hscfg'), 'utf8'), /hs_password = test\n/, 'unchanged');
    const forced = await runCli('hsconfigure', ['-p', 'wrong', '--force'], { env: { HOME: home }, cwd: home });
    assert.equal(forced.code, 0);
    assert.match(readFileSync(path.join(home, '.hscfg'), 'utf8'), /hs_password = wrong\n/);
    assert.deepEqual(readdirSync(home).filter((n) => n !== '.hscfg'), []);
  });
});
