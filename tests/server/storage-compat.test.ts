/**
 * Storage compatibility with HSDS (obj_store_schema v2 on POSIX). A bucket written by
 * tests/python/make_hsds_bucket.py from the documented format — ids, keys, JSON objects and chunk bytes as
 * HSDS writes them, not by h5lab — must be served exactly as its manifest says. Then the reverse: what h5lab
 * writes through the REST API (a new domain, and updates of the HSDS-written one) must be readable by
 * tests/python/check_hsds_layout.py, which applies HSDS's own key rules and chunk decoding
 * (storUtil._uncompress) independently of h5lab.
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
import { Answer, Api } from '../helpers/http.js';
import { checkLayout } from '../helpers/layout-check.js';

const run = promisify(execFile);
const PYTHON = process.env.H5LAB_PYTHON ?? 'python3';
const SCRIPTS = path.join(REPO, 'tests', 'python');

const COMPAT = '/home/test_user1/hsds_compat.h5';
const LEGACY = '/home/test_user1/legacy_v1.h5';
const WRITTEN = '/home/test_user1/hsds_written.h5';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

interface ObjectEntry {
  collection: 'groups' | 'datasets' | 'datatypes';
  path: string;
  created?: number;
  lastModified?: number;
  links?: Record<string, Json>;
  attributes?: Record<string, Json>;
  creationProperties?: Json;
  type?: Json;
  shape?: Json;
  layout?: Json;
  value?: Json;
  bytes_b64?: string;
  chunks?: Record<string, string>;
  selections?: { select: string; value: Json }[];
}

interface DomainEntry {
  owner?: string;
  acls?: Record<string, Record<string, boolean>>;
  root?: string;
  created?: number;
  lastModified?: number;
  objects: Record<string, ObjectEntry>;
  summary?: Record<string, number>;
}

interface Manifest {
  bucket: string;
  folders: Record<string, Json>;
  domains: Record<string, DomainEntry>;
}

const collectionOf = (id: string) => ({ g: 'groups', d: 'datasets', t: 'datatypes' })[id[0] as 'g' | 'd' | 't'];
const entries = (d: DomainEntry, collection: string) =>
  Object.entries(d.objects).filter(([, o]) => o.collection === collection);

describe('HSDS storage compatibility', () => {
  let work: string;
  let rootDir: string;
  let manifest: Manifest;
  let server: TestServer;
  let api: Api;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'h5lab-storage-compat-'));
    rootDir = path.join(work, 'root');
    const manifestFile = path.join(work, 'manifest.json');
    await run(PYTHON, [path.join(SCRIPTS, 'make_hsds_bucket.py'), rootDir, manifestFile]);
    manifest = parseJson(await readFile(manifestFile, 'utf8')) as Manifest;
    server = await startServer({
      rootDir,
      bucket: manifest.bucket,
      // Small chunk limits so written datasets span several chunks; 10 chunks per folder partitions larger ones.
      env: { H5LAB_MIN_CHUNK_SIZE: '64', H5LAB_MAX_CHUNK_SIZE: '4k', H5LAB_MAX_CHUNKS_PER_FOLDER: '10' },
    });
    api = new Api(server.url, 'test_user1', 'test');
  });
  after(async () => {
    await server?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe('serving a bucket in HSDS layout', () => {
    let compat: DomainEntry;
    let d: Api;
    before(() => {
      compat = manifest.domains[COMPAT];
      d = api.in(COMPAT);
    });

    it('serves the folders and lists their domains', async () => {
      for (const [folder, stored] of Object.entries(manifest.folders)) {
        const r = await api.get('/', { domain: folder });
        assert.equal(r.status, 200, `${folder}: ${r.text}`);
        assert.equal(r.json.class, 'folder');
        assert.equal(r.json.owner, stored.owner);
        assert.equal(r.json.created, stored.created);
        assert.equal(r.json.lastModified, stored.lastModified);
      }
      const list = await api.get('/domains', { domain: '/home/test_user1/' });
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.json.domains.map((x: Json) => [x.name, x.class, x.owner, x.root]),
        [COMPAT, LEGACY].map((p) => [p, 'domain', 'test_user1', manifest.domains[p].root]),
      );
    });

    it('serves the domain JSON and its ACLs', async () => {
      const r = await d.get('/');
      assert.equal(r.status, 200);
      assert.equal(r.json.class, 'domain');
      assert.equal(r.json.root, compat.root);
      assert.equal(r.json.owner, compat.owner);
      assert.equal(r.json.created, compat.created);
      assert.equal(r.json.lastModified, compat.lastModified);
      const acls = await d.get('/acls');
      assert.equal(acls.status, 200);
      const byUser = Object.fromEntries(acls.json.acls.map(({ userName, ...flags }: Json) => [userName, flags]));
      assert.deepEqual(byUser, compat.acls);
    });

    it('applies the stored ACLs: read-only user, no anonymous access', async () => {
      const reader = d.as('test_user2', 'test');
      assert.equal((await reader.get(`/groups/${compat.root}`)).status, 200);
      const write = await reader.put(`/groups/${compat.root}/attributes/denied`, { body: { type: 'H5T_STD_I32LE', value: 1 } });
      assert.equal(write.status, 403);
      assert.equal((await d.as().get(`/groups/${compat.root}`)).status, 403);
    });

    it('serves every group with its stored links and attributes', async () => {
      const groups = entries(compat, 'groups');
      assert.equal(groups.length, 4);
      for (const [id, g] of groups) {
        const r = await d.get(`/groups/${id}`);
        assert.equal(r.status, 200, `${g.path}: ${r.text}`);
        assert.equal(r.json.id, id);
        assert.equal(r.json.root, compat.root);
        assert.equal(r.json.created, g.created);
        assert.equal(r.json.lastModified, g.lastModified);
        assert.equal(r.json.linkCount, Object.keys(g.links!).length);
        assert.equal(r.json.attributeCount, Object.keys(g.attributes!).length);
        if (g.creationProperties) assert.deepEqual(r.json.creationProperties, g.creationProperties);

        const links = await d.get(`/groups/${id}/links`);
        assert.equal(links.status, 200);
        const titles = Object.keys(g.links!).sort();
        assert.deepEqual(links.json.links.map((l: Json) => l.title), titles);
        for (const l of links.json.links) {
          const stored = g.links![l.title];
          const { title, href, collection, target, ...rest } = l;
          assert.ok(title && href);
          assert.deepEqual(rest, stored, `${g.path} link ${title}`);
          if (stored.class === 'H5L_TYPE_HARD') {
            assert.equal(collection, collectionOf(stored.id));
            assert.ok(target);
          }
        }
        await checkAttributes(d, 'groups', id, g);
      }
      const soft = await d.get(`/groups/${compat.root}/links/ext_link`);
      assert.equal(soft.status, 200);
      assert.deepEqual(
        [soft.json.link.class, soft.json.link.h5path, soft.json.link.h5domain],
        ['H5L_TYPE_EXTERNAL', '/data', '/home/test_user1/other.h5'],
      );
    });

    it('serves the committed datatype and types that reference it', async () => {
      const types = entries(compat, 'datatypes');
      assert.equal(types.length, 1);
      for (const [id, t] of types) {
        const r = await d.get(`/datatypes/${id}`);
        assert.equal(r.status, 200);
        assert.deepEqual(r.json.type, t.type);
        assert.equal(r.json.created, t.created);
        await checkAttributes(d, 'datatypes', id, t);
      }
      const [ctypeId] = types[0];
      const typed = compat.objects[compat.root!].attributes!.typed;
      assert.equal(typed.type.id, ctypeId);
    });

    it('serves the metadata of every dataset', async () => {
      const datasets = entries(compat, 'datasets');
      assert.equal(datasets.length, 18);
      for (const [id, ds] of datasets) {
        const r = await d.get(`/datasets/${id}`);
        assert.equal(r.status, 200, `${ds.path}: ${r.text}`);
        assert.deepEqual(r.json.type, ds.type, ds.path);
        assert.deepEqual(r.json.shape, ds.shape, ds.path);
        assert.deepEqual(r.json.layout, ds.layout, ds.path);
        assert.deepEqual(r.json.creationProperties ?? {}, ds.creationProperties ?? {}, ds.path);
        assert.equal(r.json.created, ds.created);
        assert.equal(r.json.attributeCount, Object.keys(ds.attributes!).length);
        await checkAttributes(d, 'datasets', id, ds);
      }
    });

    it('serves every dataset value from the stored chunks, as JSON and as binary', async () => {
      let compared = 0;
      for (const [id, ds] of entries(compat, 'datasets')) {
        if (ds.shape.class === 'H5S_NULL') {
          assert.equal((await d.get(`/datasets/${id}/value`)).status, 400);
          continue;
        }
        const j = await d.get(`/datasets/${id}/value`);
        assert.equal(j.status, 200, `${ds.path}: ${j.text}`);
        assert.deepStrictEqual(j.json.value, ds.value, ds.path);
        const b = await d.get(`/datasets/${id}/value`, { accept: 'binary' });
        assert.equal(b.status, 200, `${ds.path}: ${b.text}`);
        assert.deepEqual(Buffer.from(b.bytes), Buffer.from(ds.bytes_b64!, 'base64'), `${ds.path} binary`);
        compared++;
      }
      assert.equal(compared, 17);
    });

    it('serves hyperslab selections that cross chunk boundaries', async () => {
      let compared = 0;
      for (const [id, ds] of entries(compat, 'datasets')) {
        for (const { select, value } of ds.selections ?? []) {
          const r = await d.get(`/datasets/${id}/value`, { query: { select } });
          assert.equal(r.status, 200, `${ds.path}${select}: ${r.text}`);
          assert.deepStrictEqual(r.json.value, value, `${ds.path}${select}`);
          compared++;
        }
      }
      assert.ok(compared >= 9);
    });

    it('resolves every path and returns the stored objects in bulk', async () => {
      for (const [id, o] of Object.entries(compat.objects)) {
        const r = await d.get('/', { query: { h5path: o.path } });
        assert.equal(r.status, 200, `${o.path}: ${r.text}`);
        assert.equal(r.json.id, id, o.path);
      }
      const soft = await d.get('/', { query: { h5path: '/soft_link', follow_soft_links: 1 } });
      assert.equal(soft.json.id, entries(compat, 'datasets').find(([, o]) => o.path === '/g1/raw_i4')![0]);

      const bulk = await d.get('/', { query: { getobjs: 1, include_attrs: 1 } });
      assert.equal(bulk.status, 200);
      const objs = bulk.json.domain_objs;
      assert.deepEqual(Object.keys(objs).sort(), Object.keys(compat.objects).sort());
      for (const [id, g] of entries(compat, 'groups')) {
        assert.deepStrictEqual(objs[id].links, g.links, g.path);
        assert.deepStrictEqual(objs[id].attributes, g.attributes, g.path);
      }
    });

    it('summarizes the domain with the counts HSDS\'s scan gives', async () => {
      const r = await d.get('/', { query: { verbose: 1 } });
      assert.equal(r.status, 200);
      for (const [k, v] of Object.entries(compat.summary!)) assert.equal(r.json[k], v, k);
    });

    it('serves a legacy domain whose ids are v1 UUIDs', async () => {
      const legacy = manifest.domains[LEGACY];
      const l = api.in(LEGACY);
      const dom = await l.get('/');
      assert.equal(dom.status, 200);
      assert.equal(dom.json.root, legacy.root);
      // HSDS keeps no summary for v1 domains (the layout check later verifies no db/ key was made for it).
      const verbose = await l.get('/', { query: { verbose: 1 } });
      assert.equal(verbose.status, 200);
      assert.equal(verbose.json.num_chunks, 0);
      for (const [id, o] of Object.entries(legacy.objects)) {
        const r = await l.get(`/${o.collection}/${id}`);
        assert.equal(r.status, 200, `${o.path}: ${r.text}`);
        assert.equal(r.json.created, o.created);
        const byPath = await l.get('/', { query: { h5path: o.path } });
        assert.equal(byPath.json.id, id);
        await checkAttributes(l, o.collection, id, o);
        if (o.collection === 'datasets') {
          const v = await l.get(`/datasets/${id}/value`);
          assert.deepStrictEqual(v.json.value, o.value);
        }
      }
    });
  });

  describe('writing in HSDS layout', () => {
    /**
     * What the written domain must hold, in the checker's expectation format. As in HSDS's PUT_Domain the owner
     * gets every ACL flag, nothing is inherited from a parent holding only owner and default ACLs, and there is
     * no default ACL (default_public is off).
     */
    const allFlags = { create: true, read: true, update: true, delete: true, readACL: true, updateACL: true };
    const written: DomainEntry = { owner: 'test_user1', acls: { test_user1: allFlags }, objects: {} };
    let w: Api;

    const range = <T,>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
    const grid = (rows: number, cols: number, f: (i: number, j: number) => number) =>
      range(rows, (i) => range(cols, (j) => f(i, j)));
    const simple = (dims: number[]) => ({ class: 'H5S_SIMPLE', dims });

    async function ok(r: Promise<Answer>, status = 201): Promise<Answer> {
      const a = await r;
      assert.equal(a.status, status, a.text);
      return a;
    }

    function place(parentId: string, title: string, id: string, entry: Omit<ObjectEntry, 'path'>) {
      const parent = written.objects[parentId];
      written.objects[id] = { ...entry, path: `${parent.path === '/' ? '' : parent.path}/${title}` };
      parent.links![title] = { class: 'H5L_TYPE_HARD', id };
    }

    async function attribute(collection: string, id: string, name: string, body: Json, stored: Json) {
      await ok(w.put(`/${collection}/${id}/attributes/${name}`, { body: stringifyJson(body) }));
      written.objects[id].attributes![name] = stored;
    }

    async function dataset(parentId: string, title: string, body: Json, stored: Omit<ObjectEntry, 'path' | 'collection'>) {
      const r = await ok(w.post('/datasets', { body: stringifyJson({ ...body, link: { id: parentId, name: title } }) }));
      place(parentId, title, r.json.id, { collection: 'datasets', attributes: {}, ...stored });
      return r.json.id as string;
    }

    before(() => {
      w = api.in(WRITTEN);
    });

    it('creates a domain with groups, links, attributes, a committed type and datasets', async () => {
      const dom = await ok(w.put('/'));
      const root = dom.json.root as string;
      written.root = root;
      written.objects[root] = { collection: 'groups', path: '/', links: {}, attributes: {} };

      const grp = (await ok(w.post('/groups', { body: { link: { id: root, name: 'grp' }, creationProperties: { CreateOrder: 1 } } }))).json.id;
      place(root, 'grp', grp, { collection: 'groups', links: {}, attributes: {}, creationProperties: { CreateOrder: 1 } });
      const sub = (await ok(w.post('/groups', { body: { h5path: 'grp/sub' } }))).json.id;
      place(grp, 'sub', sub, { collection: 'groups', links: {}, attributes: {} });

      const pairType = { class: 'H5T_COMPOUND', fields: [
        { name: 'x', type: { class: 'H5T_INTEGER', base: 'H5T_STD_I16LE' } },
        { name: 'y', type: { class: 'H5T_FLOAT', base: 'H5T_IEEE_F64LE' } },
      ] };
      const ctype = (await ok(w.post('/datatypes', { body: { type: pairType, link: { id: root, name: 'pair_t' } } }))).json.id;
      place(root, 'pair_t', ctype, { collection: 'datatypes', type: pairType, attributes: {} });
      const committed = { ...pairType, id: ctype };

      const vstr = { class: 'H5T_STRING', charSet: 'H5T_CSET_UTF8', strPad: 'H5T_STR_NULLTERM', length: 'H5T_VARIABLE' };
      await attribute('groups', root, 'title', { type: vstr, value: 'written by h5lab \u2713' },
        { type: vstr, shape: { class: 'H5S_SCALAR' }, value: 'written by h5lab \u2713' });
      await attribute('groups', root, 'nan_values', { type: 'H5T_IEEE_F64LE', shape: [3], value: [NaN, Infinity, 1.25] },
        { type: 'H5T_IEEE_F64LE', shape: simple([3]), value: [NaN, Infinity, 1.25] });
      await attribute('groups', root, 'big', { type: 'H5T_STD_I64LE', value: 2n ** 62n + 3n },
        { type: 'H5T_STD_I64LE', shape: { class: 'H5S_SCALAR' }, value: 2n ** 62n + 3n });
      const units = { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', strPad: 'H5T_STR_NULLPAD', length: 5 };
      await attribute('groups', grp, 'units', { type: units, value: 'volts' }, { type: units, shape: { class: 'H5S_SCALAR' }, value: 'volts' });
      await attribute('groups', grp, 'typed', { type: ctype, shape: [2], value: [[1, 0.5], [2, 0.75]] },
        { type: committed, shape: simple([2]), value: [[1, 0.5], [2, 0.75]] });
      await attribute('datatypes', ctype, 'doc', { type: vstr, value: 'pair' }, { type: vstr, shape: { class: 'H5S_SCALAR' }, value: 'pair' });

      // Expected layouts follow HSDS's rules (dset_sn.POST_Dataset, chunkUtil.expandChunk) for min_chunk_size 64,
      // max_chunk_size 4k and max_chunks_per_folder 10: partition_count = ceil(chunks / 10) above 10 chunks.
      const chunked = (dims: number[], partition_count?: number) => ({ class: 'H5D_CHUNKED', dims, ...(partition_count ? { partition_count } : {}) });

      // gzip + shuffle as h5pyd sends them; 3 x 4 chunks > 10 per folder, so the chunk keys are partitioned.
      const gzValue = grid(24, 20, (i, j) => i * 0.5 - j * 0.25);
      const gzFilters = [{ class: 'H5Z_FILTER_SHUFFLE', id: 2, name: 'shuffle' }, { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 4 }];
      const gzCp = { layout: { class: 'H5D_CHUNKED', dims: [8, 5] }, filters: gzFilters };
      const gz = await dataset(root, 'gzip_shuffle', { type: 'H5T_IEEE_F32LE', shape: [24, 20], creationProperties: gzCp },
        { type: 'H5T_IEEE_F32LE', shape: simple([24, 20]), layout: chunked([8, 5], 2), creationProperties: gzCp, value: gzValue });
      await ok(w.put(`/datasets/${gz}/value`, { binary: new Uint8Array(new Float32Array(gzValue.flat()).buffer) }), 200);
      const patch = grid(6, 12, (i, j) => -100 - i * 12 - j);
      await ok(w.put(`/datasets/${gz}/value`, { body: { value: patch }, query: { select: '[3:9,2:14]' } }), 200);
      patch.forEach((row, i) => row.forEach((v, j) => (gzValue[3 + i][2 + j] = v)));
      await attribute('datasets', gz, 'scale', { type: 'H5T_IEEE_F32LE', value: 0.25 },
        { type: 'H5T_IEEE_F32LE', shape: { class: 'H5S_SCALAR' }, value: 0.25 });

      const lzCp = { layout: { class: 'H5D_CHUNKED', dims: [40] }, filters: [{ class: 'H5Z_FILTER_USER', name: 'lz4', level: 5 }] };
      const lzValue = range(100, (i) => (i - 50) * 7);
      const lz = await dataset(root, 'lz4', { type: 'H5T_STD_I16LE', shape: [100], creationProperties: lzCp },
        { type: 'H5T_STD_I16LE', shape: simple([100]), layout: chunked([40]), creationProperties: lzCp, value: lzValue });
      await ok(w.put(`/datasets/${lz}/value`, { body: { value: lzValue } }), 200);

      // Plain chunks; only part of the extent is written, so untouched chunks must not exist.
      const plainCp = { layout: { class: 'H5D_CHUNKED', dims: [4, 4] } };
      const plainValue = grid(7, 9, (i, j) => (i >= 1 && i < 6 && j >= 2 && j < 8 ? i * 100 + j : 0));
      const plain = await dataset(grp, 'plain', { type: 'H5T_STD_I32LE', shape: [7, 9], creationProperties: plainCp },
        { type: 'H5T_STD_I32LE', shape: simple([7, 9]), layout: chunked([4, 4]), creationProperties: plainCp, value: plainValue });
      const block = plainValue.slice(1, 6).flatMap((row) => row.slice(2, 8));
      await ok(w.put(`/datasets/${plain}/value`, { binary: new Uint8Array(new Int32Array(block).buffer), query: { select: '[1:6,2:8]' } }), 200);

      // A fill value and edge chunks: the padding of a written edge chunk must hold the fill value.
      const fillCp = { layout: { class: 'H5D_CHUNKED', dims: [5, 5] }, fillValue: 2.5 };
      const fillValue = grid(9, 10, (i, j) => (i >= 6 && i < 8 && j >= 1 && j < 3 ? i + j / 10 : 2.5));
      const filled = await dataset(grp, 'filled', { type: 'H5T_IEEE_F64LE', shape: [9, 10], creationProperties: fillCp },
        { type: 'H5T_IEEE_F64LE', shape: simple([9, 10]), layout: chunked([5, 5]), creationProperties: fillCp, value: fillValue });
      await ok(w.put(`/datasets/${filled}/value`, { body: { value: [[6.1, 6.2], [7.1, 7.2]] }, query: { select: '[6:8,1:3]' } }), 200);

      const strs = ['', 'one', 'h\u00e9llo w\u00f6rld', '\u65e5\u672c', 'x'.repeat(33), 'end'];
      // Variable-length chunks are never shuffled; lz4 compresses the length-prefixed stream. HSDS sizes vlen
      // items at 128 bytes when choosing chunk shapes.
      const vlenCp = { layout: { class: 'H5D_CHUNKED', dims: [4] }, filters: ['shuffle', 'lz4'] };
      const vlen = await dataset(root, 'strings', { type: vstr, shape: [6], creationProperties: vlenCp },
        { type: vstr, shape: simple([6]), layout: chunked([4]), creationProperties: vlenCp, value: strs });
      await ok(w.put(`/datasets/${vlen}/value`, { body: { value: strs } }), 200);

      // Filters given as an id and a name, normalized the way HSDS's service node does.
      const pairCp = { layout: { class: 'H5D_CHUNKED', dims: [2] }, filters: [2, 'zstd'] };
      const pairs = range(5, (i) => [i - 2, i / 4]);
      const pairDs = await dataset(sub, 'pairs', { type: ctype, shape: [5], creationProperties: pairCp },
        { type: committed, shape: simple([5]), layout: chunked([5]), creationProperties: pairCp, value: pairs });
      await ok(w.put(`/datasets/${pairDs}/value`, { body: { value: pairs } }), 200);

      const scalar = await dataset(root, 'scalar', { type: 'H5T_IEEE_F64LE' },
        { type: 'H5T_IEEE_F64LE', shape: { class: 'H5S_SCALAR' }, layout: chunked([1]), value: 6.5 });
      await ok(w.put(`/datasets/${scalar}/value`, { body: { value: 6.5 } }), 200);

      // Unlimited: the chunk doubles until it reaches min_chunk_size (4 -> 16) and the partition count assumes
      // 10^6 elements (ceil(ceil(10^6 / 16) / 10) = 6250). Extended, then written across the old end.
      const growValue = range(40, (i) => (i < 6 ? i + 1 : i >= 30 ? -i : 0));
      const growCp = { layout: { class: 'H5D_CHUNKED', dims: [4] } };
      const growing = await dataset(root, 'growing', { type: 'H5T_STD_I32LE', shape: [6], maxdims: [0], creationProperties: growCp },
        { type: 'H5T_STD_I32LE', shape: { ...simple([40]), maxdims: [0] }, layout: chunked([16], 6250), creationProperties: growCp, value: growValue });
      await ok(w.put(`/datasets/${growing}/value`, { body: { value: growValue.slice(0, 6) } }), 200);
      await ok(w.put(`/datasets/${growing}/shape`, { body: { shape: [40] } }));
      await ok(w.put(`/datasets/${growing}/value`, { body: { value: growValue.slice(30) }, query: { select: '[30:40]' } }), 200);

      await ok(w.put(`/groups/${root}/links/soft`, { body: { h5path: '/grp/sub' } }));
      written.objects[root].links!.soft = { class: 'H5L_TYPE_SOFT', h5path: '/grp/sub' };
      await ok(w.put(`/groups/${root}/links/ext`, { body: { h5path: '/x', h5domain: '/home/test_user1/other.h5' } }));
      written.objects[root].links!.ext = { class: 'H5L_TYPE_EXTERNAL', h5path: '/x', h5domain: '/home/test_user1/other.h5' };
      await ok(w.put(`/groups/${sub}/links/alias`, { body: { id: plain } }));
      written.objects[sub].links!.alias = { class: 'H5L_TYPE_HARD', id: plain };

      const back = await ok(w.get(`/datasets/${gz}/value`), 200);
      assert.deepStrictEqual(back.json.value, gzValue);
    });

    it('updates datasets of the HSDS-written domain in place', async () => {
      const compat = manifest.domains[COMPAT];
      const c = api.in(COMPAT);
      const byPath = (p: string) => entries(compat, 'datasets').find(([, o]) => o.path === p)!;

      // Rewrites three Blosc-zlib chunks that live in partition folders.
      const [partId, part] = byPath('/partitioned');
      const row = range(12, (j) => 1000 + j);
      await ok(c.put(`/datasets/${partId}/value`, { binary: new Uint8Array(new Int32Array(row).buffer), query: { select: '[11:12,0:12]' } }), 200);
      part.value[11] = row;

      // Creates an edge chunk in a sparse dataset: its padding must hold the fill value.
      const [sparseId, sparse] = byPath('/sparse');
      await ok(c.put(`/datasets/${sparseId}/value`, { body: { value: [[4.5, 5.5], [6.5, 7.5]] }, query: { select: '[5:7,12:14]' } }), 200);
      sparse.value[5].splice(12, 2, 4.5, 5.5);
      sparse.value[6].splice(12, 2, 6.5, 7.5);
      const anyKey = Object.keys(sparse.chunks!)[0];
      sparse.chunks![`${anyKey.slice(0, anyKey.lastIndexOf('/'))}/1_3`] = 'written';

      const [lzId, lz] = byPath('/blosc_lz4');
      await ok(c.put(`/datasets/${lzId}/value`, { body: { value: [1, 2, 3] }, query: { select: '[0:3]' } }), 200);
      lz.value.splice(0, 3, 1, 2, 3);

      // A chunk HSDS stored as zlib of shuffled bytes.
      const [dsId, ds] = byPath('/deflate_shuffle');
      await ok(c.put(`/datasets/${dsId}/value`, { body: { value: [[-7]] }, query: { select: '[4:5,6:7]' } }), 200);
      ds.value[4][6] = -7;

      const [vId, v] = byPath('/vlen_str');
      await ok(c.put(`/datasets/${vId}/value`, { body: { value: ['changed \u00e9'] }, query: { select: '[6:7]' } }), 200);
      v.value[6] = 'changed \u00e9';

      for (const [id, o] of [[partId, part], [sparseId, sparse], [lzId, lz], [dsId, ds], [vId, v]] as const) {
        const r = await ok(c.get(`/datasets/${id}/value`), 200);
        assert.deepStrictEqual(r.json.value, o.value, o.path);
      }
    });

    it('leaves a bucket that HSDS reads back as written', async () => {
      await server.stop();
      const expectFile = path.join(work, 'expect.json');
      const expected = { ...manifest, domains: { ...manifest.domains, [WRITTEN]: written } };
      await writeFile(expectFile, stringifyJson(expected));
      const report = await checkLayout(rootDir, expectFile);
      assert.deepEqual(report.errors, []);
      assert.equal(report.checked.domains, 3);
      assert.equal(report.checked.datasets_compared, 17 + 1 + 8);
      // Chunks h5lab wrote with compressors are decoded through Blosc (lz4, zstd) or plain zlib (gzip).
      const ways = Object.keys(report.chunk_decoding).join(' ');
      for (const way of ['blosc-lz4', 'blosc-zstd', 'zlib+unshuffle', 'raw']) assert.ok(ways.includes(way), `${way} in ${ways}`);
    });

    it('the checker finds a stray key, a changed link and a corrupted chunk', async () => {
      const root = written.root!;
      const prefix = path.join(rootDir, manifest.bucket, 'db', `${root.slice(2, 10)}-${root.slice(11, 19)}`);
      await writeFile(path.join(prefix, 'd', 'stray'), 'x');
      const groupFile = path.join(prefix, '.group.json');
      const group = parseJson(await readFile(groupFile, 'utf8')) as Json;
      group.links.soft.h5path = '/elsewhere';
      await writeFile(groupFile, stringifyJson(group));
      const plainId = written.objects[written.objects[root].links!.grp.id].links!.plain.id as string;
      const hex = plainId.slice(2).replace(/-/g, '');
      const chunkFile = path.join(prefix, 'd', `${hex.slice(16, 20)}-${hex.slice(20, 26)}-${hex.slice(26, 32)}`, '0_0');
      await writeFile(chunkFile, new Uint8Array(64).fill(1));

      const report = await checkLayout(rootDir, path.join(work, 'expect.json'));
      assert.equal(report.errors.length, 3, report.errors.join('\n'));
      assert.match(report.errors.join('\n'), /key outside the schema: .*\/d\/stray/);
      assert.match(report.errors.join('\n'), /link 'soft': h5path is "\/elsewhere"/);
      assert.match(report.errors.join('\n'), /plain .*value at \[0, 0\] read from storage is 16843009, expected 0/);
    });
  });
});

/** The attributes of an object as served match their stored form (type, shape, value, created). */
async function checkAttributes(d: Api, collection: string, id: string, o: ObjectEntry): Promise<void> {
  for (const [name, stored] of Object.entries(o.attributes ?? {})) {
    const r = await d.get(`/${collection}/${id}/attributes/${encodeURIComponent(name)}`);
    assert.equal(r.status, 200, `${o.path} attribute ${name}: ${r.text}`);
    assert.deepStrictEqual(r.json.type, stored.type, `${o.path} attribute ${name}`);
    assert.deepStrictEqual(r.json.shape, stored.shape, `${o.path} attribute ${name}`);
    assert.deepStrictEqual(r.json.value, stored.value, `${o.path} attribute ${name}`);
    assert.equal(r.json.created, stored.created);
  }
}
