/**
 * hsdiff compares an HDF5 file with a domain, or two domains: nothing reported for a faithful copy (object
 * references included); a changed value, a changed attribute and an extra link are each reported, and the
 * exit status is 1; --nodata, --noattr and --quiet as h5pyd's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Dataset } from '../../src/client/dataset.js';
import { TestServer } from '../helpers/server.js';
import { cli, openDomain, startClientServer } from './support.js';
import { makeFiles } from './hsload-support.js';

const DIR = `/home/test_user1/diff_${process.pid}/`;

describe('hsdiff', () => {
  let server: TestServer;
  let run: ReturnType<typeof cli>;
  let source: { dir: string; files: string[] };
  const src = (f: string) => path.join(source.dir, f);

  before(async () => {
    source = makeFiles('make_hsload_files.py');
    server = await startClientServer();
    run = cli(server);
    assert.equal((await run('hstouch', [DIR])).code, 0);
    const load = await run('hsload', [src('interop.h5'), src('refs.h5'), src('links.h5'), DIR]);
    assert.equal(load.code, 0, load.stderr);
    assert.equal((await run('hsload', [src('interop.h5'), `${DIR}changed.h5`])).code, 0);
    const f = await openDomain(server, `${DIR}changed.h5`, 'r+');
    await ((await f.get('/numeric/int32_3d')) as Dataset).write('[12, 16, 8]', 1234);
    await ((await f.get('/numeric/int32_3d')) as Dataset).attrs.set('int8_scalar', 5, { dtype: 'int8' });
    await f.createSoftLink('/links/extra', '/numeric');
    await f.close();
  });
  after(async () => {
    await server.dispose();
    rmSync(source.dir, { recursive: true, force: true });
  });

  it('finds no difference between files and their copies, references and links included', async () => {
    for (const file of ['interop.h5', 'refs.h5', 'links.h5']) {
      const r = await run('hsdiff', [src(file), DIR + file]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.stdout + r.stderr, '');
    }
    const verbose = await run('hsdiff', ['-v', src('refs.h5'), `${DIR}refs.h5`]);
    assert.match(verbose.stdout, /no differences/);
  });

  it('reports each difference and exits with status 1', async () => {
    const r = await run('hsdiff', [src('interop.h5'), `${DIR}changed.h5`]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.lines.sort(), [
      `</links> in ${DIR}changed.h5 has link extra not found in ${src('interop.h5')}`,
      'values for attribute int8_scalar of </numeric/int32_3d> differ',
      'values for dataset </numeric/int32_3d> differ in [0:13,0:17,0:9]',
    ].sort());
    assert.equal(r.stderr, 'hsdiff: 3 differences found\n');
  });

  it('--nodata and --noattr leave values and attributes out; --quiet prints no differences', async () => {
    const nodata = await run('hsdiff', ['--nodata', '--noattr', src('interop.h5'), `${DIR}changed.h5`]);
    assert.equal(nodata.code, 1);
    assert.deepEqual(nodata.lines, [`</links> in ${DIR}changed.h5 has link extra not found in ${src('interop.h5')}`]);
    const quiet = await run('hsdiff', ['--quiet', src('interop.h5'), `${DIR}changed.h5`]);
    assert.equal(quiet.code, 1);
    assert.equal(quiet.stdout, '');
  });

  it('compares two domains', async () => {
    assert.equal((await run('hsdiff', [`${DIR}interop.h5`, `${DIR}interop.h5`])).code, 0);
    const r = await run('hsdiff', ['--noattr', `${DIR}interop.h5`, `${DIR}changed.h5`]);
    assert.equal(r.code, 1);
    assert.equal(r.lines.length, 2, r.stdout);
  });
});
