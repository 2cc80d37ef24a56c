/**
 * hsload's and hsget's options: --nodata, -z / --compression and --ignore-filters (checked in the dataset
 * JSON the server stores), --no-clobber, --append, --extend along a dimension scale (values compared with
 * the sources' concatenation by h5py), hsget --nodata and --no-clobber, and the log lines written instead
 * of a progress bar when stderr is not a terminal.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Dataset } from '../../src/client/dataset.js';
import { REPO, TestServer } from '../helpers/server.js';
import { cleanEnv, cli, openDomain, serverEnv, startClientServer } from './support.js';
import { makeFiles, python } from './hsload-support.js';

const DIR = `/home/test_user1/options_${process.pid}/`;

const filtersOf = async (server: TestServer, domain: string, p: string) => {
  const f = await openDomain(server, domain);
  const d = (await f.get(p)) as Dataset;
  await f.close();
  return d.filters.map((x) => [x.class, x.level ?? x.name ?? null]);
};

describe('hsload and hsget options', () => {
  let server: TestServer;
  let run: ReturnType<typeof cli>;
  let source: { dir: string; files: string[] };
  let days: { dir: string; files: string[] };
  let out: string;

  before(async () => {
    source = makeFiles('make_hsload_files.py');
    days = makeFiles('make_extend_files.py', '3');
    out = mkdtempSync(path.join(tmpdir(), 'h5lab-hsload-options-'));
    server = await startClientServer();
    run = cli(server);
    assert.equal((await run('hstouch', [DIR])).code, 0);
  });
  after(async () => {
    await server.dispose();
    for (const d of [source.dir, days.dir, out]) rmSync(d, { recursive: true, force: true });
  });

  const src = (file: string) => path.join(source.dir, file);

  it('--nodata copies the structure and attributes; values read as the fill value', async () => {
    const domain = `${DIR}nodata.h5`;
    assert.equal((await run('hsload', ['--nodata', src('fills.h5'), domain])).code, 0);
    const f = await openDomain(server, domain);
    const d = (await f.get('/fill/partial_f32')) as Dataset;
    assert.deepEqual(d.shape, [64, 64]);
    const values = (await d.read('[0:2, 0:2]')).data as Float32Array;
    assert.deepEqual(Array.from(values), [-999.5, -999.5, -999.5, -999.5]);
    await f.close();
  });

  it('-z and --compression compress datasets that have no compressor; --ignore-filters drops the source filters', async () => {
    assert.equal((await run('hsload', ['-z', '7', src('filters.h5'), `${DIR}z.h5`])).code, 0);
    assert.deepEqual(await filtersOf(server, `${DIR}z.h5`, '/shuffle_only'), [['H5Z_FILTER_SHUFFLE', 'shuffle'], ['H5Z_FILTER_DEFLATE', 7]]);
    assert.deepEqual(await filtersOf(server, `${DIR}z.h5`, '/gzip_9'), [['H5Z_FILTER_DEFLATE', 9]], 'a compressed dataset keeps its compressor');
    assert.equal((await run('hsload', ['--compression', 'lz4', src('filters.h5'), `${DIR}lz4.h5`])).code, 0);
    assert.deepEqual(await filtersOf(server, `${DIR}lz4.h5`, '/shuffle_only'), [['H5Z_FILTER_SHUFFLE', 'shuffle'], ['H5Z_FILTER_USER', 'lz4']]);
    assert.equal((await run('hsload', ['--ignore-filters', src('filters.h5'), `${DIR}plain.h5`])).code, 0);
    assert.deepEqual(await filtersOf(server, `${DIR}plain.h5`, '/gzip_shuffle'), []);
  });

  it('--no-clobber refuses an existing domain; --append adds to it and keeps what is there', async () => {
    const domain = `${DIR}append.h5`;
    assert.equal((await run('hsload', [src('links_target.h5'), domain])).code, 0);
    const refused = await run('hsload', ['-n', src('numbers.h5'), domain]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^hsload: Already exists: domain .*append\.h5/);
    assert.equal((await run('hsload', ['-a', src('numbers.h5'), domain])).code, 0);
    const f = await openDomain(server, domain);
    assert.deepEqual((await f.keys()).slice(0, 2), ['float_be_f2', 'float_be_f4']);
    assert.ok(await f.has('/target'), 'the first file is still there');
    assert.ok(await f.has('/rank4'));
    await f.close();
  });

  it('loads the HDF5 files of a directory into a folder', async () => {
    const dir = path.join(out, 'directory');
    mkdirSync(dir);
    for (const f of ['enums.h5', 'strings.h5']) copyFileSync(src(f), path.join(dir, f));
    writeFileSync(path.join(dir, 'README.txt'), 'not HDF5');
    assert.equal((await run('hstouch', [`${DIR}directory/`])).code, 0);
    const r = await run('hsload', [dir, `${DIR}directory/`]);
    assert.equal(r.code, 0, r.stderr);
    const listing = await run('hsls', [`${DIR}directory/`]);
    assert.deepEqual(listing.lines.filter((l) => /\.h5|README/.test(l)).map((l) => l.trim().split(/\s+/).pop()), [`${DIR}directory/enums.h5`, `${DIR}directory/strings.h5`]);
    assert.equal((await run('hsload', [dir, `${DIR}one.h5`])).code, 2, 'several files need a folder');
  });

  it('--extend appends the files along a dimension scale', async () => {
    const domain = `${DIR}extended.h5`;
    const r = await run('hsload', ['--extend', 'time', ...days.files.map((d) => path.join(days.dir, d)), domain]);
    assert.equal(r.code, 0, r.stderr);
    const file = path.join(out, 'extended.h5');
    assert.equal((await run('hsget', [domain, file])).code, 0);
    const check = python('compare_extend.py', [file, ...days.files.map((d) => path.join(days.dir, d))]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    // --extend-offset writes at a given place: day 1 again at the start changes nothing.
    assert.equal((await run('hsload', ['-a', '--extend', 'time', '--extend-offset', '0', path.join(days.dir, days.files[0]), domain])).code, 0);
    assert.equal((await run('hsget', [domain, `${file}.2`])).code, 0);
    assert.equal(python('compare_extend.py', [`${file}.2`, ...days.files.map((d) => path.join(days.dir, d))]).code, 0);
  });

  it('hsget --nodata writes the structure only; --no-clobber keeps an existing file', async () => {
    const domain = `${DIR}committed.h5`;
    assert.equal((await run('hsload', [src('committed.h5'), domain])).code, 0);
    const file = path.join(out, 'structure.h5');
    assert.equal((await run('hsget', ['--nodata', domain, file])).code, 0);
    const r = spawnSync('python3', ['-c', `import h5py; f = h5py.File(${JSON.stringify(file)}); d = f["points"]; print(d.shape, d.dtype.names, d.id.get_type().committed(), d.id.get_num_chunks(d.id.get_space()) if d.chunks else 'contiguous', f["types/point_t"].attrs["units"])`], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), "(100,) ('x', 'y', 'z') True contiguous m", r.stderr);
    writeFileSync(path.join(out, 'keep.h5'), 'keep me');
    const refused = await run('hsget', ['-n', domain, path.join(out, 'keep.h5')]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /keep\.h5 exists/);
  });

  it('draws a progress bar of objects and bytes on a terminal', async (t) => {
    if (spawnSync('script', ['--version']).status !== 0) return t.skip('needs script(1) for a terminal');
    const file = path.join(out, 'plain.h5');
    assert.equal(python('make_large_file.py', [file, 'plain', '32']).code, 0);
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(REPO, 'bin', 'hsload.js'))} ${JSON.stringify(file)} ${DIR}tty.h5`;
    const r = spawnSync('script', ['-qec', `stty cols 200; ${command}`, '/dev/null'], { encoding: 'utf8', env: { ...cleanEnv(), ...serverEnv(server) } });
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /\r\x1b\[Khsload: objects 2\/2 {2}bytes [\d.]+ MB\/32\.0 MB/);
    assert.ok(r.stdout.endsWith('\r\x1b[K'), 'the bar is removed at the end');
  });

  it('draws no terminal progress bar when stderr is not a terminal, and logs the load', async () => {
    const r = await run('hsload', ['--loglevel', 'info', src('layouts.h5'), `${DIR}logged.h5`]);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stderr, /\r|\x1b\[/);
    assert.match(r.stderr, /INFO .* File .*layouts\.h5 uploaded to domain: .*logged\.h5 \(7 objects/);
  });
});
