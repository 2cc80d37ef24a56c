/**
 * Interop with real HDF5. h5py writes sample files (tests/python/make_interop_files.py); a small REST client
 * written for this test (rest_copy.py) copies each file into a domain, the server is restarted so that only
 * what it stored counts, and the client copies the domain back into a new file; compare_h5.py then checks the
 * copy against the original object by object, value by value.
 *
 * The server runs with min_chunk_size=1k: every sample chunk holds at least 1 KiB, so the server keeps the
 * chunk shapes as given and they are compared exactly. A few values are also read straight through the REST
 * API and checked against the formulas the sample files were generated with.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, startServer, TestServer } from '../helpers/server.js';
import { Api, ensureHome, uniqueDomain } from '../helpers/http.js';

const SCRIPTS = path.join(REPO, 'tests', 'python');
const SERVER_ENV = { H5LAB_MIN_CHUNK_SIZE: '1k' };
const USER = 'test_user1';
const PASSWORD = 'test';

interface Run {
  status: number | null;
  output: string;
}

function python(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync('python3', args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function script(name: string, args: string[], env: Record<string, string> = {}): string {
  const r = python([path.join(SCRIPTS, name), ...args], env);
  assert.equal(r.status, 0, `${name} ${args.join(' ')} failed:\n${r.output}`);
  return r.output;
}

/** make_interop_files.py's ramp() for a signed 32-bit type: (i · 7919 mod 2^32) − 2^31 at flat index i. */
const rampInt32 = (i: number) => ((i * 7919) % 2 ** 32) - 2 ** 31;
/** ramp() for floats: (i − n/3) · 0.37 in double precision, then rounded to the stored type. */
const rampFloat = (i: number, n: number) => (i - n / 3) * 0.37;

