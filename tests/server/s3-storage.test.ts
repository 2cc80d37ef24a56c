/**
 * The S3 store keeps HSDS's layout, so one tree serves the same from a root dir and from a bucket:
 *  - the bucket tests/python/make_hsds_bucket.py writes (HSDS's layout, made without h5lab) is copied into an
 *    S3 bucket through the S3 API; the engine on S3 and the engine on the root dir answer every request of a
 *    full crawl alike, and dataset values match the fixture's manifest;
 *  - the same writes through both engines leave the same keys in the bucket as files in the root dir;
 *  - the bucket, copied back into a root dir, passes the independent HSDS layout checker
 *    (tests/python/check_hsds_layout.py) and serves the same as the bucket;
 *  - with metadata and chunk caches off, the engine reads its own writes through a store that serves stale
 *    versions (tests/helpers/s3-proxy.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseJson, stringifyJson } from '../../src/core/json.js';
import { REPO, startServer, TestServer } from '../helpers/server.js';
import { Answer, Api, ensureHome } from '../helpers/http.js';
import { S3TestServer, startS3Server } from '../helpers/s3-server.js';
import { startS3Proxy } from '../helpers/s3-proxy.js';
import { checkLayout } from '../helpers/layout-check.js';

const run = promisify(execFile);
const PYTHON = process.env.H5LAB_PYTHON ?? 'python3';
const SCRIPTS = path.join(REPO, 'tests', 'python');
const WRITTEN = '/home/test_user1/written_twice.h5';
/** Small chunks, so datasets span several chunks and partition folders (as in storage-compat). */
const SMALL_CHUNKS = { H5LAB_MIN_CHUNK_SIZE: '64', H5LAB_MAX_CHUNK_SIZE: '4k', H5LAB_MAX_CHUNKS_PER_FOLDER: '10' };

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

interface Manifest {
  bucket: string;
  folders: Record<string, Json>;
  domains: Record<string, { root?: string; objects: Record<string, Json> }>;
}

const collectionOf = (id: string) => ({ g: 'groups', d: 'datasets', t: 'datatypes' })[id[0] as 'g' | 'd' | 't'];

/** What differs between two engines serving the same tree: their address (hrefs) and the time of a scan. */
const UNCOMPARABLE = new Set(['hrefs', 'href', 'target', 'scan_start', 'scan_complete']);

function comparable(v: Json): Json {
  if (Array.isArray(v)) return v.map(comparable);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !UNCOMPARABLE.has(k)).map(([k, x]) => [k, comparable(x)]));
}

const answer = (r: Answer) => ({ status: r.status, body: comparable(r.json ?? r.text) });

/**
 * Summaries take modification times from the store (a file's mtime, an S3 LastModified, kept to the second),
 * which a copy does not keep: those are left out.
 */
function withoutTimes(v: Json): Json {
  if (Array.isArray(v)) return v.map(withoutTimes);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'lastModified').map(([k, x]) => [k, withoutTimes(x)]));
}

/** Crawls compared by request, so that a difference names the request and not two whole crawls. */
function assertSameCrawl(got: Record<string, Json>, want: Record<string, Json>, where: string): void {
  assert.deepEqual(Object.keys(got), Object.keys(want), where);
  for (const request of Object.keys(want)) assert.deepStrictEqual(got[request], want[request], `${where}: ${request}`);
}

