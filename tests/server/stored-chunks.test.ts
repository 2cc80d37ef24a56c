/**
 * h5lab's stored-chunk endpoint, `PUT|GET /datasets/{id}/h5lab-chunks/{index}`, with chunks as h5py's HDF5
 * writes them (shuffle + deflate, read with read_direct_chunk): stored as sent, read back through /value
 * equal to h5py's values, and refused (400, nothing stored) when the bytes do not decode to exactly one
 * chunk, the index is outside the extent, or the dataset cannot take them; the usual 401/403/404 answers.
 * Run on one process and on a cluster of two data-node processes (chunks routed to their owners).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { ServerOptions, startServer, TestServer } from '../helpers/server.js';
import { Api, ensureHome, uniqueDomain } from '../helpers/http.js';
import { chunkKey } from '../../src/server/storage/keys.js';

const DIMS = [700, 600];
const CHUNKS = [512, 512];
const GRID = [2, 2];
const FILL = -1;

interface SourceChunk {
  coords: number[];
  mask: number;
  bytes: Uint8Array;
}

/** A gzip+shuffle float32 dataset and an unfiltered int32 one written by h5py: their stored chunks and values. */
function h5pyChunks(dir: string): Record<'gz' | 'plain', { chunks: SourceChunk[]; values: Uint8Array }> {
  const script = `
import base64, json, sys
import h5py, numpy as np
dims, chunks = ${JSON.stringify(DIMS)}, ${JSON.stringify(CHUNKS)}
rng = np.random.default_rng(5)
with h5py.File(sys.argv[1], "w") as f:
    gz = f.create_dataset("gz", dims, dtype="<f4", chunks=tuple(chunks), compression="gzip", compression_opts=4, shuffle=True, fillvalue=${FILL})
    gz[...] = np.arange(dims[0] * dims[1], dtype="f4").reshape(dims) * 0.25 + rng.standard_normal(dims, dtype="f4")
    plain = f.create_dataset("plain", dims, dtype="<i4", chunks=tuple(chunks))
    plain[...] = np.arange(dims[0] * dims[1], dtype="i4").reshape(dims)
out = {}
with h5py.File(sys.argv[1], "r") as f:
    for name in ("gz", "plain"):
        d = f[name]
        found = []
        for i in range(d.id.get_num_chunks()):
            info = d.id.get_chunk_info(i)
            mask, data = d.id.read_direct_chunk(info.chunk_offset)
            found.append({"coords": [o // c for o, c in zip(info.chunk_offset, d.chunks)], "mask": mask, "bytes": base64.b64encode(data).decode()})
        out[name] = {"chunks": found, "values": base64.b64encode(d[...].tobytes()).decode()}
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-c', script, path.join(dir, 'chunks.h5')], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`h5py failed: ${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as Record<'gz' | 'plain', { chunks: { coords: number[]; mask: number; bytes: string }[]; values: string }>;
  const decode = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
  const of = (name: 'gz' | 'plain') => ({
    chunks: parsed[name].chunks.map((c) => ({ coords: c.coords, mask: c.mask, bytes: decode(c.bytes) })),
    values: decode(parsed[name].values),
  });
  return { gz: of('gz'), plain: of('plain') };
}

/** HDF5's byte shuffle, written out here independently of the engine's. */
function shuffle(data: Uint8Array, size: number): Uint8Array {
  const n = data.length / size;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < size; j++) out[j * n + i] = data[i * size + j];
  return out;
}

function unshuffle(data: Uint8Array, size: number): Uint8Array {
  const n = data.length / size;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < size; j++) out[i * size + j] = data[j * n + i];
  return out;
}

const chunkPath = (id: string, index: string) => `/datasets/${id}/h5lab-chunks/${index}`;
const FILTERS = [
  { class: 'H5Z_FILTER_SHUFFLE', id: 2 },
  { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 4 },
];

