/**
 * hsload → hsget round trips with real files written by h5py, one per feature (every type of the engine,
 * 1-D to 4-D, chunked / contiguous / compact, filters, fill values, extensible, empty and scalar datasets,
 * links, attributes of every type, committed types, object references) and combined ones in HDF5's
 * earliest and latest formats: each copy is compared with its source object by object by h5py. The same
 * files loaded with --link (datasets read from the source file by the server) come back identical too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Dataset } from '../../src/client/dataset.js';
import { TestServer } from '../helpers/server.js';
import { cli, openDomain } from './support.js';
import { compareFiles, inParallel, makeFiles, startLinkServer } from './hsload-support.js';

const FOLDER = `/home/test_user1/roundtrip_${process.pid}/`;
const LINKED = `/home/test_user1/linked_${process.pid}/`;
/** h5wasm has no LZF decoder: this file is only linked. */
const LINK_ONLY = 'lzf.h5';

describe('hsload and hsget', () => {
  let server: TestServer;
  let run: ReturnType<typeof cli>;
  let source: { dir: string; files: string[] };
  let out: string;

  before(async () => {
    source = makeFiles('make_hsload_files.py');
    out = mkdtempSync(path.join(tmpdir(), 'h5lab-hsget-'));
    server = await startLinkServer(source.dir);
    run = cli(server);
    for (const folder of [FOLDER, LINKED]) assert.equal((await run('hstouch', [folder])).code, 0);
  });
  after(async () => {
    await server.dispose();
    rmSync(source.dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  /** hsget of every domain in `folder` into `dir`, then h5py's comparison with the sources. */
  async function getAndCompare(folder: string, dir: string, files: string[]): Promise<void> {
    mkdirSync(dir, { recursive: true });
    await inParallel(files, 3, async (file) => {
      const r = await run('hsget', [folder + file, path.join(dir, file)]);
      assert.equal(r.code, 0, `hsget ${file}: ${r.stderr}`);
      assert.equal(r.stderr, '');
    });
    const { ok, report } = compareFiles(files.map((f) => [path.join(source.dir, f), path.join(dir, f)]));
    assert.ok(ok, report);
    assert.equal(report.trim().split('\n').length, files.length);
  }

  it('copies every file into a folder and back, identical object by object', async () => {
    const files = source.files.filter((f) => f !== LINK_ONLY);
    const r = await run('hsload', [...files.map((f) => path.join(source.dir, f)), FOLDER]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    await getAndCompare(FOLDER, path.join(out, 'copy'), files);
    // compare_h5.py compares link names as sets: the creation order of a tracked group is checked here.
    const order = spawnSync('python3', ['-c', `import h5py; print(list(h5py.File(${JSON.stringify(path.join(out, 'copy', 'everything.h5'))})['ordered']))`], { encoding: 'utf8' });
    assert.equal(order.stdout.trim(), "['zeta', 'alpha', 'mid', 'beta']", order.stderr);
  });

  it('links every file (data read from the source file by the server) and reads it back identical', async () => {
    const r = await run('hsload', ['--link', ...source.files.map((f) => path.join(source.dir, f)), LINKED]);
    assert.equal(r.code, 0, r.stderr);
    await getAndCompare(LINKED, path.join(out, 'linked'), source.files);
  });

  it('links contiguous data, chunk maps and chunk tables, and copies what linking cannot serve', async () => {
    const f = await openDomain(server, `${LINKED}layouts.h5`);
    const layoutClass = async (p: string) => ((await f.get(p)) as Dataset).creationProperties.layout as Record<string, unknown>;
    const contiguous = await layoutClass('/contiguous_1d');
    assert.equal(contiguous.class, 'H5D_CONTIGUOUS_REF');
    assert.equal(contiguous.file_uri, `file://${path.join(source.dir, 'layouts.h5')}`);
    assert.equal((await layoutClass('/chunked_2d')).class, 'H5D_CHUNKED_REF');
    const table = await layoutClass('/many_chunks');
    assert.equal(table.class, 'H5D_CHUNKED_REF_INDIRECT');
    assert.deepEqual(table.h5lab_pipeline, [{ id: 2, flags: 1, clientData: [4] }, { id: 1, flags: 1, clientData: [4] }]);
    // Small datasets are copied, as h5pyd does.
    assert.equal((await layoutClass('/compact')).class, 'H5D_COMPACT');
    const filters = await openDomain(server, `${LINKED}filters.h5`);
    const masked = ((await filters.get('/masked')) as Dataset).creationProperties.layout as Record<string, unknown>;
    assert.equal(masked.class, 'H5D_CHUNKED', 'a chunk stored with a filter skipped makes the dataset a copy');
    await Promise.all([f.close(), filters.close()]);
  });

  it("links a file of the server's store by s3://bucket/key or bucket/key, reading it through the server", async (t) => {
    if (server.store !== 'posix') return t.skip('the file is placed in the POSIX bucket directory');
    mkdirSync(path.join(server.rootDir, server.bucket, 'files'), { recursive: true });
    copyFileSync(path.join(source.dir, 'numbers.h5'), path.join(server.rootDir, server.bucket, 'files', 'numbers.h5'));
    const uris = [`s3://${server.bucket}/files/numbers.h5`, `${server.bucket}/files/numbers.h5`];
    const dir = path.join(out, 'bucket');
    mkdirSync(dir);
    for (const [i, uri] of uris.entries()) {
      const domain = `${FOLDER}bucket${i}.h5`;
      const r = await run('hsload', ['--link', uri, domain]);
      assert.equal(r.code, 0, r.stderr);
      const f = await openDomain(server, domain);
      assert.equal((((await f.get('/rank1')) as Dataset).creationProperties.layout as Record<string, unknown>).file_uri, uri);
      await f.close();
      assert.equal((await run('hsget', [domain, path.join(dir, `numbers${i}.h5`)])).code, 0);
    }
    const { ok, report } = compareFiles(uris.map((_, i) => [path.join(source.dir, 'numbers.h5'), path.join(dir, `numbers${i}.h5`)]));
    assert.ok(ok, report);
    // The scratch domains used to read the file are gone.
    const listing = await run('hsls', [FOLDER]);
    assert.doesNotMatch(listing.stdout, /hsload-stage/);
  });
});