/** Everything an engine serves about a folder or domain: the domain, its ACLs and every object reachable from the root. */
async function crawl(api: Api, domain: string): Promise<Record<string, Json>> {
  const d = api.in(domain);
  const out: Record<string, Json> = {};
  const dom = await d.get('/');
  out['/'] = answer(dom);
  out['/ verbose'] = withoutTimes(answer(await d.get('/', { query: { verbose: 1 } })));
  out['/acls'] = answer(await d.get('/acls'));
  if (dom.json?.class === 'folder') {
    out['/domains'] = answer(await api.get('/domains', { domain: domain + '/' }));
    return out;
  }
  const queue: string[] = [dom.json.root];
  const seen = new Set(queue);
  while (queue.length) {
    const id = queue.shift()!;
    const c = collectionOf(id);
    out[id] = answer(await d.get(`/${c}/${id}`));
    out[`${id} attributes`] = answer(await d.get(`/${c}/${id}/attributes`, { query: { IncludeData: 1 } }));
    if (c === 'groups') {
      const links = await d.get(`/groups/${id}/links`);
      out[`${id} links`] = answer(links);
      for (const l of links.json.links) {
        if (l.class === 'H5L_TYPE_HARD' && !seen.has(l.id)) {
          seen.add(l.id);
          queue.push(l.id);
        }
      }
    } else if (c === 'datasets') {
      out[`${id} value`] = answer(await d.get(`/datasets/${id}/value`));
      const bin = await d.get(`/datasets/${id}/value`, { accept: 'binary' });
      out[`${id} binary`] = { status: bin.status, base64: Buffer.from(bin.bytes).toString('base64') };
    }
  }
  return out;
}

async function ok(r: Promise<Answer>, status = 201): Promise<Answer> {
  const a = await r;
  assert.equal(a.status, status, a.text);
  return a;
}

const range = <T,>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const grid = (rows: number, cols: number, f: (i: number, j: number) => number) => range(rows, (i) => range(cols, (j) => f(i, j)));

