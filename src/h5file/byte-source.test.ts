import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { openFileSource, withReadCache, type ByteSource } from './byte-source.js';

/** Wraps a source to record every read that reaches it. */
function recording(src: ByteSource) {
  const reads: [number, number][] = [];
  let failNext = false;
  const source: ByteSource = {
    size: src.size,
    read(offset, length) {
      reads.push([offset, length]);
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('injected read failure'));
      }
      return src.read(offset, length);
    },
    close: () => src.close(),
  };
  return { source, reads, failOnce: () => (failNext = true) };
}

describe('byte sources', () => {
  let dir: string;
  let path: string;
  const content = randomBytes(300_000);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'h5file-bytes-'));
    path = join(dir, 'data.bin');
    await writeFile(path, content);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('openFileSource reads exact ranges and reports the size', async () => {
    const src = await openFileSource(path);
    try {
      assert.equal(src.size, content.length);
      assert.deepEqual(Buffer.from(await src.read(12_345, 1000)), content.subarray(12_345, 13_345));
      assert.deepEqual(Buffer.from(await src.read(content.length - 7, 7)), content.subarray(content.length - 7));
      assert.equal((await src.read(5, 0)).length, 0);
    } finally {
      await src.close();
    }
  });

  it('openFileSource rejects ranges past the end or negative', async () => {
    const src = await openFileSource(path);
    try {
      await assert.rejects(src.read(content.length - 10, 11), /past the end/);
      await assert.rejects(src.read(-1, 4), /invalid read range/);
    } finally {
      await src.close();
    }
  });

  it('openFileSource fails for a missing file', async () => {
    await assert.rejects(openFileSource(join(dir, 'missing.bin')), /ENOENT/);
  });

  it('withReadCache returns the same bytes as the source for arbitrary ranges', async () => {
    const src = await openFileSource(path);
    const cached = withReadCache(src, 4096);
    try {
      for (let i = 0; i < 300; i++) {
        const offset = Math.floor(Math.random() * content.length);
        const length = Math.min(content.length - offset, Math.floor(Math.random() * 20_000));
        assert.deepEqual(Buffer.from(await cached.read(offset, length)), content.subarray(offset, offset + length));
      }
      await assert.rejects(cached.read(content.length - 1, 2), /past the end/);
    } finally {
      await cached.close();
    }
  });

  it('withReadCache turns many small reads into few aligned block reads', async () => {
    const src = await openFileSource(path);
    const { source, reads } = recording(src);
    const cached = withReadCache(source, 65_536);
    try {
      for (let offset = 0; offset < 60_000; offset += 100) await cached.read(offset, 40);
      assert.deepEqual(reads, [[0, 65_536]]);
      // A read spanning two missing blocks is one underlying read; the last block is cut at the end.
      await cached.read(200_000, 90_000);
      assert.deepEqual(reads.slice(1), [[196_608, 103_392]]);
      // Concurrent reads of one missing block share a single fetch.
      await Promise.all([cached.read(70_000, 10), cached.read(80_000, 10), cached.read(90_000, 10)]);
      assert.deepEqual(reads.slice(2), [[65_536, 65_536]]);
    } finally {
      await cached.close();
    }
  });

  it('withReadCache does not keep a failed block read', async () => {
    const src = await openFileSource(path);
    const { source, reads, failOnce } = recording(src);
    const cached = withReadCache(source, 1024);
    try {
      failOnce();
      await assert.rejects(cached.read(5000, 10), /injected read failure/);
      assert.deepEqual(Buffer.from(await cached.read(5000, 10)), content.subarray(5000, 5010));
      assert.equal(reads.length, 2);
    } finally {
      await cached.close();
    }
  });
});
