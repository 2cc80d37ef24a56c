/**
 * Checks the locator against the HDF5 library itself: tests/python/make_layout_fixtures.py writes fixture
 * files with h5py and dumps what the library reports about every dataset (chunk list, contiguous offset,
 * fingerprints of chunks read by coordinate); every dataset we locate must agree.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { openFileSource, withReadCache, type ByteSource } from './byte-source.js';
import { Hdf5FormatError, Hdf5PathError } from './errors.js';
import { Hdf5Locator } from './locator.js';
import type { ChunkLocation, DatasetInfo } from './storage-layout.js';

interface DatasetTruth {
  shape: number[];
  maxshape: (number | null)[];
  element_size: number;
  layout: string;
  chunk_shape?: number[];
  filters?: [number, number, number[]][];
  /** [chunk_offset, filter_mask, byte_offset, size] from get_chunk_info / chunk_iter. */
  chunks?: [number[], number, number, number][];
  /** [chunk_offset, filter_mask, size, sha1] from read_direct_chunk; nulls where nothing is allocated. */
  direct_chunks?: [number[], number | null, number | null, string | null][];
  chunk_info_coords_match_content?: boolean;
  offset?: number | null;
  storage_size?: number;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtureDir = mkdtempSync(join(tmpdir(), 'h5file-fixtures-'));
const generated = spawnSync(
  'python3',
  [join(repoRoot, 'tests/python/make_layout_fixtures.py'), fixtureDir, '--big'],
  { encoding: 'utf8', timeout: 180_000 },
);
if (generated.status !== 0) {
  throw new Error(`fixture generation failed (${generated.status}): ${generated.stderr || generated.error}`);
}
const { files, libvers } = JSON.parse(generated.stdout) as { files: string[]; libvers: string[] };
const fixture = (name: string) => join(fixtureDir, name);
const truthOf = (name: string) =>
  (JSON.parse(readFileSync(fixture(name) + '.json', 'utf8')) as { datasets: Record<string, DatasetTruth> }).datasets;

/** Counts the bytes that reach the file, below the cache. */
function counting(src: ByteSource) {
  const stats = { bytes: 0, reads: 0 };
  const source: ByteSource = {
    size: src.size,
    read(offset, length) {
      stats.bytes += length;
      stats.reads++;
      return src.read(offset, length);
    },
    close: () => src.close(),
  };
  return { source, stats };
}

async function openLocator(path: string) {
  const { source, stats } = counting(await openFileSource(path));
  const cached = withReadCache(source);
  return { locator: await Hdf5Locator.open(cached), stats, size: source.size, close: () => cached.close() };
}

const key = (coords: number[]) => coords.join(',');
const byLocation = (a: number[], b: number[]) => a[1] - b[1] || a[0] - b[0] || a[2] - b[2];

async function sha1At(path: string, offset: number, size: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(size);
    await handle.read(bytes, 0, size, offset);
    return createHash('sha1').update(bytes).digest('hex');
  } finally {
    await handle.close();
  }
}

async function assertMatchesTruth(file: string, info: DatasetInfo, truth: DatasetTruth): Promise<void> {
  const where = `${file}:${info.path}`;
  assert.deepEqual(info.dims, truth.shape, `${where} dims`);
  assert.deepEqual(info.maxDims, truth.maxshape, `${where} maxDims`);
  assert.equal(info.elementSize, truth.element_size, `${where} element size`);
  assert.equal(info.storage.kind, truth.layout, `${where} layout`);
  const storage = info.storage;
  if (storage.kind === 'contiguous') {
    assert.equal(storage.offset, truth.offset, `${where} contiguous offset`);
    if (truth.offset !== null) assert.equal(storage.size, truth.storage_size, `${where} contiguous size`);
  } else if (storage.kind === 'compact') {
    assert.equal(storage.data.length, truth.storage_size, `${where} compact size`);
  } else if (storage.kind === 'chunked') {
    assert.deepEqual(storage.chunkDims, truth.chunk_shape, `${where} chunk shape`);
    assert.deepEqual(
      storage.filters.map((f) => [f.id, f.flags, f.clientData]),
      truth.filters,
      `${where} filters`,
    );
    const chunks = storage.chunks;
    // Locations, sizes and masks always agree with the library's chunk list.
    assert.deepEqual(
      chunks.map((c) => [c.filterMask, c.offset, c.size]).sort(byLocation),
      truth.chunks!.map(([, mask, offset, size]) => [mask, offset, size]).sort(byLocation),
      `${where} chunk locations`,
    );
    if (truth.chunk_info_coords_match_content) {
      const ours = new Map(chunks.map((c) => [key(c.coords.map((x, d) => x * storage.chunkDims[d])), c.offset]));
      for (const [coords, , offset] of truth.chunks!) assert.equal(ours.get(key(coords)), offset, `${where} ${coords}`);
    }
    // Coordinates are checked by content: the bytes the library reads for a chunk position must be ours.
    const byCoords = new Map<string, ChunkLocation>(chunks.map((c) => [key(c.coords), c]));
    for (const [offset, mask, size, sha1] of truth.direct_chunks!) {
      const chunk = byCoords.get(key(offset.map((x, d) => x / storage.chunkDims[d])));
      if (sha1 === null) {
        assert.equal(chunk, undefined, `${where} chunk at ${offset} should be unallocated`);
        continue;
      }
      assert.ok(chunk, `${where} chunk at ${offset} is missing`);
      assert.equal(chunk.size, size, `${where} chunk at ${offset} size`);
      assert.equal(chunk.filterMask, mask, `${where} chunk at ${offset} filter mask`);
      assert.equal(await sha1At(fixture(file), chunk.offset, chunk.size), sha1, `${where} chunk at ${offset} content`);
    }
  }
}

