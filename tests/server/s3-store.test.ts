/**
 * The S3 object store against a real S3 server (s3rver on loopback): object operations, ranges, listings in
 * S3 key order with pagination (compared with the POSIX store on the same keys), missing buckets, credentials,
 * retries of throttled requests, and read-your-writes through a proxy that serves stale versions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StorageError, type ListOptions, type ObjectStore } from '../../src/server/storage/object-store.js';
import { PosixStore } from '../../src/server/storage/posix-store.js';
import { S3Store, type S3StoreOptions } from '../../src/server/storage/s3-store.js';
import { S3TestServer, startS3Server } from '../helpers/s3-server.js';
import { startS3Proxy } from '../helpers/s3-proxy.js';

const BUCKET = 'h5lab-store-test';
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString());
const byteSorted = (keys: string[]) => [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('S3 object store', () => {
  let s3: S3TestServer;
  const stores: ObjectStore[] = [];

  function storeFor(endpoint: string, options: Partial<S3StoreOptions> = {}): S3Store {
    const store = new S3Store({
      endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      ...options,
    });
    stores.push(store);
    return store;
  }

  before(async () => {
    s3 = await startS3Server();
    await s3.createBucket(BUCKET);
  });
  after(async () => {
    for (const s of stores) await s.close();
    await s3?.dispose();
  });

  it('puts, gets, reads ranges, stats and deletes objects', async () => {
    const store = storeFor(s3.endpoint);
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 251);
    await store.put(BUCKET, 'db/0/d/x/0_0', bytes);
    assert.deepEqual(await store.get(BUCKET, 'db/0/d/x/0_0'), bytes);
    assert.deepEqual(await store.getRange(BUCKET, 'db/0/d/x/0_0', 1000, 10), bytes.subarray(1000, 1010));
    // Past the end: shorter, or empty when starting beyond it.
    assert.deepEqual(await store.getRange(BUCKET, 'db/0/d/x/0_0', 299_990, 100), bytes.subarray(299_990));
    assert.equal((await store.getRange(BUCKET, 'db/0/d/x/0_0', 400_000, 10)).length, 0);
    // Ranges near each other share a GET, far ones get their own; results come back in the order asked.
    const ranges = [
      { offset: 250_000, length: 16 },
      { offset: 0, length: 4 },
      { offset: 8, length: 4 },
      { offset: 299_999, length: 5 },
      { offset: 5, length: 0 },
    ];
    const parts = await store.getRanges(BUCKET, 'db/0/d/x/0_0', ranges);
    assert.deepEqual(parts, ranges.map((r) => bytes.subarray(r.offset, Math.min(r.offset + r.length, bytes.length))));

    const info = await store.stat(BUCKET, 'db/0/d/x/0_0');
    assert.equal(info?.size, bytes.length);
    assert.ok(info!.lastModified > Date.now() / 1000 - 60);

    await store.put(BUCKET, 'db/0/d/x/0_0', text('replaced'));
    assert.equal(str(await store.get(BUCKET, 'db/0/d/x/0_0')), 'replaced');
    await store.put(BUCKET, 'empty', new Uint8Array(0));
    assert.equal((await store.get(BUCKET, 'empty'))!.length, 0);
    assert.deepEqual(await store.getRanges(BUCKET, 'empty', [{ offset: 0, length: 4 }]), [new Uint8Array(0)]);

    await store.delete(BUCKET, 'db/0/d/x/0_0');
    await store.delete(BUCKET, 'db/0/d/x/0_0');
    assert.equal(await store.get(BUCKET, 'db/0/d/x/0_0'), undefined);
    assert.equal(await store.stat(BUCKET, 'db/0/d/x/0_0'), undefined);
    assert.equal(await store.getRanges(BUCKET, 'db/0/d/x/0_0', [{ offset: 0, length: 1 }]), undefined);
    await assert.rejects(store.getRange(BUCKET, 'db/0/d/x/0_0', 0, 1), StorageError);
  });

  it('lists in S3 key order across pages, with a delimiter and startAfter, as the POSIX store does', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'h5lab-posix-list-'));
    const posix = await PosixStore.open(root);
    // Two keys per page, and no correction from remembered writes: the listing is the server's.
    const store = storeFor(s3.endpoint, { listPageSize: 2, consistencyWindowMs: 0 });
    const bucket = 'listing';
    await store.createBucket(bucket);
    await posix.createBucket(bucket);
    // Names around '/' in byte order: '-' and '.' sort before it, '_' after.
    const keys = [
      'home/u/a.h5/.domain.json', 'home/u/a.h5.bak/.domain.json', 'home/u/a-b.h5/.domain.json',
      'home/u/a_c.h5/.domain.json', 'home/u/.domain.json', 'home/.domain.json',
      'db/0a-1b/.group.json', 'db/0a-1b/d/0001-000002-000003/.dataset.json', 'db/0a-1b/d/0001-000002-000003/0_1',
      'db/0a-1b/d/0001-000002-000003/0_10', 'db/0a-1b/d/0001-000002-000003/1_0', 'db/0a-1b/.info.json',
      'home/u/caf\u00e9.h5/.domain.json', 'home/u/z.h5/.domain.json',
    ];
    for (const [i, key] of keys.entries()) {
      await store.put(bucket, key, text('x'.repeat(i)));
      await posix.put(bucket, key, text('x'.repeat(i)));
    }
    const queries: [string, ListOptions][] = [
      ['', {}],
      ['home/u/', { delimiter: '/' }],
      ['', { delimiter: '/' }],
      ['home/u/a', {}],
      ['db/0a-1b/d/0001-000002-000003/', {}],
      ['db/0a-1b/', { delimiter: '/' }],
      ['', { startAfter: 'home/u/a.h5/.domain.json' }],
      ['nothing/', {}],
    ];
    for (const [prefix, options] of queries) {
      const fromS3 = await store.list(bucket, prefix, options);
      const fromPosix = await posix.list(bucket, prefix, options);
      const keysOf = (r: typeof fromS3) => r.objects.map((o) => [o.key, o.size]);
      assert.deepEqual(keysOf(fromS3), keysOf(fromPosix), `${prefix} ${JSON.stringify(options)}`);
      // The POSIX store lists sub-folders in directory order ('a.h5/' before 'a.h5.bak/'); S3 in key order.
      assert.deepEqual(fromS3.prefixes, byteSorted(fromS3.prefixes));
      assert.deepEqual(fromS3.prefixes, byteSorted(fromPosix.prefixes), `${prefix} ${JSON.stringify(options)}`);
    }
    const all = (await store.list(bucket, '')).objects.map((o) => o.key);
    assert.equal(all.length, keys.length);
    assert.deepEqual(all.slice(0, 3), ['db/0a-1b/.group.json', 'db/0a-1b/.info.json', 'db/0a-1b/d/0001-000002-000003/.dataset.json']);
    assert.deepEqual(all.filter((k) => k.startsWith('home/u/a')), [
      'home/u/a-b.h5/.domain.json', 'home/u/a.h5.bak/.domain.json', 'home/u/a.h5/.domain.json', 'home/u/a_c.h5/.domain.json',
    ]);
    await posix.close();
    await rm(root, { recursive: true, force: true });
  });

  it('reads missing buckets as empty, creates buckets, and reports refused credentials', async () => {
    const store = storeFor(s3.endpoint);
    assert.equal(await store.bucketExists('no-such-bucket'), false);
    assert.equal(await store.get('no-such-bucket', 'k'), undefined);
    assert.equal(await store.stat('no-such-bucket', 'k'), undefined);
    assert.deepEqual(await store.list('no-such-bucket', ''), { objects: [], prefixes: [] });
    await store.delete('no-such-bucket', 'k');
    await store.createBucket('new-bucket');
    assert.equal(await store.bucketExists('new-bucket'), true);

    // s3rver checks the access key but not the SigV4 signature itself, so a wrong secret would pass here.
    const intruder = storeFor(s3.endpoint, { credentials: { accessKeyId: 'AKNOBODY', secretAccessKey: s3.secretAccessKey } });
    await assert.rejects(intruder.put(BUCKET, 'k', text('x')), (e: Error) => e instanceof StorageError && /InvalidAccessKeyId/.test(e.message));
    await assert.rejects(intruder.get(BUCKET, 'k'), /InvalidAccessKeyId/);
  });

  it('retries throttled and failed requests and unreachable endpoints, within maxAttempts', async () => {
    for (const failWith of ['SlowDown', 'InternalError'] as const) {
      const proxy = await startS3Proxy(s3.endpoint, { failFirst: failWith === 'SlowDown' ? 1 : 3, failWith });
      try {
        const patient = storeFor(proxy.endpoint, { maxAttempts: 5 });
        await patient.put(BUCKET, 'retried', text(`made it past ${failWith}`));
        assert.equal(proxy.injectedFailures, failWith === 'SlowDown' ? 1 : 3);
        assert.equal(str(await patient.get(BUCKET, 'retried')), `made it past ${failWith}`);
      } finally {
        await proxy.close();
      }
    }
    const strict = await startS3Proxy(s3.endpoint, { failFirst: 3, failWith: 'InternalError' });
    try {
      const hasty = storeFor(strict.endpoint, { maxAttempts: 2 });
      await assert.rejects(hasty.put(BUCKET, 'not-retried', text('x')), /InternalError/);
      assert.equal(strict.injectedFailures, 2);
    } finally {
      await strict.close();
    }
    // Nothing listens there any more: connection errors are retried, then reported.
    const gone = storeFor(strict.endpoint, { maxAttempts: 2 });
    await assert.rejects(gone.get(BUCKET, 'retried'), /ECONNREFUSED/);
  });

  describe('read-your-writes over a store that serves stale versions', () => {
    const STALE_MS = 400;

    it('the device does serve stale versions to a store that trusts it', async () => {
      const proxy = await startS3Proxy(s3.endpoint, { staleMs: STALE_MS });
      try {
        const trusting = storeFor(proxy.endpoint, { consistencyWindowMs: 0 });
        await trusting.put(BUCKET, 'trusting/k', text('v1'));
        assert.equal(str(await trusting.get(BUCKET, 'trusting/k')), 'v1');
        await trusting.put(BUCKET, 'trusting/k', text('v2'));
        assert.equal(str(await trusting.get(BUCKET, 'trusting/k')), 'v1');
        assert.ok(proxy.staleAnswers >= 1);
      } finally {
        await proxy.close();
      }
    });

    it('reads, ranges, stats and listings see the last write and delete', async () => {
      const proxy = await startS3Proxy(s3.endpoint, { staleMs: STALE_MS });
      try {
        const store = storeFor(proxy.endpoint);
        const key = 'ryw/db/x/d/y/0_0';
        await store.put(BUCKET, key, text('version one'));
        // Prime the proxy with answers for the old version and for keys that do not exist yet.
        assert.equal(str(await store.get(BUCKET, key)), 'version one');
        assert.equal(str((await store.getRanges(BUCKET, key, [{ offset: 8, length: 3 }]))![0]), 'one');
        assert.equal((await store.stat(BUCKET, key))!.size, 11);
        assert.equal(await store.get(BUCKET, 'ryw/new'), undefined);
        assert.deepEqual((await store.list(BUCKET, 'ryw/')).objects.map((o) => o.key), [key]);

        await store.put(BUCKET, key, text('second version'));
        await store.put(BUCKET, 'ryw/new', text('new'));
        assert.equal(str(await store.get(BUCKET, key)), 'second version');
        assert.equal(str((await store.getRanges(BUCKET, key, [{ offset: 8, length: 3 }]))![0]), 'ers');
        assert.equal((await store.stat(BUCKET, key))!.size, 14);
        assert.equal(str(await store.get(BUCKET, 'ryw/new')), 'new');
        const listed = (await store.list(BUCKET, 'ryw/')).objects;
        assert.deepEqual(listed.map((o) => [o.key, o.size]), [['ryw/db/x/d/y/0_0', 14], ['ryw/new', 3]]);
        assert.deepEqual((await store.list(BUCKET, 'ryw/', { delimiter: '/' })).prefixes, ['ryw/db/']);

        await store.delete(BUCKET, 'ryw/new');
        assert.equal(await store.get(BUCKET, 'ryw/new'), undefined);
        assert.equal(await store.stat(BUCKET, 'ryw/new'), undefined);
        assert.deepEqual((await store.list(BUCKET, 'ryw/')).objects.map((o) => o.key), [key]);
        // The proxy did answer with old versions; the store saw through them.
        assert.ok(proxy.staleAnswers >= 5, `${proxy.staleAnswers} stale answers`);
      } finally {
        await proxy.close();
      }
    });

    it('fails rather than return old bytes when the store stays stale past the window', async () => {
      const proxy = await startS3Proxy(s3.endpoint, { staleMs: 2000 });
      try {
        const store = storeFor(proxy.endpoint, { consistencyWindowMs: 150 });
        await store.put(BUCKET, 'too-stale', text('old'));
        assert.equal(str(await store.get(BUCKET, 'too-stale')), 'old');
        await store.put(BUCKET, 'too-stale', text('new'));
        await assert.rejects(store.get(BUCKET, 'too-stale'), /still serves an older version/);
      } finally {
        await proxy.close();
      }
    });
  });
});