const GZ_CP = {
  layout: { class: 'H5D_CHUNKED', dims: [8, 5] },
  filters: [{ class: 'H5Z_FILTER_SHUFFLE', id: 2, name: 'shuffle' }, { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 4 }],
};
const GZ_VALUE = grid(24, 20, (i, j) => i * 0.5 - j * 0.25);
const PLAIN_CP = { layout: { class: 'H5D_CHUNKED', dims: [4, 4] } };
const PLAIN_VALUE = grid(7, 9, (i, j) => (i >= 1 && i < 6 && j >= 2 && j < 8 ? i * 100 + j : 0));
const UNITS = { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', strPad: 'H5T_STR_NULLPAD', length: 5 };

/**
 * One fixed series of writes: a domain with a group, an attribute, a gzip dataset whose 12 chunks go to
 * partition folders, a partly written dataset, a dataset deleted after writing, a soft link. Returns the ids
 * in creation order and the checker's expectation of the domain.
 */
async function writeDomain(api: Api): Promise<{ ids: string[]; expect: Json }> {
  const w = api.in(WRITTEN);
  const root = (await ok(w.put('/'))).json.root as string;
  const grp = (await ok(w.post('/groups', { body: { link: { id: root, name: 'grp' } } }))).json.id as string;
  await ok(w.put(`/groups/${grp}/attributes/units`, { body: { type: UNITS, value: 'volts' } }));
  const dataset = async (parent: string, name: string, body: Json) =>
    (await ok(w.post('/datasets', { body: { ...body, link: { id: parent, name } } }))).json.id as string;
  const gz = await dataset(root, 'gzip_shuffle', { type: 'H5T_IEEE_F32LE', shape: [24, 20], creationProperties: GZ_CP });
  await ok(w.put(`/datasets/${gz}/value`, { binary: new Uint8Array(new Float32Array(GZ_VALUE.flat()).buffer) }), 200);
  const plain = await dataset(grp, 'plain', { type: 'H5T_STD_I32LE', shape: [7, 9], creationProperties: PLAIN_CP });
  const block = PLAIN_VALUE.slice(1, 6).flatMap((row) => row.slice(2, 8));
  await ok(w.put(`/datasets/${plain}/value`, { binary: new Uint8Array(new Int32Array(block).buffer), query: { select: '[1:6,2:8]' } }), 200);
  const doomed = await dataset(root, 'doomed', { type: 'H5T_STD_I16LE', shape: [30], creationProperties: { layout: { class: 'H5D_CHUNKED', dims: [8] } } });
  await ok(w.put(`/datasets/${doomed}/value`, { body: { value: range(30, (i) => i) } }), 200);
  await ok(w.delete(`/datasets/${doomed}`), 200);
  await ok(w.delete(`/groups/${root}/links/doomed`), 200);
  await ok(w.put(`/groups/${root}/links/soft`, { body: { h5path: '/grp/plain' } }));

  const expect = {
    owner: 'test_user1',
    root,
    objects: {
      [root]: { collection: 'groups', path: '/', attributes: {}, links: {
        grp: { class: 'H5L_TYPE_HARD', id: grp },
        gzip_shuffle: { class: 'H5L_TYPE_HARD', id: gz },
        soft: { class: 'H5L_TYPE_SOFT', h5path: '/grp/plain' },
      } },
      [grp]: { collection: 'groups', path: '/grp', links: { plain: { class: 'H5L_TYPE_HARD', id: plain } },
        attributes: { units: { type: UNITS, shape: { class: 'H5S_SCALAR' }, value: 'volts' } } },
      [gz]: { collection: 'datasets', path: '/gzip_shuffle', type: 'H5T_IEEE_F32LE', shape: { class: 'H5S_SIMPLE', dims: [24, 20] },
        creationProperties: GZ_CP, attributes: {}, value: GZ_VALUE },
      [plain]: { collection: 'datasets', path: '/grp/plain', type: 'H5T_STD_I32LE', shape: { class: 'H5S_SIMPLE', dims: [7, 9] },
        creationProperties: PLAIN_CP, attributes: {}, value: PLAIN_VALUE },
    },
  };
  return { ids: [root, grp, gz, plain, doomed], expect };
}

/** Rewrites one element of a fixture dataset (a chunk HSDS stored as zlib of shuffled bytes). */
async function updateFixture(api: Api, manifest: Manifest): Promise<void> {
  const compat = manifest.domains['/home/test_user1/hsds_compat.h5'];
  const [id] = Object.entries(compat.objects).find(([, o]) => o.path === '/deflate_shuffle')!;
  await ok(api.in('/home/test_user1/hsds_compat.h5').put(`/datasets/${id}/value`, { body: { value: [[-7]] }, query: { select: '[4:5,6:7]' } }), 200);
}

/** Key names with the ids of one engine's objects replaced by those of another's (keys embed id parts). */
function mapIds(keys: string[], from: string[], to: string[]): string[] {
  return keys.map((k) => from.reduce((key, id, i) => key.split(id.slice(2, 19)).join(to[i].slice(2, 19)).split(id.slice(20)).join(to[i].slice(20)), k));
}

describe('one HSDS tree in a root dir and in an S3 bucket', () => {
  let work: string;
  let rootDir: string;
  let manifest: Manifest;
  let s3: S3TestServer;
  let onPosix: TestServer;
  let onS3: TestServer;
  let uploaded: string[];
  /** The checker's expectation of what writeDomain made through S3. */
  let writtenOnS3: Json;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'h5lab-s3-storage-'));
    rootDir = path.join(work, 'root');
    const manifestFile = path.join(work, 'manifest.json');
    await run(PYTHON, [path.join(SCRIPTS, 'make_hsds_bucket.py'), rootDir, manifestFile]);
    manifest = parseJson(await readFile(manifestFile, 'utf8')) as Manifest;
    s3 = await startS3Server();
    await s3.createBucket(manifest.bucket);
    uploaded = await s3.upload(path.join(rootDir, manifest.bucket), manifest.bucket);
    [onPosix, onS3] = await Promise.all([
      startServer({ rootDir, bucket: manifest.bucket, env: SMALL_CHUNKS }),
      startServer({ s3, bucket: manifest.bucket, env: SMALL_CHUNKS }),
    ]);
  });
  after(async () => {
    await onPosix?.dispose();
    await onS3?.dispose();
    await s3?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('the bucket lists the root dir\'s files as keys, in S3 key order', async () => {
    const keys = await onS3.storage.keys();
    assert.ok(keys.length > 50, `${keys.length} keys`);
    assert.deepEqual(keys, await onPosix.storage.keys());
    assert.deepEqual([...keys].sort(), [...uploaded].sort());
  });

  it('serves the same folders, domains, objects, attributes and values from both, as the manifest says', async () => {
    const api = (s: TestServer) => new Api(s.url, 'test_user1', 'test');
    for (const path of [...Object.keys(manifest.folders), ...Object.keys(manifest.domains)]) {
      const [fromPosix, fromS3] = await Promise.all([crawl(api(onPosix), path), crawl(api(onS3), path)]);
      assert.equal(fromS3['/'].status, 200, path);
      assertSameCrawl(fromS3, fromPosix, path);
    }
    let compared = 0;
    for (const [domain, entry] of Object.entries(manifest.domains)) {
      const fromS3 = await crawl(api(onS3), domain);
      for (const [id, o] of Object.entries(entry.objects)) {
        if (o.collection !== 'datasets' || o.value === undefined) continue;
        assert.deepStrictEqual(fromS3[`${id} value`].body.value, o.value, `${domain} ${o.path}`);
        compared++;
      }
    }
    assert.ok(compared >= 15, `${compared} datasets compared with the manifest`);
  });

  it('the same writes leave the same keys in the bucket as files in the root dir', async () => {
    await Promise.all([ensureHome(onPosix.url), ensureHome(onS3.url)]);
    const posixApi = new Api(onPosix.url, 'test_user1', 'test');
    const s3Api = new Api(onS3.url, 'test_user1', 'test');
    const posixIds = (await writeDomain(posixApi)).ids;
    const { ids: s3Ids, expect } = await writeDomain(s3Api);
    writtenOnS3 = expect;
    await updateFixture(posixApi, manifest);
    await updateFixture(s3Api, manifest);
    const posixKeys = await onPosix.storage.keys();
    const s3Keys = await onS3.storage.keys();
    // Chunks of the partitioned dataset sit in p<N>/ folders; the deleted dataset left nothing.
    const gzPart = s3Ids[2].slice(20);
    assert.ok(s3Keys.some((k) => k.includes(`/d/${gzPart}/p1/`)), 'partitioned chunk keys');
    assert.ok(!s3Keys.some((k) => k.includes(s3Ids[4].slice(20))), 'no key of the deleted dataset');
    assert.deepEqual(mapIds(s3Keys, s3Ids, posixIds).sort(), [...posixKeys].sort());
  });

  it('the bucket, copied back into a root dir, passes the HSDS layout check and serves the same', async () => {
    const copyRoot = path.join(work, 'copy');
    await s3.download(manifest.bucket, path.join(copyRoot, manifest.bucket));
    // What the S3 engine wrote: the domain of writeDomain, and the fixture element changed by updateFixture.
    const s3Api = new Api(onS3.url, 'test_user1', 'test');
    const expected: Json = structuredClone(manifest);
    const compat = expected.domains['/home/test_user1/hsds_compat.h5'];
    Object.values<Json>(compat.objects).find((o) => o.path === '/deflate_shuffle').value[4][6] = -7;
    expected.domains[WRITTEN] = writtenOnS3;
    const reachable = Object.keys(await crawl(s3Api, WRITTEN)).filter((k) => /^[gdt]-[0-9a-f-]+$/.test(k));
    assert.deepEqual(reachable.sort(), Object.keys(writtenOnS3.objects).sort());
    const expectFile = path.join(work, 'expect.json');
    await writeFile(expectFile, stringifyJson(expected));
    const report = await checkLayout(copyRoot, expectFile);
    assert.deepEqual(report.errors, []);
    assert.equal(report.checked.domains, 3);

    const fromCopy = await startServer({ rootDir: copyRoot, bucket: manifest.bucket, env: SMALL_CHUNKS });
    try {
      const copyApi = new Api(fromCopy.url, 'test_user1', 'test');
      for (const domain of [...Object.keys(manifest.domains), WRITTEN]) {
        assertSameCrawl(await crawl(copyApi, domain), await crawl(s3Api, domain), domain);
      }
    } finally {
      await fromCopy.dispose();
    }
  });
});