describe('interop with real HDF5 files', () => {
  /** The server that took the uploads, then the one restarted on the same storage for everything else. */
  let uploadServer: TestServer;
  let server: TestServer;
  let api: Api;
  let work: string;
  /** Source file name → domain it was uploaded to. */
  const domains = new Map<string, string>();

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'h5lab-interop-'));
    const files = script('make_interop_files.py', [path.join(work, 'source')]).trim().split('\n');
    assert.deepEqual(files, ['interop.h5', 'interop_ext.h5']);

    const rootDir = path.join(work, 'store');
    uploadServer = await startServer({ env: SERVER_ENV, rootDir });
    await ensureHome(uploadServer.url);
    for (const file of files) {
      const domain = uniqueDomain('interop');
      // Credentials from the environment here, from arguments for the download below.
      script('rest_copy.py', ['upload', path.join(work, 'source', file), uploadServer.url, domain], {
        HS_USERNAME: USER,
        HS_PASSWORD: PASSWORD,
      });
      domains.set(file, domain);
    }
    // Whatever the download sees must come from storage, not from caches of the process that took the upload.
    await uploadServer.stop();
    server = await startServer({ env: SERVER_ENV, rootDir });
    api = new Api(server.url, USER, PASSWORD);
  });

  after(async () => {
    await server?.dispose();
    await uploadServer?.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const download = (file: string) => {
    const target = path.join(work, `copy_${file}`);
    script('rest_copy.py', ['download', server.url, domains.get(file)!, target, '--user', USER, '--password', PASSWORD]);
    return target;
  };

  it('copies every sample file into a domain and back without a difference', () => {
    for (const [file, minimumObjects] of [['interop.h5', 60], ['interop_ext.h5', 3]] as const) {
      const copy = download(file);
      const report = script('compare_h5.py', [path.join(work, 'source', file), copy]);
      const m = /^identical: (\d+) objects, (\d+) links, (\d+) attributes, (\d+) dataset values/.exec(report);
      assert.ok(m, report);
      assert.ok(Number(m[1]) >= minimumObjects, report);
    }
  });

  it('compare_h5.py reports changed values, attributes and links', () => {
    const copy = path.join(work, 'mutated.h5');
    copyFileSync(path.join(work, 'source', 'interop.h5'), copy);
    const mutate = [
      'import sys, h5py, numpy as np',
      'f = h5py.File(sys.argv[1], "r+")',
      'f["numeric/int32_3d"][1, 2, 3] += 1',
      'f.attrs["float32_special"] = np.zeros(8, "<f4")',
      'del f["links/soft_relative"]',
      'f["links/soft_relative"] = h5py.SoftLink("/numeric")',
    ].join('\n');
    assert.equal(python(['-c', mutate, copy]).status, 0);
    const r = python([path.join(SCRIPTS, 'compare_h5.py'), path.join(work, 'source', 'interop.h5'), copy]);
    assert.equal(r.status, 1, r.output);
    assert.match(r.output, /^3 difference\(s\)/);
    assert.match(r.output, /\/numeric\/int32_3d: values differ at \(1, 2, 3\)/);
    assert.match(r.output, /\/ @float32_special: value differs/);
    assert.match(r.output, /\/links\/soft_relative: soft link target '\.\.\/numeric' vs '\/numeric'/);
  });

  describe('values read directly through the REST API', () => {
    const main = () => api.in(domains.get('interop.h5')!);
    const byPath = async (h5path: string) => {
      const r = await main().get('/', { query: { h5path } });
      assert.equal(r.status, 200, `${h5path}: ${r.text}`);
      return r.json;
    };

    it('keeps chunk shape, filters and the big-endian type of a dataset', async () => {
      const dset = await byPath('/numeric/int32_3d');
      assert.deepEqual(dset.layout, { class: 'H5D_CHUNKED', dims: [4, 8, 8] });
      assert.deepEqual(dset.shape.dims, [13, 17, 9]);
      const filters = dset.creationProperties.filters.map((f: { class: string; level?: number }) => [f.class, f.level]);
      assert.deepEqual(filters, [['H5Z_FILTER_SHUFFLE', undefined], ['H5Z_FILTER_DEFLATE', 9]]);

      const be = await byPath('/numeric/int32_be_2d');
      assert.equal(be.type.base, 'H5T_STD_I32BE');
      const json = await main().get(`/datasets/${be.id}/value`, { query: { select: '[0:2,0:3]' } });
      assert.deepEqual(json.json.value, [[0, 1, 2].map(rampInt32), [40, 41, 42].map(rampInt32)]);
      const bin = await main().get(`/datasets/${be.id}/value`, { query: { select: '[1:2,0:2]' }, accept: 'binary' });
      const view = new DataView(bin.bytes.buffer, bin.bytes.byteOffset, bin.bytes.byteLength);
      assert.deepEqual([view.getInt32(0, false), view.getInt32(4, false)], [40, 41].map(rampInt32));
    });

    it('reads 64-bit integers beyond 2^53 exactly', async () => {
      const dset = await byPath('/numeric/uint64_1d');
      const bin = await main().get(`/datasets/${dset.id}/value`, { query: { select: '[1:3]' }, accept: 'binary' });
      const view = new DataView(bin.bytes.buffer, bin.bytes.byteOffset, bin.bytes.byteLength);
      // ramp() for 8-byte types: (i · 7919 mod 2^61) · (2^40 + 1) mod 2^61.
      const expected = [1n, 2n].map((i) => (((i * 7919n) % 2n ** 61n) * (2n ** 40n + 1n)) % 2n ** 61n);
      assert.deepEqual([view.getBigUint64(0, true), view.getBigUint64(8, true)], expected);
    });

    it('answers the fill value where no chunk was written', async () => {
      const dset = await byPath('/fill/partial_f32');
      const r = await main().get(`/datasets/${dset.id}/value`, { query: { select: '[15:17,15:17]' } });
      // Only [0:16, 0:16] (a 16×16 ramp) and [20:40, 50:64] were written; the fill value is -999.5.
      assert.deepEqual(r.json.value, [[Math.fround(rampFloat(255, 256)), -999.5], [-999.5, -999.5]]);
      assert.equal(dset.creationProperties.fillValue_encoding, 'base64');
    });

    it('reads UTF-8 variable-length strings', async () => {
      const dset = await byPath('/strings/vlen_utf8');
      const r = await main().get(`/datasets/${dset.id}/value`, { query: { select: '[0:1,0:5]' } });
      assert.deepEqual(r.json.value, [['héllo0', 'wörld', '✓ ok', '日本語3', 'emoji 🎉']]);
    });

    it('keeps NaN, ±Infinity and -0 in a float attribute', async () => {
      const root = (await main().get('/')).json.root;
      const r = await main().get(`/groups/${root}/attributes/float32_special`);
      assert.equal(r.status, 200, r.text);
      const v = r.json.value as number[];
      assert.equal(v[0], Math.fround(rampFloat(0, 8)));
      assert.ok(Number.isNaN(v[5]));
      assert.deepEqual([v[2], v[7]], [Infinity, -Infinity]);
      assert.ok(Object.is(v[4], -0), `expected -0, got ${v[4]} (${r.text.slice(0, 200)})`);
    });

    it('keeps soft, external and aliasing hard links and committed types', async () => {
      const links = await byPath('/links');
      const link = async (title: string) => (await main().get(`/groups/${links.id}/links/${title}`)).json.link;
      assert.deepEqual(await link('external'), {
        title: 'external',
        class: 'H5L_TYPE_EXTERNAL',
        h5path: '/data/table',
        h5domain: 'interop_ext.h5',
      });
      assert.equal((await link('soft_relative')).h5path, '../numeric');
      assert.equal((await link('hard_alias')).id, (await byPath('/numeric/float64_1d')).id);

      const pointType = await byPath('/types/point_t');
      assert.equal(pointType.class, 'datatype');
      const committed = await byPath('/compound/committed');
      assert.equal(committed.type.id, pointType.id);
    });
  });
});