after(() => rmSync(fixtureDir, { recursive: true, force: true }));

describe('Hdf5Locator matches the HDF5 library', () => {
  it('has fixtures for the old and new file formats', () => {
    assert.ok(libvers.includes('earliest') && libvers.includes('latest'), `libvers: ${libvers}`);
    assert.ok(files.length >= 6, `files: ${files}`);
  });

  for (const file of files.filter((f) => !f.startsWith('big-'))) {
    it(`locates every dataset of ${file}`, async () => {
      const truth = truthOf(file);
      const { locator, close } = await openLocator(fixture(file));
      try {
        assert.deepEqual(await locator.listDatasets(), Object.keys(truth).sort());
        for (const [path, expected] of Object.entries(truth)) {
          if (path.startsWith('/unsupported/')) continue;
          await assertMatchesTruth(file, await locator.dataset(path), expected);
        }
        if ('/unsupported/external_raw' in truth) {
          await assert.rejects(locator.dataset('/unsupported/external_raw'), /keeps its raw data in external files/);
        }
      } finally {
        await close();
      }
    });
  }

  it('reports the chunk index each library version writes', async () => {
    const expectations: [string, string, string][] = [
      ['layout-earliest.h5', '/chunked/d2', 'btree-v1'],
      ['layout-earliest.h5', '/resizable/two_unlim', 'btree-v1'],
      ['layout-latest.h5', '/chunked/d2', 'fixed-array'],
      ['layout-latest.h5', '/sparse/fixed_paged', 'fixed-array'],
      ['layout-latest.h5', '/resizable/unlim1', 'extensible-array'],
      ['layout-latest.h5', '/resizable/unlim_many', 'extensible-array'],
      ['layout-latest.h5', '/resizable/two_unlim_gzip', 'btree-v2'],
      ['layout-latest.h5', '/single/gzip', 'single-chunk'],
      ['layout-latest.h5', '/early/chunked', 'implicit'],
      ['large-indexes-latest.h5', '/paged', 'extensible-array'],
      ['large-indexes-latest.h5', '/deep_btree', 'btree-v2'],
    ];
    for (const [file, path, index] of expectations) {
      const { locator, close } = await openLocator(fixture(file));
      try {
        const { storage } = await locator.dataset(path);
        assert.equal(storage.kind === 'chunked' && storage.index, index, `${file}:${path}`);
      } finally {
        await close();
      }
    }
  });

  for (const file of ['layout-earliest.h5', 'layout-latest.h5']) {
    it(`follows soft links and explains unresolvable paths in ${file}`, async () => {
      const { locator, close } = await openLocator(fixture(file));
      try {
        const d3 = await locator.dataset('/chunked/d3');
        assert.deepEqual((await locator.dataset('/links/absolute')).storage, d3.storage);
        assert.deepEqual((await locator.dataset('links/chain')).storage, d3.storage);
        const sameStorage = async (link: string, target: string) =>
          assert.deepEqual((await locator.dataset(link)).storage, (await locator.dataset(target)).storage, link);
        await sameStorage('/chunked/alias', '/chunked/d1');
        await sameStorage('/links/to_group/c/d/deep', '/a/b/c/d/deep');
        assert.equal((await locator.dataset('/links/hard_duplicate')).path, '/links/hard_duplicate');

        const rejects = (path: string, pattern: RegExp) =>
          assert.rejects(locator.dataset(path), (e: Error) => e instanceof Hdf5PathError && pattern.test(e.message));
        // HDF5 gives ".." no special meaning, so this soft link dangles (h5py cannot open it either).
        await rejects('/links/relative', /soft link '\/links\/relative' -> '..\/gzip\/d2' does not resolve/);
        await rejects('/links/dangling', /does not resolve: '\/does\/not\/exist' does not exist/);
        await rejects('/links/loop', /too many levels of soft links/);
        await rejects('/links/external', /external link to '\/x' in file 'elsewhere.h5'/);
        await rejects('/a/b', /'\/a\/b' is a group, not a dataset/);
        await rejects('/named_type', /not a dataset/);
        await rejects('/chunked/nope', /no link named 'nope' in '\/chunked'/);
        await rejects('/chunked/d1/x', /'\/chunked\/d1' is not a group/);
      } finally {
        await close();
      }
    });
  }
});

