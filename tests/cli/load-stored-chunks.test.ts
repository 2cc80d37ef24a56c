/**
 * hsload and hsget moving chunks as stored (h5lab's stored-chunk endpoint) with files written by h5py:
 * gzip+shuffle, big-endian, shuffle-only and unfiltered datasets go chunk by chunk without recompression —
 * the server's chunk objects hold the file's chunk bytes, and hsget's file holds them again — while
 * datasets that do not qualify (small chunks, Fletcher-32) go by value; every copy compares identical with
 * h5py, and the bucket reads back as HSDS reads it (tests/python/check_hsds_layout.py). Through a proxy
 * that hides the endpoint (as HSDS lacks it) both tools fall back to values; a load that fails half way
 * resumes without sending the chunks its journal recorded again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Dataset } from '../../src/client/dataset.js';
import { chunkKey } from '../../src/server/storage/keys.js';
import { checkLayout } from '../helpers/layout-check.js';
import { TestServer } from '../helpers/server.js';
import { compareFiles } from './hsload-support.js';
import { cli, openDomain, startClientServer } from './support.js';

/** Datasets of the source file: which go as stored chunks, and how many chunks the file allocated. */
const STORED = { '/gz': 4, '/be': 10, '/shuffled': 4, '/plain': 6 };
const BY_VALUE = ['/small', '/fletcher'];

const MAKE_SOURCE = `
import sys
import h5py, numpy as np
rng = np.random.default_rng(11)
ramp = lambda shape, dt: (np.arange(np.prod(shape)).reshape(shape) * 0.5 + rng.standard_normal(shape)).astype(dt)
with h5py.File(sys.argv[1], "w") as f:
    fill = -1 if sys.argv[2] == "fill" else None
    gz = f.create_dataset("gz", (300, 200), dtype="<f4", chunks=(128, 128), compression="gzip", compression_opts=4, shuffle=True, fillvalue=fill)
    gz[0:256] = ramp((256, 200), "<f4")  # the last row of chunks is never allocated
    f.create_dataset("be", data=ramp((300, 200), ">f8"), chunks=(64, 128), compression="gzip", compression_opts=6, shuffle=True)
    f.create_dataset("shuffled", data=ramp((300, 200), "<i2"), chunks=(256, 128), shuffle=True)
    f.create_dataset("plain", data=ramp((300, 200), "<i4"), chunks=(128, 128))
    f.create_dataset("small", data=ramp((300, 200), "<f4"), chunks=(16, 16), compression="gzip")
    f.create_dataset("fletcher", data=ramp((300, 200), "<f4"), chunks=(128, 128), compression="gzip", fletcher32=True)
`;

