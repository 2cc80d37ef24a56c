/**
 * Link mode: chunks read raw out of HDF5 files written by h5py (built-in filters) and by HDF5 filter
 * plugins (bitshuffle, lz4, blosc), decoded and compared with the values h5py reads.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeHdf5Chunk, type Hdf5Filter } from './hdf5-pipeline.js';
import { loadVectorSet, type LoadedSet } from './reference-vectors.test-support.js';

const builtin = await loadVectorSet('hdf5');
const plugins = await loadVectorSet('plugins');
const zstdFrames = (await loadVectorSet('hsds')).vectors.filter((v) => v.pipeline);

function decodes(set: LoadedSet | { vectors: LoadedSet['vectors'] }) {
  for (const v of set.vectors) {
    test(`${v.name} [${v.pipeline!.map((f) => f.id).join(',')}] mask ${v.filterMask}`, async () => {
      const decoded = await decodeHdf5Chunk(v.stored, v.pipeline!, v.filterMask ?? 0, v.itemSize, v.raw.length);
      assert.deepEqual(Buffer.from(decoded), Buffer.from(v.raw));
    });
  }
}

describe('h5py built-in filters: deflate, shuffle, fletcher32, lzf', () => {
  test('the set includes chunks where an optional filter was skipped', () => {
    assert.ok(builtin.vectors.some((v) => (v.filterMask ?? 0) !== 0));
    assert.ok(builtin.vectors.some((v) => v.pipeline!.some((f) => f.id === 32000) && v.filterMask === 0));
  });
  decodes(builtin);
});

describe('HDF5 filter plugins: bitshuffle (LZ4 and plain), lz4, blosc', { skip: plugins.unavailable }, () => {
  decodes(plugins);
});

describe('zstd plugin chunks (one zstd frame)', () => {
  decodes({ vectors: zstdFrames });
});

describe('errors', () => {
  const fletcher = builtin.vectors.find((v) => v.name.startsWith('hdf5-fletcher_u1'))!;

  test('a corrupt chunk fails its Fletcher-32 check', async () => {
    const corrupt = fletcher.stored.slice();
    corrupt[10] ^= 0x40;
    await assert.rejects(
      decodeHdf5Chunk(corrupt, fletcher.pipeline!, 0, 1, fletcher.raw.length),
      /Fletcher-32 checksum mismatch/,
    );
  });

  test('unknown or unsupported filters are named', async () => {
    const data = new Uint8Array(16);
    const pipeline = (id: number): Hdf5Filter[] => [{ id, flags: 0, clientData: [] }];
    await assert.rejects(decodeHdf5Chunk(data, pipeline(4), 0, 4, 16), /HDF5 filter 4 \(szip\) is not supported/);
    await assert.rejects(decodeHdf5Chunk(data, pipeline(307), 0, 4, 16), /HDF5 filter 307 is not supported/);
  });

  test('filters whose mask bit is set are not undone', async () => {
    const data = new Uint8Array(16).map((_, i) => i);
    const pipeline: Hdf5Filter[] = [
      { id: 2, flags: 0, clientData: [4] },
      { id: 999, flags: 1, clientData: [] },
    ];
    assert.deepEqual(await decodeHdf5Chunk(data, pipeline, 0b11, 4, 16), data);
  });

  test('a chunk of the wrong size is an error', async () => {
    await assert.rejects(decodeHdf5Chunk(fletcher.stored, fletcher.pipeline!, 0, 1, 999), /expected 999/);
  });
});