describe('the engine on a store that serves stale versions', () => {
  let s3: S3TestServer;
  let proxy: Awaited<ReturnType<typeof startS3Proxy>>;
  let server: TestServer;
  let api: Api;

  before(async () => {
    s3 = await startS3Server();
    proxy = await startS3Proxy(s3.endpoint, { staleMs: 200 });
    // No metadata or chunk cache: every read of the engine goes to the store.
    server = await startServer({
      s3: { ...s3, endpoint: proxy.endpoint },
      env: { ...SMALL_CHUNKS, H5LAB_METADATA_MEM_CACHE_SIZE: '0', H5LAB_CHUNK_MEM_CACHE_SIZE: '0' },
    });
    await ensureHome(server.url);
    api = new Api(server.url, 'test_user1', 'test', '/home/test_user1/stale.h5');
  });
  after(async () => {
    await server?.dispose();
    await proxy?.close();
    await s3?.dispose();
  });

  it('reads its own writes: partial chunk updates, attributes, links and deletions', async () => {
    const root = (await ok(api.put('/'))).json.root as string;
    const cp = { layout: { class: 'H5D_CHUNKED', dims: [16] } };
    const id = (await ok(api.post('/datasets', { body: { type: 'H5T_STD_I32LE', shape: [16], creationProperties: cp, link: { id: root, name: 'x' } } }))).json.id;
    const value = range(16, (i) => i);
    await ok(api.put(`/datasets/${id}/value`, { body: { value } }), 200);
    assert.deepEqual((await ok(api.get(`/datasets/${id}/value`), 200)).json.value, value);
    // Each partial write reads the chunk back from the store before changing it: a stale read would undo
    // the write before it.
    for (const [start, v] of [[2, 100], [6, 200], [10, 300]]) {
      await ok(api.put(`/datasets/${id}/value`, { body: { value: [v, v + 1] }, query: { select: `[${start}:${start + 2}]` } }), 200);
      value.splice(start, 2, v, v + 1);
      assert.deepEqual((await ok(api.get(`/datasets/${id}/value`), 200)).json.value, value);
    }

    for (const v of [1, 2, 3]) {
      await ok(api.put(`/groups/${root}/attributes/a`, { body: { type: 'H5T_STD_I32LE', value: v }, query: { replace: 1 } }));
      assert.equal((await ok(api.get(`/groups/${root}/attributes/a`), 200)).json.value, v);
    }
    await ok(api.put(`/groups/${root}/links/soft`, { body: { h5path: '/x' } }));
    assert.deepEqual((await ok(api.get(`/groups/${root}/links`), 200)).json.links.map((l: Json) => l.title), ['soft', 'x']);
    await ok(api.delete(`/groups/${root}/links/soft`), 200);
    assert.deepEqual((await ok(api.get(`/groups/${root}/links`), 200)).json.links.map((l: Json) => l.title), ['x']);

    const listed = await api.get('/domains', { domain: '/home/test_user1/' });
    assert.deepEqual(listed.json.domains.map((d: Json) => d.name), ['/home/test_user1/stale.h5']);
    assert.ok(proxy.staleAnswers > 5, `${proxy.staleAnswers} stale answers`);
  });
});

describe('h5lab serve --s3-endpoint', () => {
  let s3: S3TestServer;

  before(async () => {
    s3 = await startS3Server();
  });
  after(() => s3?.dispose());

  it('takes credentials from flags, creates the default bucket and stores in it', async () => {
    const server = await startServer({
      s3,
      bucket: 'from-flags',
      env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
      args: ['--s3-region', 'us-east-1', `--s3-access-key=${s3.accessKeyId}`, `--s3-secret-key=${s3.secretAccessKey}`],
    });
    try {
      await ensureHome(server.url);
      await ok(new Api(server.url, 'test_user1', 'test').put('/', { domain: '/home/test_user1/flags.h5' }));
      assert.ok((await s3.keys('from-flags')).includes('home/test_user1/flags.h5/.domain.json'));
    } finally {
      await server.dispose();
    }
  });

  it('refuses to start when the store refuses its credentials', async () => {
    await assert.rejects(
      startServer({ s3, env: { AWS_ACCESS_KEY_ID: 'AKNOBODY', AWS_SECRET_ACCESS_KEY: 'nothing' } }),
      /server exited with 2: .*HEAD bucket hsdstest: HTTP 403/s,
    );
  });
});
