/**
 * Failures of the hs* tools: no server, wrong password, missing domain, no permission, bad arguments. Each
 * gives one line on stderr and a non-zero exit status, never a stack trace.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestServer } from '../helpers/server.js';
import { closedPort } from '../helpers/processes.js';
import { assertFails, cli, makeTall, runCli, startClientServer } from './support.js';

const DOMAIN = `/home/test_user1/err_${process.pid}.h5`;

describe('hs* errors', () => {
  let server: TestServer;
  let run: ReturnType<typeof cli>;

  before(async () => {
    server = await startClientServer();
    run = cli(server);
    await makeTall(server, DOMAIN);
  });
  after(() => server.dispose());

  it('no server at the endpoint', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const [info, ls] = await Promise.all([runCli('hsinfo', ['-e', endpoint]), runCli('hsls', ['-e', endpoint, '/home/'])]);
    assertFails(info, 1, /^hsinfo: Cannot reach the HDF server at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*Is the server running/);
    assertFails(ls, 1, /^hsls: Cannot reach the HDF server/);
  });

  it('no endpoint configured', async () => {
    assertFails(await runCli('hsls', ['/home/']), 1, /^hsls: no endpoint set: .*HS_ENDPOINT/);
  });

  it('wrong password', async () => {
    const results = await Promise.all(['hsinfo', 'hsls', 'hsstat', 'hsacl'].map((tool) => run(tool, tool === 'hsinfo' ? ['-p', 'wrong'] : ['-p', 'wrong', DOMAIN])));
    for (const r of results) assertFails(r, 1, /^hs\w+: Wrong user name or password for user 'test_user1' on http/);
  });

  it('missing domain or folder', async () => {
    const missing = DOMAIN.replace('.h5', '_missing.h5');
    const [ls, stat, acl, folder, del] = await Promise.all([
      run('hsls', [missing]),
      run('hsstat', [missing]),
      run('hsacl', [missing]),
      run('hsls', ['/home/test_user1/no_such_folder/']),
      run('hsdel', [missing]),
    ]);
    assertFails(ls, 1, new RegExp(`^hsls: Domain ${missing} not found\n$`));
    assertFails(stat, 1, new RegExp(`^hsstat: No such domain or folder: ${missing}\n$`));
    assertFails(acl, 1, /^hsacl: No such domain or folder/);
    assertFails(folder, 1, /^hsls: No such domain or folder: \/home\/test_user1\/no_such_folder/);
    assertFails(del, 1, new RegExp(`^hsdel: domain: ${missing} not found\n$`));
  });

  it('not allowed', async () => {
    const other = cli(server, 'test_user2', 'test');
    const [ls, touch, del, acl] = await Promise.all([
      other('hsls', [DOMAIN]),
      other('hstouch', ['/home/test_user1/theirs.h5']),
      other('hsdel', [DOMAIN]),
      other('hsacl', [DOMAIN, '+r', 'test_user2']),
    ]);
    assertFails(ls, 1, /^hsls: Permission denied: user 'test_user2' may not read domain /);
    assertFails(touch, 1, /^hstouch: Permission denied: user 'test_user2' may not modify /);
    assertFails(del, 1, /^hsdel: Permission denied: user 'test_user2' may not delete /);
    assertFails(acl, 1, /^hsacl: Permission denied: user 'test_user2'/);
  });

  it('bad command lines', async () => {
    const cases: [string, string[], RegExp][] = [
      ['hsls', ['--bogus'], /^hsls: unknown option --bogus \(see hsls --help\)\n$/],
      ['hsls', ['-d'], /^hsls: -d needs a value \(H5PATH\)/],
      ['hsls', ['relative/path'], /^hsls: domain must be an absolute path/],
      ['hsls', ['--loglevel', 'loud', '/'], /^hsls: --loglevel must be one of debug, info, warning, error, warn, not 'loud'/],
      ['hstouch', [], /^hstouch: no domain or folder given/],
      ['hsdel', [], /^hsdel: no domain or folder given/],
      ['hsmv', ['/a.h5'], /^hsmv: give a source domain and a destination/],
      ['hscopy', ['/a.h5'], /^hscopy: give a source domain and a destination/],
      ['hsstat', [], /^hsstat: no domain or folder given/],
      ['hsacl', [], /^hsacl: no domain or folder given/],
      ['hsinfo', ['/home/'], /^hsinfo: hsinfo takes no domain: use hsstat/],
      ['hsls', ['-r=yes', '/'], /^hsls: unknown option -r=yes/],
      ['hsls', ['--recursive=yes', '/'], /^hsls: --recursive does not take a value/],
    ];
    const results = await Promise.all(cases.map(([tool, args]) => run(tool, args)));
    results.forEach((r, i) => assertFails(r, 2, cases[i][2]));
  });

  it('--help prints the usage on stdout and succeeds', async () => {
    const r = await runCli('hsls', ['--help']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.equal(r.lines[0], 'Usage:');
    assert.ok(r.lines.includes('    hsls [ OPTIONS ]  domain'));
    assert.ok(r.lines.some((l) => /^ {4}-e, --endpoint ENDPOINT {18}server endpoint/.test(l)), r.stdout);
    assert.ok(r.lines.some((l) => l.startsWith('    -r, --recursive ')));
    const rm = await runCli('hsrm', ['-h']);
    assert.ok(rm.lines.includes('    hsrm [ OPTIONS ]  target'), rm.stdout);
  });

  it('--logfile keeps the log and the error still reaches stderr', async () => {
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'h5lab-log-')), 'hs.log');
    const r = await run('hsls', ['--logfile', log, '--loglevel', 'debug', DOMAIN.replace('.h5', '_nope.h5')]);
    assertFails(r, 1, /^hsls: Domain .* not found\n$/);
    assert.match(readFileSync(log, 'utf8'), /^ERROR \d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} Domain .* not found$/m);
  });
});
