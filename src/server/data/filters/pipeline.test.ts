/**
 * HSDS chunk objects: decode chunks made the way HSDS 0.9.4 makes them (numcodecs/zlib in Python), and
 * check that what h5lab writes decodes through HSDS's read path (run in Python).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { FilterJson } from './definitions.js';
import { normalizeFilters } from './definitions.js';
import { chunkCodecFor } from './pipeline.js';
import { decodeAsHsds, loadVectorSet, type LoadedSet, type WrittenChunk } from './reference-vectors.test-support.js';

const hsds = await loadVectorSet('hsds');
const bitshuffle = await loadVectorSet('bitshuffle');
const storageVectors = hsds.vectors.filter((v) => v.filters);

function vectorTests(set: LoadedSet, vectors = set.vectors) {
  for (const v of vectors) {
    test(v.name, async () => {
      const codec = chunkCodecFor(v.filters, v.itemSize, v.isVlen ?? false, v.raw.length);
      const decoded = await codec.decode(v.stored);
      assert.deepEqual(Buffer.from(decoded), Buffer.from(v.raw));
    });
  }
}

describe('decodes chunk objects written by HSDS', () => {
  test('the reference set covers every compressor, with and without shuffle', () => {
    assert.ok(storageVectors.length >= 40, `${storageVectors.length} vectors`);
  });
  vectorTests(hsds, storageVectors);
});

describe('decodes HSDS bitshuffle chunk objects', { skip: bitshuffle.unavailable }, () => {
  vectorTests(bitshuffle);
});

describe('chunks h5lab writes are read correctly by HSDS', () => {
  const f4 = storageVectors.find((v) => v.name === 'hsds-zlib-f4')!;
  const i2 = storageVectors.find((v) => v.name === 'hsds-zlib-i2')!;
  const vlen = storageVectors.find((v) => v.isVlen)!;
  const compressors: Array<[string, unknown]> = [
    ['gzip', 'gzip'],
    ['deflate9', { class: 'H5Z_FILTER_DEFLATE', id: 1, level: 9 }],
    ['user-deflate1', { class: 'H5Z_FILTER_USER', name: 'deflate', level: 1 }],
    ['lz4', 'lz4'],
    ['lz4hc', { class: 'H5Z_FILTER_USER', name: 'lz4hc', level: 7 }],
    ['blosclz', 'blosclz'],
    ['zstd', { class: 'H5Z_FILTER_USER', name: 'zstd', level: 3 }],
  ];
  const layouts: Array<{ label: string; filters: FilterJson[] }> = [
    { label: 'none', filters: [] },
    { label: 'shuffle', filters: normalizeFilters(['shuffle']) },
    { label: 'fletcher32+nbit+scaleoffset', filters: normalizeFilters(['fletcher32', 'nbit', 'scaleoffset']) },
    ...compressors.flatMap(([label, filter]) => [
      { label, filters: normalizeFilters([filter]) },
      { label: `shuffle+${label}`, filters: normalizeFilters(['shuffle', filter]) },
    ]),
  ];
  const written: WrittenChunk[] = [];

  before(async () => {
    for (const { label, filters } of layouts) {
      for (const v of [f4, i2]) {
        const stored = await chunkCodecFor(filters, v.itemSize, false, v.raw.length).encode(v.raw);
        written.push({ name: `${label}/${v.name}`, filters, itemSize: v.itemSize, isVlen: false, raw: v.raw, stored });
      }
    }
    const vlenFilters = normalizeFilters(['shuffle', 'gzip']);
    written.push({
      name: 'shuffle+gzip/vlen',
      filters: vlenFilters,
      itemSize: 8,
      isVlen: true,
      raw: vlen.raw,
      stored: await chunkCodecFor(vlenFilters, 8, true, 0).encode(vlen.raw),
    });
  });

  test('every layout decodes in HSDS to the raw bytes', async () => {
    const results = await decodeAsHsds(written);
    for (const chunk of written) assert.equal(results[chunk.name], 'ok', chunk.name);
  });

  test('h5lab reads back what it wrote', async () => {
    for (const chunk of written) {
      const codec = chunkCodecFor(chunk.filters, chunk.itemSize, chunk.isVlen, chunk.raw.length);
      assert.deepEqual(Buffer.from(await codec.decode(chunk.stored)), Buffer.from(chunk.raw), chunk.name);
    }
  });

  test('stored forms: zlib streams for deflate, Blosc-1 frames with the codec and shuffle flag', () => {
    const byName = new Map(written.map((c) => [c.name, c.stored]));
    const zlibChunk = byName.get('shuffle+gzip/hsds-zlib-f4')!;
    assert.equal(zlibChunk[0], 0x78, 'zlib header: HSDS sees no Blosc frame and inflates');
    // Blosc-1 header: version 2; flags bits 5-7 = codec (0 blosclz, 1 lz4/lz4hc, 4 zstd), bit 0 = shuffle.
    const frame = (name: string) => {
      const b = byName.get(name)!;
      return { version: b[0], codec: b[2] >> 5, shuffle: b[2] & 1 };
    };
    assert.deepEqual(frame('lz4/hsds-zlib-f4'), { version: 2, codec: 1, shuffle: 0 });
    assert.deepEqual(frame('shuffle+lz4/hsds-zlib-f4'), { version: 2, codec: 1, shuffle: 1 });
    assert.deepEqual(frame('shuffle+lz4hc/hsds-zlib-i2'), { version: 2, codec: 1, shuffle: 1 });
    assert.deepEqual(frame('blosclz/hsds-zlib-i2'), { version: 2, codec: 0, shuffle: 0 });
    assert.deepEqual(frame('shuffle+zstd/hsds-zlib-f4'), { version: 2, codec: 4, shuffle: 1 });
  });

  test('shuffle without a compressor stores the HDF5 byte-shuffled bytes', () => {
    const stored = written.find((c) => c.name === 'shuffle/hsds-zlib-i2')!.stored;
    const raw = i2.raw;
    const n = raw.length / 2;
    assert.equal(stored[0], raw[0]);
    assert.equal(stored[1], raw[2]);
    assert.equal(stored[n], raw[1]);
    assert.equal(stored[n + 1], raw[3]);
  });
});

describe('codec behaviour', () => {
  const raw = new Uint8Array(4000).map((_, i) => (i * 31) % 251);

  test('identity only without compressor and shuffle', async () => {
    assert.equal(chunkCodecFor(undefined, 4, false, 4000).identity, true);
    assert.equal(chunkCodecFor(normalizeFilters(['fletcher32', 'nbit']), 4, false, 4000).identity, true);
    assert.equal(chunkCodecFor(normalizeFilters(['scaleoffset']), 4, false, 4000).identity, true);
    assert.equal(chunkCodecFor(normalizeFilters(['shuffle']), 4, true, 0).identity, true, 'vlen is never shuffled');
    assert.equal(chunkCodecFor(normalizeFilters(['shuffle']), 4, false, 4000).identity, false);
    assert.equal(chunkCodecFor(normalizeFilters(['lz4']), 4, false, 4000).identity, false);
    const codec = chunkCodecFor([], 4, false, 4000);
    assert.equal(await codec.encode(raw), raw);
    assert.equal(await codec.decode(raw), raw);
  });

  test('a non-Blosc chunk for a Blosc-only compressor is an error', async () => {
    const codec = chunkCodecFor(normalizeFilters(['lz4']), 4, false, 4000);
    await assert.rejects(codec.decode(new Uint8Array(100).fill(7)), /not a Blosc frame/);
  });

  test('a truncated Blosc frame is an error, not garbage', async () => {
    const codec = chunkCodecFor(normalizeFilters(['zstd']), 4, false, 4000);
    const stored = await codec.encode(raw);
    await assert.rejects(codec.decode(stored.subarray(0, stored.length - 1)), /truncated Blosc frame/);
  });

  test('a chunk of the wrong size is an error', async () => {
    const stored = await chunkCodecFor(normalizeFilters(['gzip']), 4, false, 4000).encode(raw);
    await assert.rejects(chunkCodecFor(normalizeFilters(['gzip']), 4, false, 8000).decode(stored), /expected 8000/);
    await assert.rejects(chunkCodecFor([], 4, false, 8000).decode(raw), /expected 8000/);
  });

  test('writing bitshuffle chunks is refused', async () => {
    const filters: FilterJson[] = [{ class: 'H5Z_FILTER_BITSHUFFLE', id: 32008, name: 'bitshuffle' }];
    await assert.rejects(chunkCodecFor(filters, 4, false, 4000).encode(raw), /bitshuffle/);
  });
});