/** h5py's stored bytes of one chunk. */
function directChunk(file: string, dataset: string, offset: number[]): Buffer {
  const r = spawnSync('python3', ['-c', `import h5py, sys; sys.stdout.buffer.write(h5py.File(sys.argv[1], "r")[sys.argv[2]].id.read_direct_chunk(tuple(${JSON.stringify(offset)}))[1])`, file, dataset], { maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`h5py failed: ${r.stderr}`);
  return r.stdout;
}

/** h5py's values of every dataset of a file, as nested lists (the HSDS layout checker's expectation). */
function valuesOf(file: string): Record<string, unknown> {
  const r = spawnSync('python3', ['-c', 'import h5py, json, sys; f = h5py.File(sys.argv[1], "r"); print(json.dumps({k: f[k][...].tolist() for k in f}))', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`h5py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

type ProxyMode = 'pass' | 'hide-endpoint' | 'fail-chunk-writes';

/** A loopback proxy in front of the server that can hide the stored-chunk endpoint or fail its writes. */
async function startProxy(target: string, failAfter: number): Promise<{ url: string; mode: ProxyMode; close(): Promise<void> }> {
  const state = { mode: 'pass' as ProxyMode, chunkWrites: 0 };
  const server = http.createServer((req, res) => {
    const isChunk = (req.url ?? '').includes('/h5lab-chunks/');
    const refuse = (status: number, delayMs = 0) => {
      req.resume();
      req.once('end', () =>
        setTimeout(() => {
          res.writeHead(status, { 'Content-Type': 'text/plain' });
          res.end(`${status}: refused by the test proxy`);
        }, delayMs),
      );
    };
    if (isChunk && state.mode === 'hide-endpoint') return refuse(404);
    // Failures come late, so that the writes let through are answered (and journaled) first.
    if (isChunk && req.method === 'PUT' && state.mode === 'fail-chunk-writes' && state.chunkWrites++ >= failAfter) return refuse(503, 500);
    const upstream = http.request(target + req.url, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get mode() {
      return state.mode;
    },
    set mode(m: ProxyMode) {
      state.mode = m;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('hsload and hsget with stored chunks', () => {
  let server: TestServer;
  let run: ReturnType<typeof cli>;
  let work: string;
  let source: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'h5lab-stored-chunk-load-'));
    source = path.join(work, 'source.h5');
    const made = spawnSync('python3', ['-c', MAKE_SOURCE, source, 'fill'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    // Chunks of 64 KiB are kept as they are (the default minimum chunk size is 1 MiB).
    server = await startClientServer({ env: { H5LAB_MIN_CHUNK_SIZE: '64k' } });
    run = cli(server);
  });
  after(async () => {
    await server.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  const domainOf = (name: string) => `/home/test_user1/${name}_${process.pid}.h5`;

  async function datasetId(domain: string, name: string): Promise<string> {
    const f = await openDomain(server, domain);
    const id = ((await f.get(name)) as Dataset).id;
    await f.close();
    return id;
  }

  it('sends the chunks that qualify as they are in the file, and hsget writes them back as they are', async () => {
    const domain = domainOf('stored');
    const load = await run('hsload', ['-v', source, domain]);
    assert.equal(load.code, 0, load.stderr);
    assert.equal(load.stderr, '');
    for (const [name, n] of Object.entries(STORED)) assert.ok(load.lines.includes(`${name}: ${n} chunks copied as stored (not recompressed)`), `${name}:\n${load.stdout}`);
    for (const name of BY_VALUE) assert.match(load.stdout, new RegExp(`${name}: values copied decoded, not as stored chunks`));
    const gz = await datasetId(domain, '/gz');
    const object = await server.storage.read(chunkKey(gz, [1, 1]));
    assert.ok(object && directChunk(source, 'gz', [128, 128]).equals(Buffer.from(object)), "the server's chunk object is the file's chunk");
    assert.equal(await server.storage.read(chunkKey(gz, [2, 0])), undefined, 'a chunk the file never allocated is not stored');

    const copy = path.join(work, 'stored.h5');
    const get = await run('hsget', ['-v', domain, copy]);
    assert.equal(get.code, 0, get.stderr);
    const written = Object.values(STORED).reduce((a, b) => a + b, 0);
    assert.ok(get.lines.includes(`${written} chunks written as the server stores them (not recompressed)`), get.stdout);
    const { ok, report } = compareFiles([[source, copy]]);
    assert.ok(ok, report);
    assert.ok(directChunk(copy, 'gz', [128, 128]).equals(directChunk(source, 'gz', [128, 128])), "hsget's chunk is the source's");
    assert.ok(directChunk(copy, 'be', [256, 128]).equals(directChunk(source, 'be', [256, 128])), 'big-endian edge chunk');
  });

  it('leaves a bucket that reads as HSDS reads it', async () => {
    // A bucket of its own, holding only this domain, for the checker; no user fill value, which the checker
    // reads only in JSON form (hsload stores it as base64).
    const own = await startClientServer({ env: { H5LAB_MIN_CHUNK_SIZE: '64k' } });
    try {
      const file = path.join(work, 'hsds_read.h5');
      const made = spawnSync('python3', ['-c', MAKE_SOURCE, file, 'no-fill'], { encoding: 'utf8' });
      assert.equal(made.status, 0, made.stderr);
      const domain = domainOf('hsds_read');
      const load = await cli(own)('hsload', ['-v', file, domain]);
      assert.equal(load.code, 0, load.stderr);
      assert.match(load.stdout, /\/gz: 4 chunks copied as stored/);
      const f = await openDomain(own, domain);
      const values = valuesOf(file);
      const objects: Record<string, unknown> = { [f.id]: { collection: 'groups', path: '/' } };
      for (const name of Object.keys(values)) {
        const d = (await f.get(name)) as Dataset;
        objects[d.id] = { collection: 'datasets', path: `/${name}`, creationProperties: d.creationProperties, value: values[name] };
      }
      await f.close();
      const expectFile = path.join(work, 'expect.json');
      writeFileSync(expectFile, JSON.stringify({ bucket: own.bucket, domains: { [domain]: { objects } } }));
      const result = await checkLayout(own.rootDir, expectFile);
      assert.deepEqual(result.errors, []);
      assert.equal(result.checked.datasets_compared, Object.keys(values).length);
    } finally {
      await own.dispose();
    }
  });

  it('reads by value the chunks the server keeps in another form (Blosc frames)', async () => {
    const domain = domainOf('lz4');
    // lz4 goes to the datasets without a compressor; the server keeps their chunks as Blosc frames.
    const load = await run('hsload', ['-v', '--compression', 'lz4', source, domain]);
    assert.equal(load.code, 0, load.stderr);
    assert.doesNotMatch(load.stdout, /\/(plain|shuffled): \d+ chunks copied as stored/);
    const copy = path.join(work, 'lz4.h5');
    const get = await run('hsget', ['-v', domain, copy]);
    assert.equal(get.code, 0, get.stderr);
    // /plain and /shuffled are written with deflate instead of lz4: their chunks come by value.
    const asStored = STORED['/gz'] + STORED['/be'];
    assert.ok(get.lines.includes(`${asStored} chunks written as the server stores them (not recompressed)`), get.stdout);
    // The filters differ from the source's (lz4 was added, and written as deflate): compare the values.
    const same = spawnSync('python3', ['-c', 'import h5py, numpy as np, sys; a, b = (h5py.File(p, "r") for p in sys.argv[1:]); print([k for k in a if not np.array_equal(a[k][...], b[k][...])])', source, copy], { encoding: 'utf8' });
    assert.equal(same.stdout.trim(), '[]', same.stderr);
  });

  it('falls back to values with a server that has no stored-chunk endpoint', async () => {
    const proxy = await startProxy(server.url, 0);
    try {
      proxy.mode = 'hide-endpoint';
      const domain = domainOf('hidden');
      const viaProxy = { env: { HS_ENDPOINT: proxy.url } };
      const load = await run('hsload', ['-v', source, domain], viaProxy);
      assert.equal(load.code, 0, load.stderr);
      assert.match(load.stdout, /the server does not take chunks as stored/);
      assert.doesNotMatch(load.stdout, /copied as stored/);
      const copy = path.join(work, 'hidden.h5');
      const get = await run('hsget', ['-v', domain, copy], viaProxy);
      assert.equal(get.code, 0, get.stderr);
      assert.doesNotMatch(get.stdout, /written as the server stores them/);
      const { ok, report } = compareFiles([[source, copy]]);
      assert.ok(ok, report);
    } finally {
      await proxy.close();
    }
  });

  it('resumes a load that failed half way without sending the chunks already stored', async () => {
    const proxy = await startProxy(server.url, 3);
    const state = mkdtempSync(path.join(work, 'state-'));
    try {
      const domain = domainOf('resumed');
      const env = { env: { HS_ENDPOINT: proxy.url, H5LAB_STATE_DIR: state } };
      proxy.mode = 'fail-chunk-writes';
      const failed = await run('hsload', ['--retries', '0', source, domain], env);
      assert.notEqual(failed.code, 0, 'the load fails once chunk writes are refused');
      const journal = readdirSync(path.join(state, 'hsload')).map((f) => readFileSync(path.join(state, 'hsload', f), 'utf8')).join('');
      const recorded = journal.match(/"t":"chunk"/g)?.length ?? 0;
      assert.ok(recorded > 0 && recorded <= 3, `${recorded} chunks journaled`);

      proxy.mode = 'pass';
      const again = await run('hsload', ['-v', source, domain], env);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /finished interrupted load/);
      const sent = [...again.stdout.matchAll(/: (\d+) chunks? copied as stored/g)].reduce((n, m) => n + Number(m[1]), 0);
      assert.equal(sent, Object.values(STORED).reduce((a, b) => a + b, 0) - recorded, again.stdout);
      const copy = path.join(work, 'resumed.h5');
      assert.equal((await run('hsget', [domain, copy])).code, 0);
      const { ok, report } = compareFiles([[source, copy]]);
      assert.ok(ok, report);
    } finally {
      await proxy.close();
    }
  });
});