function storedChunkSuite(label: string, options: ServerOptions) {
  describe(label, () => {
    let server: TestServer;
    let base: Api;
    let dir: string;
    let source: ReturnType<typeof h5pyChunks>;

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'h5lab-stored-chunks-'));
      source = h5pyChunks(dir);
      server = await startServer(options);
      base = new Api(server.url, 'test_user1', 'test');
      await ensureHome(server.url);
    });
    after(async () => {
      await server?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    async function newDomain(): Promise<Api> {
      const api = base.in(uniqueDomain('stored_chunks'));
      assert.equal((await api.put('/')).status, 201);
      return api;
    }

    async function dataset(api: Api, body: Record<string, unknown>): Promise<string> {
      const r = await api.post('/datasets', { body });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    }

    const gzipDataset = (api: Api) =>
      dataset(api, {
        type: 'H5T_IEEE_F32LE',
        shape: DIMS,
        creationProperties: { layout: { class: 'H5D_CHUNKED', dims: CHUNKS }, filters: FILTERS, fillValue: FILL },
      });

    /** Whether the chunk object is in the bucket, and its bytes. */
    const storedObject = (id: string, index: string) => server.storage.read(chunkKey(id, index.split('_').map(Number)));

    it('stores h5py chunks as they are; /value then reads h5py values and GET answers the same bytes', async () => {
      const api = await newDomain();
      const id = await gzipDataset(api);
      assert.equal((await api.get(`/datasets/${id}`)).json.layout.dims.join(), CHUNKS.join(), 'the chunk shape is kept');
      assert.equal(source.gz.chunks.length, GRID[0] * GRID[1]);
      for (const c of source.gz.chunks) {
        assert.equal(c.mask, 0);
        const r = await api.put(chunkPath(id, c.coords.join('_')), { binary: c.bytes });
        assert.equal(r.status, 200, r.text);
      }
      const values = await api.get(`/datasets/${id}/value`, { accept: 'binary' });
      assert.equal(values.status, 200);
      assert.ok(Buffer.from(values.bytes).equals(Buffer.from(source.gz.values)), 'values equal h5py');
      for (const c of source.gz.chunks) {
        const r = await api.get(chunkPath(id, c.coords.join('_')), { accept: 'binary' });
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('x-h5lab-chunk-filters'), 'shuffle,deflate');
        assert.ok(Buffer.from(r.bytes).equals(Buffer.from(c.bytes)), `chunk ${c.coords} stored byte for byte`);
        const object = await storedObject(id, c.coords.join('_'));
        assert.ok(object && Buffer.from(object).equals(Buffer.from(c.bytes)), 'the chunk object holds the bytes sent');
      }
    });

    it('refuses bytes that do not decode to exactly one chunk, storing nothing', async () => {
      const api = await newDomain();
      const id = await gzipDataset(api);
      const good = source.gz.chunks.find((c) => c.coords.join() === '0,0')!.bytes;
      const corrupt = good.slice();
      corrupt[0] ^= 0xff;
      const truncated = good.subarray(0, good.length >> 1);
      const raw = new Uint8Array(CHUNKS[0] * CHUNKS[1] * 4).fill(7);
      const short = deflateSync(shuffle(raw.subarray(0, raw.length / 2), 4));
      const long = deflateSync(shuffle(new Uint8Array(raw.length * 2).fill(7), 4));
      for (const [what, bytes] of [['corrupt header', corrupt], ['truncated', truncated], ['half a chunk', short], ['two chunks', long], ['empty', new Uint8Array(0)]] as const) {
        const r = await api.put(chunkPath(id, '0_0'), { binary: bytes });
        assert.equal(r.status, 400, `${what}: ${r.status} ${r.text}`);
      }
      const get = await api.get(chunkPath(id, '0_0'), { accept: 'binary' });
      assert.equal(get.status, 404);
      assert.equal(get.headers.get('x-h5lab-chunk-filters'), 'shuffle,deflate', 'a missing chunk is told from a missing endpoint');
      assert.equal(await storedObject(id, '0_0'), undefined);
      const value = await api.get(`/datasets/${id}/value`, { query: { select: '[0:1,0:1]' } });
      assert.deepEqual(value.json.value, [[FILL]]);
    });

    it('checks the chunk index against the extent and the request against the dataset', async () => {
      const api = await newDomain();
      const id = await gzipDataset(api);
      const good = source.gz.chunks[0].bytes;
      for (const index of ['2_0', '0_2', '0', '0_0_0', 'a_b', '-1_0', '0__0']) {
        const r = await api.put(chunkPath(id, index), { binary: good });
        assert.equal(r.status, 400, `${index}: ${r.text}`);
        assert.equal((await api.get(chunkPath(id, index))).status, 400, index);
      }
      assert.equal((await api.put(chunkPath(id, '0_0'), { body: { value: 1 } })).status, 400, 'JSON body');
      assert.equal((await api.put(chunkPath('d-00000000-0000-0000-0000-000000000000', '0_0'), { binary: good })).status, 404);
      assert.equal((await api.put(chunkPath('not-an-id', '0_0'), { binary: good })).status, 400);

      const linked = await dataset(api, {
        type: 'H5T_IEEE_F32LE',
        shape: DIMS,
        creationProperties: { layout: { class: 'H5D_CHUNKED_REF', file_uri: 's3://nowhere/file.h5', dims: CHUNKS, chunks: {} } },
      });
      const toLinked = await api.put(chunkPath(linked, '0_0'), { binary: good });
      assert.equal(toLinked.status, 400);
      assert.match(toLinked.reason, /linked/);
      const vlen = await dataset(api, { type: { class: 'H5T_STRING', charSet: 'H5T_CSET_UTF8', length: 'H5T_VARIABLE' }, shape: [10] });
      assert.equal((await api.put(chunkPath(vlen, '0'), { binary: good })).status, 400);
    });

    it('needs write permission to store and read permission to fetch', async () => {
      const api = await newDomain();
      const id = await gzipDataset(api);
      const good = source.gz.chunks[0];
      const index = good.coords.join('_');
      assert.equal((await api.as('test_user1', 'wrong').put(chunkPath(id, index), { binary: good.bytes })).status, 401);
      assert.equal((await api.as('test_user2', 'test').put(chunkPath(id, index), { binary: good.bytes })).status, 403);
      assert.equal((await api.get(chunkPath(id, index))).status, 404, 'nothing stored by the refused writes');
      assert.equal((await api.put('/acls/test_user2', { body: { read: false, update: false } })).status, 201);
      assert.equal((await api.as('test_user2', 'test').get(chunkPath(id, index))).status, 403);
      assert.equal((await api.put('/acls/test_user2', { body: { read: true, update: true } })).status, 201);
      assert.equal((await api.as('test_user2', 'test').put(chunkPath(id, index), { binary: good.bytes })).status, 200);
      assert.equal((await api.as('test_user2', 'test').get(chunkPath(id, index))).status, 200);
    });

    it('stores unfiltered chunks of exactly the chunk size', async () => {
      const api = await newDomain();
      const id = await dataset(api, { type: 'H5T_STD_I32LE', shape: DIMS, creationProperties: { layout: { class: 'H5D_CHUNKED', dims: CHUNKS } } });
      for (const c of source.plain.chunks) assert.equal((await api.put(chunkPath(id, c.coords.join('_')), { binary: c.bytes })).status, 200);
      const values = await api.get(`/datasets/${id}/value`, { accept: 'binary' });
      assert.ok(Buffer.from(values.bytes).equals(Buffer.from(source.plain.values)));
      const first = await api.get(chunkPath(id, '0_0'), { accept: 'binary' });
      assert.equal(first.headers.get('x-h5lab-chunk-filters'), 'none');
      const wrong = await api.put(chunkPath(id, '0_0'), { binary: source.plain.chunks[0].bytes.subarray(4) });
      assert.equal(wrong.status, 400);
      assert.match(wrong.reason, /expected 1048576/);
    });

    it('treats a chunk as a whole-chunk write: all fill is not stored, padding beyond the extent becomes fill', async () => {
      const api = await newDomain();
      const id = await gzipDataset(api);
      const chunkBytes = CHUNKS[0] * CHUNKS[1] * 4;
      const fills = new Float32Array(chunkBytes / 4).fill(FILL);
      assert.equal((await api.put(chunkPath(id, '0_0'), { binary: deflateSync(shuffle(new Uint8Array(fills.buffer), 4)) })).status, 200);
      assert.equal((await api.get(chunkPath(id, '0_0'))).status, 404, 'a chunk of fill values is not kept');
      // Edge chunk 1_1 holds rows 512..699 and columns 512..599; give its padding other values than the fill.
      const edge = new Float32Array(chunkBytes / 4).map((_, i) => i);
      const sent = deflateSync(shuffle(new Uint8Array(edge.buffer), 4));
      assert.equal((await api.put(chunkPath(id, '1_1'), { binary: sent })).status, 200);
      const values = await api.get(`/datasets/${id}/value`, { query: { select: '[512:700,512:600]' }, accept: 'binary' });
      const inside = new Float32Array(values.bytes.buffer, values.bytes.byteOffset, values.bytes.length / 4);
      assert.equal(inside[0], 0);
      assert.equal(inside[88], 512, 'row 1 of the region starts at element 512 of the chunk');
      const stored = await api.get(chunkPath(id, '1_1'), { accept: 'binary' });
      const chunk = new Float32Array(unshuffle(new Uint8Array(inflateSync(stored.bytes)), 4).buffer);
      assert.equal(chunk[87], 87);
      assert.equal(chunk[88], FILL, 'padding column');
      assert.equal(chunk[188 * 512], FILL, 'padding row');
    });

    it('names the form of chunks no HDF5 pipeline writes, such as Blosc frames', async () => {
      const api = await newDomain();
      const id = await dataset(api, {
        type: 'H5T_IEEE_F32LE',
        shape: DIMS,
        creationProperties: { layout: { class: 'H5D_CHUNKED', dims: CHUNKS }, filters: [{ class: 'H5Z_FILTER_USER', name: 'lz4', id: 32004 }] },
      });
      assert.equal((await api.put(`/datasets/${id}/value`, { binary: source.gz.values })).status, 200);
      const r = await api.get(chunkPath(id, '0_0'), { accept: 'binary' });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-h5lab-chunk-filters'), 'blosc');
    });
  });
}

storedChunkSuite('stored chunks', {});
storedChunkSuite('stored chunks on 2 data-node processes', { args: ['--dn-count', '2'] });
