/**
 * Failures of hsload, hsget and hsdiff: no server, wrong password, no such domain or folder, a source that
 * is not an HDF5 file or does not exist, a linked file the server may not read, bad arguments. Each gives
 * one line on stderr and a non-zero exit status, never a stack trace.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestServer } from '../helpers/server.js';
import { closedPort } from '../helpers/processes.js';
import { assertFails, cli, runCli, startClientServer } from './support.js';
import { makeFiles } from './hsload-support.js';

const DIR = `/home/test_user1/load_errors_${process.pid}/`;

describe('hsload, hsget and hsdiff errors', () => {
  let server: TestServer;
  let run: ReturnType<typeof cli>;
  let source: { dir: string; files: string[] };
  let work: string;
  let h5: string;

  before(async () => {
    source = makeFiles('make_hsload_files.py');
    h5 = path.join(source.dir, 'enums.h5');
    work = mkdtempSync(path.join(tmpdir(), 'h5lab-load-errors-'));
    server = await startClientServer();
    run = cli(server);
    assert.equal((await run('hstouch', [DIR])).code, 0);
    assert.equal((await run('hsload', [h5, `${DIR}enums.h5`])).code, 0);
  });
  after(async () => {
    await server.dispose();
    rmSync(source.dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('no server at the endpoint', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const [load, get, diff] = await Promise.all([
      runCli('hsload', ['-e', endpoint, '--retries', '0', h5, '/home/test_user1/x.h5']),
      runCli('hsget', ['-e', endpoint, '/home/test_user1/x.h5', path.join(work, 'x.h5')]),
      runCli('hsdiff', ['-e', endpoint, h5, '/home/test_user1/x.h5']),
    ]);
    assertFails(load, 1, /^hsload: Cannot reach the HDF server at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    assertFails(get, 1, /^hsget: Cannot reach the HDF server/);
    assertFails(diff, 1, /^hsdiff: Cannot reach the HDF server/);
  });

  it('wrong password', async () => {
    const [load, get, diff] = await Promise.all([
      run('hsload', ['-p', 'wrong', h5, `${DIR}x.h5`]),
      run('hsget', ['-p', 'wrong', `${DIR}enums.h5`, path.join(work, 'x.h5')]),
      run('hsdiff', ['-p', 'wrong', h5, `${DIR}enums.h5`]),
    ]);
    for (const r of [load, get, diff]) assertFails(r, 1, /^hs\w+: Wrong user name or password for user 'test_user1'/);
  });

  it('no such domain or folder', async () => {
    assertFails(await run('hsget', [`${DIR}missing.h5`, path.join(work, 'missing.h5')]), 1, /^hsget: No such domain or folder: .*missing\.h5$/m);
    assertFails(await run('hsdiff', [h5, `${DIR}missing.h5`]), 1, /^hsdiff: No such domain or folder: .*missing\.h5$/m);
    assertFails(await run('hsload', [h5, '/home/test_user1/no_such_folder/x.h5']), 1, /^hsload: Cannot create \/home\/test_user1\/no_such_folder\/x\.h5: its folder does not exist/);
  });

  it('a source that is not an HDF5 file, or no file at all', async () => {
    const text = path.join(work, 'notes.h5');
    writeFileSync(text, 'these are not the bytes of an HDF5 file\n'.repeat(100));
    assertFails(await run('hsload', [text, `${DIR}notes.h5`]), 1, /^hsload: .*notes\.h5 is not an HDF5 file/);
    assertFails(await run('hsdiff', [text, `${DIR}enums.h5`]), 1, /^hsdiff: .*notes\.h5/);
    assertFails(await run('hsload', [path.join(work, 'absent.h5'), `${DIR}absent.h5`]), 1, /^hsload: .*absent\.h5: no such file$/m);
  });

  it('--link of a file outside the server\'s link roots: hsload warns, the server refuses to read it', async () => {
    const r = await run('hsload', ['--link', path.join(source.dir, 'layouts.h5'), `${DIR}outside.h5`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^hsload: the server cannot read the linked data in file:\/\/.*layouts\.h5 .*must be started with a link root .*H5LAB_LINK_ROOTS/);
    const read = await run('hsget', [`${DIR}outside.h5`, path.join(work, 'outside.h5')]);
    assertFails(read, 1, /^hsget: Permission denied: .* may not read .*outside the directories this server may read/);
  });

  it('bad arguments exit with status 2', async () => {
    assertFails(await run('hsload', [h5]), 2, /^hsload: give one or more source files and a target/);
    assertFails(await run('hsload', [h5, h5, `${DIR}one.h5`]), 2, /^hsload: the target must be a folder/);
    assertFails(await run('hsload', ['--link', '--nodata', h5, `${DIR}x.h5`]), 2, /^hsload: --nodata can't be used with --link/);
    assertFails(await run('hsload', ['--fastlink', h5, `${DIR}x.h5`]), 2, /^hsload: --fastlink is not supported/);
    assertFails(await run('hsget', []), 2, /^hsget: give a domain/);
    assertFails(await run('hsdiff', ['--quiet', '-v', h5, `${DIR}enums.h5`]), 2, /^hsdiff: --quiet and --verbose/);
  });
});
