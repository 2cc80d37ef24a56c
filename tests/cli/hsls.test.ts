/**
 * hsls against a real server: folder and domain listings in h5pyd's layout. Expected lines are h5pyd's
 * output for the same content (HDF5's tall.h5 layout), with timestamps replaced by T.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TestServer } from '../helpers/server.js';
import { cli, makeTall, openDomain, startClientServer, TIMESTAMP } from './support.js';

const stamp = (lines: string[]) => lines.map((l) => l.replace(TIMESTAMP, 'T'));
const DIR = `/home/test_user1/ls_${process.pid}/`;

describe('hsls', () => {
  let server: TestServer;
  let run: ReturnType<typeof cli>;

  before(async () => {
    server = await startClientServer();
    run = cli(server);
    assert.equal((await run('hstouch', [DIR, `${DIR}sub/`])).code, 0);
    await makeTall(server, `${DIR}tall.h5`);
    const q = await openDomain(server, `${DIR}sub/q.h5`, 'w');
    await q.attrs.set('kind', 5);
    await q.close();
  });
  after(() => server.dispose());

  it('lists a folder: the folder, its items, a count', async () => {
    const r = await run('hsls', [DIR]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(stamp(r.lines), [
      `test_user1                                          folder   T ${DIR}`,
      `test_user1                                          folder   T ${DIR}sub/`,
      `test_user1                                          domain   T ${DIR}tall.h5`,
      '3 items',
    ]);
  });

  it('lists a folder named without its trailing slash', async () => {
    const r = await run('hsls', [DIR.slice(0, -1)]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines.at(-1), '3 items');
  });

  it('lists sub-folders with -r (each item once), names only with -n', async () => {
    const r = await run('hsls', ['-r', DIR]);
    assert.deepEqual(stamp(r.lines), [
      `test_user1                                          folder   T ${DIR}`,
      `test_user1                                          folder   T ${DIR}sub/`,
      `test_user1                                          domain   T ${DIR}sub/q.h5`,
      `test_user1                                          domain   T ${DIR}tall.h5`,
      '4 items',
    ]);
    assert.deepEqual((await run('hsls', ['-n', DIR])).lines, ['sub/', 'tall.h5']);
    assert.deepEqual((await run('hsls', ['-n', '-r', DIR])).lines, ['sub/', 'sub/q.h5', 'tall.h5']);
  });

  it('shows domain sizes and their total with -v, human-readable with -H', async () => {
    const r = await run('hsls', ['-v', DIR]);
    const tall = r.lines.find((l) => l.endsWith('tall.h5'))!;
    const size = /^test_user1 +(\d+) +domain /.exec(tall)?.[1];
    assert.ok(size && Number(size) > 1000, tall);
    assert.equal(tall.indexOf(size), 36, 'size column starts after the 35-character owner column');
    assert.equal(r.lines.at(-1), `${size} bytes`);
    const human = await run('hsls', ['-v', '-H', DIR]);
    const line = human.lines.find((l) => l.endsWith('tall.h5'))!;
    assert.match(line, /^test_user1 {26}( {4}\d| {3}\d\d)\.\dK {8}domain   /);
    assert.match(human.lines.at(-1)!, /^\d\.\dK bytes$/);
  });

  it('filters folder items with --pattern and --query', async () => {
    assert.deepEqual((await run('hsls', ['-n', '--pattern', 't*', DIR])).lines, ['tall.h5']);
    assert.deepEqual((await run('hsls', ['-n', '--query', 'kind == 5', `${DIR}sub/`])).lines, ['q.h5']);
    assert.deepEqual((await run('hsls', ['-n', '--query', 'kind == 6', `${DIR}sub/`])).lines, []);
  });

  it('lists the members of a domain root', async () => {
    const r = await run('hsls', [`${DIR}tall.h5`]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines, ['g1 Group', 'g2 Group']);
    assert.deepEqual((await run('hsls', ['-n', `hdf5:/${DIR}tall.h5`])).lines, ['g1', 'g2']);
  });

  it('lists every object with -r, links with their targets', async () => {
    const r = await run('hsls', ['-r', `${DIR}tall.h5`]);
    assert.deepEqual(r.lines, [
      '/g1 Group',
      '/g1/g1.1 Group',
      '/g1/g1.1/dset1.1.1 Dataset {10, 10}',
      '/g1/g1.1/dset1.1.2 Dataset {20}',
      '/g1/g1.2 Group',
      '/g1/g1.2/extlink         ExternalLink {somepath//somefile}',
      '/g1/g1.2/g1.2.1 Group',
      '/g1/g1.2/g1.2.1/slink    SoftLink {somevalue}',
      '/g2 Group',
      '/g2/dset2.1 Dataset {10}',
      '/g2/dset2.2 Dataset {3, 5}',
    ]);
  });

  it('adds ids, chunks, storage and types with -v', async () => {
    const r = await run('hsls', ['-r', '-v', `${DIR}tall.h5`]);
    const lines = r.lines.map((l) => l.replace(/[gd]-[0-9a-f-]{36}/, 'ID'));
    assert.deepEqual(lines.slice(0, 12), [
      '/g1 Group',
      '                                UUID: ID',
      '/g1/g1.1 Group',
      '                                UUID: ID',
      '/g1/g1.1/dset1.1.1 Dataset {10/10, 10/10}',
      '                                UUID: ID',
      '                              Chunks: [10, 10] 400 bytes, 1/1 allocated chunks',
      '                 Storage H5D_CHUNKED: 400 logical bytes, 400 allocated bytes, 100.00% utilization',
      '                                Type: >i4',
      '/g1/g1.1/dset1.1.2 Dataset {20/20}',
      '                                UUID: ID',
      '                              Chunks: [20] 80 bytes, 1/1 allocated chunks',
    ]);
    assert.ok(lines.includes('                                Type: >f4'));
  });

  it('shows attributes with --showattrs, ACLs with --showacls', async () => {
    const r = await run('hsls', ['-r', '--showattrs', `${DIR}tall.h5`]);
    assert.deepEqual(r.lines.slice(0, 7), [
      '   attr: attr1                    [97,...]',
      '   attr: attr2                    [[...]]',
      '/g1 Group',
      '/g1/g1.1 Group',
      '/g1/g1.1/dset1.1.1 Dataset {10, 10}',
      '   attr: attr1                    [49,...]',
      '   attr: attr2                    [50,...]',
    ]);
    const acls = await run('hsls', ['--showacls', `${DIR}tall.h5`]);
    assert.ok(acls.lines.includes('    acl: test_user1               crudep'), acls.stdout);
    const folderAcls = await run('hsls', ['--showacls', DIR]);
    assert.ok(folderAcls.lines.filter((l) => l === '    acl: test_user1               crudep').length >= 2, folderAcls.stdout);
  });

  it('lists below a path inside the domain, and the objects -g, -d and -t name', async () => {
    assert.deepEqual((await run('hsls', [`${DIR}tall.h5/g1/g1.1`])).lines, ['dset1.1.1 Dataset {10, 10}', 'dset1.1.2 Dataset {20}']);
    assert.deepEqual((await run('hsls', [`${DIR}tall.h5/g2/dset2.2`])).lines, ['g2/dset2.2 Dataset {3, 5}']);
    assert.deepEqual((await run('hsls', ['-g', '/g2', `${DIR}tall.h5`])).lines, ['dset2.1 Dataset {10}', 'dset2.2 Dataset {3, 5}']);
    const d = await run('hsls', ['-v', '-d', '/g2/dset2.1', `${DIR}tall.h5`]);
    assert.equal(d.lines[0], '/g2/dset2.1 Dataset {10/10}');
    assert.equal(d.lines.at(-1), '                                Type: >f4');
    const f = await openDomain(server, `${DIR}tall.h5`, 'r+');
    await f.commitDatatype('g2/pair', [['x', 'f4'], ['y', 'i2']]);
    await f.close();
    assert.deepEqual((await run('hsls', ['-t', '/g2/pair', `${DIR}tall.h5`])).lines, ['/g2/pair Datatype']);
    const wrong = await run('hsls', ['-d', '/g1', `${DIR}tall.h5`]);
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.trim(), 'hsls: was expecting a Dataset object but found: Group');
    const missing = await run('hsls', ['-g', '/nope', `${DIR}tall.h5`]);
    assert.equal(missing.stderr.trim(), 'hsls: group_path: /nope not found');
  });

  it('prints hard links seen before as "same as", tables and scalars as h5pyd names them', async () => {
    const domain = `${DIR}shapes.h5`;
    const f = await openDomain(server, domain, 'w');
    const table = await f.createDataset('table', { shape: [4], dtype: [['a', 'f4'], ['b', 'S10']] });
    await f.createHardLink('again', table);
    await f.createDataset('scalar', { data: 1.5 });
    await f.createDataset('empty', { dtype: 'int32' });
    await f.createDataset('grow', { shape: [5, 2], maxshape: [null, 2], dtype: 'uint8' });
    await f.close();
    const r = await run('hsls', ['-r', domain]);
    assert.deepEqual(r.lines, [
      '/again Table {4}',
      '/empty Dataset {NULL}',
      '/grow Dataset {5, 2}',
      '/scalar Dataset {{SCALAR}}',
      '/table                   Table, same as /again',
    ]);
    const v = await run('hsls', ['-v', '-d', '/grow', domain]);
    assert.equal(v.lines[0], '/grow Dataset {5/Inf, 2/2}');
    const t = await run('hsls', ['-v', '-d', '/table', domain]);
    assert.equal(t.lines.at(-1), "                                Type: [('a', '<f4'), ('b', 'S10')]");
  });

  it('lists the top level without arguments', async () => {
    const r = await run('hsls', []);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.lines[0], /^ {52}folder {4}\/$/);
    assert.ok(r.lines.some((l) => / folder   .* \/home\/$/.test(l)), r.stdout);
  });
});
