import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FilterJson } from '../../client/index.js';
import { Hdf5Locator, openFileSource, withReadCache, type DatasetInfo } from '../../h5file/index.js';
import { H5Reader } from '../../h5file/h5-reader.js';
import { restType } from '../../h5file/h5-rest-types.js';
import { storedChunkDecision, type StoredChunkDecision } from './stored-chunk-plan.js';

/** Datasets written by h5py (its low-level API where the high-level one cannot make the case). */
const SCRIPT = `
import sys
import h5py, numpy as np
data = np.arange(300 * 200, dtype="f4").reshape(300, 200)
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("gz", data=data, chunks=(128, 128), compression="gzip", shuffle=True)
    f.create_dataset("be", data=data.astype(">f8"), chunks=(64, 128), compression="gzip", shuffle=True)
    f.create_dataset("small", data=data, chunks=(16, 16), compression="gzip", shuffle=True)
    padded = np.dtype({"names": ["a", "b"], "formats": ["<i2", "<f8"], "offsets": [0, 8], "itemsize": 16})
    f.create_dataset("padded", shape=(300, 200), dtype=padded, chunks=(64, 64), compression="gzip")
    f["padded"][...] = np.ones((300, 200), dtype=padded)
    def low_level(name, configure):
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((128, 128))
        configure(dcpl)
        space = h5py.h5s.create_simple((300, 200))
        h5py.h5d.create(f.id, name.encode(), h5py.h5t.IEEE_F32LE, space, dcpl=dcpl)
        f[name][...] = data
    low_level("deflate_then_shuffle", lambda p: (p.set_deflate(4), p.set_shuffle()))
    skipped = f.create_dataset("skipped", shape=(300, 200), dtype="f4", chunks=(128, 128), compression="gzip")
    skipped.id.write_direct_chunk((0, 0), np.ones((128, 128), dtype="f4").tobytes(), filter_mask=1)
`;

const SHUFFLE: FilterJson = { class: 'H5Z_FILTER_SHUFFLE', id: 2 };
const DEFLATE: FilterJson = { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 4 };

describe('which datasets go as stored chunks', () => {
  let dir: string;
  let reader: H5Reader;
  let locator: Hdf5Locator;
  let close: () => Promise<void>;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'h5lab-stored-chunk-plan-'));
    const file = path.join(dir, 'cases.h5');
    const r = spawnSync('python3', ['-c', SCRIPT, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    reader = await H5Reader.open(file);
    const source = withReadCache(await openFileSource(file));
    locator = await Hdf5Locator.open(source);
    close = () => source.close();
  });
  after(async () => {
    reader?.close();
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  async function decide(name: string, copy: { chunkDims?: number[]; filters: FilterJson[] }, edit = (info: DatasetInfo) => info): Promise<StoredChunkDecision> {
    const md = reader.dataset(`/${name}`);
    return storedChunkDecision(md, restType(md), edit(await locator.dataset(`/${name}`)), copy);
  }

  const reasonOf = (d: StoredChunkDecision) => (d.use ? 'used' : d.reason);

  it('takes shuffle + deflate chunks when the copy has the same chunks and filters', async () => {
    const d = await decide('gz', { chunkDims: [128, 128], filters: [SHUFFLE, DEFLATE] });
    assert.ok(d.use);
    assert.deepEqual(d.plan.grid, [3, 2]);
    assert.deepEqual(d.plan.chunks.map((c) => c.coords.join()), ['0,0', '0,1', '1,0', '1,1', '2,0', '2,1']);
    assert.ok((await decide('be', { chunkDims: [64, 128], filters: [DEFLATE, SHUFFLE] })).use, 'filter order in the copy does not matter, byte order is kept');
    assert.ok((await decide('gz', { chunkDims: [128, 128], filters: [SHUFFLE, { class: 'H5Z_FILTER_USER', name: 'gzip' }] })).use, 'gzip by name');
  });

  it('refuses what the server would store otherwise', async () => {
    assert.match(reasonOf(await decide('gz', { chunkDims: [256, 128], filters: [SHUFFLE, DEFLATE] })), /server chunks it \[256,128\]/);
    assert.match(reasonOf(await decide('gz', { chunkDims: [128, 128], filters: [DEFLATE] })), /filters/);
    assert.match(reasonOf(await decide('gz', { chunkDims: [128, 128], filters: [SHUFFLE, DEFLATE, { class: 'H5Z_FILTER_FLETCHER32', id: 3 }] })), /filters/);
    assert.match(reasonOf(await decide('gz', { chunkDims: [128, 128], filters: [SHUFFLE, { class: 'H5Z_FILTER_USER', name: 'lz4' }] })), /filters/);
  });

  it('refuses chunks the file does not store as the server would', async () => {
    assert.match(reasonOf(await decide('small', { chunkDims: [16, 16], filters: [SHUFFLE, DEFLATE] })), /small/);
    assert.match(reasonOf(await decide('padded', { chunkDims: [64, 64], filters: [DEFLATE] })), /elements/);
    assert.match(reasonOf(await decide('deflate_then_shuffle', { chunkDims: [128, 128], filters: [SHUFFLE, DEFLATE] })), /filters/);
    // h5py cannot set H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS: the flag is set on what the locator read.
    const partialUnfiltered = (info: DatasetInfo): DatasetInfo => (info.storage.kind === 'chunked' ? { ...info, storage: { ...info.storage, partialEdgeChunksUnfiltered: true } } : info);
    assert.match(reasonOf(await decide('gz', { chunkDims: [128, 128], filters: [SHUFFLE, DEFLATE] }, partialUnfiltered)), /edge chunks/);
    assert.match(reasonOf(await decide('skipped', { chunkDims: [128, 128], filters: [DEFLATE] })), /filter skipped/);
  });
});