describe('Hdf5Locator reads little of a large file', () => {
  for (const file of files.filter((f) => f.startsWith('big-'))) {
    it(`locates 6144 chunks of ${file} reading a small fraction of it`, async (t) => {
      const truth = truthOf(file);
      const { locator, stats, size, close } = await openLocator(fixture(file));
      try {
        const info = await locator.dataset('/big');
        assert.equal(info.storage.kind === 'chunked' && info.storage.chunks.length, 6144);
        await assertMatchesTruth(file, info, truth['/big']);
        const ratio = stats.bytes / size;
        const percent = (ratio * 100).toFixed(3);
        t.diagnostic(`${file}: ${stats.bytes} of ${size} bytes read (${percent}%) in ${stats.reads} reads`);
        // v1 B-tree nodes are scattered between chunks, so each costs a 64 KiB cache block; array indexes are compact.
        assert.ok(ratio < (file.includes('earliest') ? 0.1 : 0.01), `read ${(ratio * 100).toFixed(2)}% of the file`);
      } finally {
        await close();
      }
    });
  }
});

describe('Hdf5Locator on bad files', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'h5file-bad-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const write = (name: string, bytes: Uint8Array) => {
    const path = join(scratch, name);
    writeFileSync(path, bytes);
    return path;
  };

  /** Opens and walks the whole file; resolves to the error raised, if any. */
  async function walkSource(src: ByteSource): Promise<Error | null> {
    const cached = withReadCache(src);
    try {
      const locator = await Hdf5Locator.open(cached);
      for (const dataset of await locator.listDatasets()) await locator.dataset(dataset);
      return null;
    } catch (error) {
      return error as Error;
    } finally {
      await cached.close();
    }
  }
  const walk = async (path: string) => walkSource(await openFileSource(path));

  /** The first `size` bytes of a file, as if the rest had been lost. */
  async function truncated(path: string, size: number): Promise<ByteSource> {
    const src = await openFileSource(path);
    return {
      size,
      read: (offset, length) =>
        offset + length > size ? Promise.reject(new RangeError('read past the cut')) : src.read(offset, length),
      close: () => src.close(),
    };
  }

  it('rejects a file that is not HDF5', async () => {
    const error = await walk(write('garbage.h5', new Uint8Array(10_000).map((_, i) => (i * 7919) % 251)));
    assert.ok(error instanceof Hdf5FormatError);
    assert.match(error.message, /not an HDF5 file: no HDF5 signature/);
    const empty = await walk(write('empty.h5', new Uint8Array(0)));
    assert.ok(empty instanceof Hdf5FormatError);
    assert.match(empty.message, /not an HDF5 file/);
  });

  it('rejects a signature followed by garbage', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 131) % 256);
    bytes.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0x07]);
    const error = await walk(write('bad-version.h5', bytes));
    assert.ok(error instanceof Hdf5FormatError);
    assert.match(error.message, /unsupported superblock version 7/);
  });

  for (const file of ['layout-earliest.h5', 'layout-latest.h5', 'big-earliest.h5', 'big-latest.h5']) {
    it(`reports truncation of ${file} clearly`, async () => {
      const fullSize = statSync(fixture(file)).size;
      for (const fraction of [0.0005, 0.01, 0.3, 0.6, 0.99]) {
        const cut = Math.floor(fullSize * fraction);
        const error = await walkSource(await truncated(fixture(file), cut));
        assert.ok(error instanceof Hdf5FormatError, `cut at ${cut}: ${error}`);
        assert.match(error.message, /truncated|ends unexpectedly/, `cut at ${cut}`);
      }
    });
  }

  it('detects a corrupted object header by its checksum', async () => {
    const bytes = Uint8Array.from(readFileSync(fixture('layout-latest.h5')));
    // Superblock v2/v3: 12 bytes, then base, extension and end-of-file addresses, then the root's address.
    const root = Number(Buffer.from(bytes).readBigUInt64LE(12 + 3 * 8));
    bytes[root + 12] ^= 0xff;
    const error = await walk(write('corrupt-root.h5', bytes));
    assert.ok(error instanceof Hdf5FormatError);
    assert.match(error.message, new RegExp(`checksum mismatch in object header at address ${root}`));
  });

  it('fails with format errors, never crashes or hangs, on randomly damaged metadata', async () => {
    const originals = ['layout-earliest.h5', 'layout-latest.h5'].map((file) => readFileSync(fixture(file)));
    let state = 12345;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let failures = 0;
    for (let round = 0; round < 100; round++) {
      const bytes = Uint8Array.from(originals[round % originals.length]);
      // Half the rounds damage the first 4 KiB (superblock, first object headers), half anywhere.
      const region = round % 4 < 2 ? 4096 : bytes.length;
      for (let n = 0; n < 3; n++) bytes[Math.floor(random() * region)] = Math.floor(random() * 256);
      const error = await walk(write('damaged.h5', bytes));
      if (error === null) continue;
      failures++;
      assert.ok(error instanceof Hdf5FormatError || error instanceof Hdf5PathError, `round ${round}: ${error.stack}`);
    }
    assert.ok(failures > 0, 'damage should break at least some files');
  });
});
