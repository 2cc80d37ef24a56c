/**
 * hscopy / hscp against real servers: the copy has the source's structure, types, attributes, links,
 * chunking, filters and values (checked through the SDK); --nodata, -z, --no-clobber, and a copy from one
 * server to another with --src-* / --des-* settings.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/client/dataset.js';
import { Datatype } from '../../src/client/datatype.js';
import { File } from '../../src/client/file.js';
import { Group } from '../../src/client/group.js';
import { TestServer } from '../helpers/server.js';
import { cli, openDomain, startClientServer } from './support.js';

const DIR = `/home/test_user1/copy_${process.pid}/`;
const SRC = `${DIR}source.h5`;

/** A domain with one of each thing a copy must keep. */
async function makeSource(server: TestServer): Promise<void> {
  const f = await openDomain(server, SRC, 'w');
  const pair = await f.commitDatatype('types/pair', [['x', 'f4'], ['y', 'i2']]);
  const pairs = await f.createDataset('data/pairs', { shape: [4], dtype: pair, chunks: [2], data: [{ x: 1, y: 2 }, { x: 3, y: 4 }, { x: 5, y: 6 }, { x: 7, y: 8 }] });
  // Two chunks of 1.2 MB, one written: the copy must not allocate the other.
  const ints = await f.createDataset('data/ints', { shape: [1000, 600], maxshape: [null, 600], dtype: 'int16', chunks: [1000, 600], compression: 'gzip', compressionOpts: 6, shuffle: true, fillvalue: -1 });
  await ints.resize([2000, 600]);
  await ints.write('[0:1000, :]', { data: Int16Array.from({ length: 600_000 }, (_, i) => (i % 7919) - 3000), shape: [1000, 600], dtype: 'int16', type: ints.type });
  assert.deepEqual(ints.chunks, [1000, 600]);
  assert.equal((await ints.storageInfo()).numChunks, 1);
  await f.createDataset('scalar', { data: 3.25, dtype: 'float64' });
  await f.createDataset('nothing', { dtype: 'int32' });
  await f.createDataset('words', { data: ['alpha', 'beta', 'gamma'] });
  await f.createHardLink('data/alias', pairs);
  await f.createSoftLink('soft', '/data/pairs');
  await f.createExternalLink('ext', 'other.h5', '/x');
  await f.attrs.set('title', 'copy me');
  await f.attrs.set('where', `datasets/${pairs.id}`, { dtype: 'ref' });
  await ints.attrs.set('scale', [0.5, 0.25], { dtype: 'float32' });
  const ordered = await f.createGroup('ordered', { trackOrder: true });
  for (const name of ['zeta', 'alpha', 'mid']) await ordered.createGroup(name);
  await ordered.attrs.set('z', 1);
  await ordered.attrs.set('a', 2);
  await f.close();
}

describe('hscopy', () => {
  let server: TestServer;
  let run: ReturnType<typeof cli>;

  before(async () => {
    server = await startClientServer();
    run = cli(server);
    assert.equal((await run('hstouch', [DIR])).code, 0);
    await makeSource(server);
  });
  after(() => server.dispose());

  /** Checks everything the copy must keep; `data` false: no values were copied. */
  async function assertSameAsSource(copy: File, data = true): Promise<void> {
    const src = await openDomain(server, SRC);
    try {
      assert.deepEqual(await copy.keys(), await src.keys());
      const ordered = (await copy.get('ordered')) as Group;
      assert.equal(ordered.trackOrder, true);
      assert.deepEqual(await ordered.keys(), ['zeta', 'alpha', 'mid'], 'creation order kept');
      assert.deepEqual(await ordered.attrs.keys(), ['z', 'a']);

      const pairs = (await copy.get('data/pairs')) as Dataset;
      const alias = (await copy.get('data/alias')) as Dataset;
      const type = (await copy.get('types/pair')) as Datatype;
      assert.equal(alias.id, pairs.id, 'both names lead to one dataset');
      assert.equal((pairs.info.type as { id?: string }).id, type.id, 'the dataset uses the copied committed type');
      assert.notEqual(type.id, ((await src.get('types/pair')) as Datatype).id);
      assert.deepEqual(await copy.attrs.get('where'), `datasets/${pairs.id}`, 'the reference points into the copy');
      assert.equal(await copy.attrs.get('title'), 'copy me');

      const links = Object.fromEntries((await copy.links()).map((l) => [l.name, l]));
      assert.deepEqual(links.soft, { class: 'soft', name: 'soft', path: '/data/pairs', created: links.soft.created });
      assert.equal(links.ext.class, 'external');
      assert.deepEqual([links.ext.class === 'external' && links.ext.domain, links.ext.class === 'external' && links.ext.path], ['other.h5', '/x']);

      const ints = (await copy.get('data/ints')) as Dataset;
      const srcInts = (await src.get('data/ints')) as Dataset;
      assert.deepEqual(ints.shape, [2000, 600]);
      assert.deepEqual(ints.maxshape, [null, 600]);
      assert.deepEqual(ints.chunks, srcInts.chunks);
      assert.equal(ints.fillvalue, -1);
      assert.equal(ints.dtype, 'int16');
      const scale = (await ints.attrs.get('scale')) as { data: Float32Array };
      assert.deepEqual(Array.from(scale.data), [0.5, 0.25]);

      assert.equal(((await copy.get('nothing')) as Dataset).shape, null);
      assert.deepEqual(((await copy.get('scalar')) as Dataset).shape, []);
      const storage = await ints.storageInfo();
      if (data) {
        assert.deepEqual(Array.from((await ints.read()).data as Int16Array), Array.from((await srcInts.read()).data as Int16Array));
        assert.equal(storage.numChunks, 1, 'rows never written stay unallocated');
        assert.deepEqual((await pairs.read()).data, [{ x: 1, y: 2 }, { x: 3, y: 4 }, { x: 5, y: 6 }, { x: 7, y: 8 }]);
        assert.deepEqual((await ((await copy.get('words')) as Dataset).read()).data, ['alpha', 'beta', 'gamma']);
        assert.equal((await ((await copy.get('scalar')) as Dataset).read()).data[0], 3.25);
      } else {
        assert.equal(storage.numChunks, 0);
        assert.ok(Array.from((await ints.read('[0:2, 0:2]')).data as Int16Array).every((v) => v === -1));
      }
    } finally {
      await src.close();
    }
  }

  it('copies structure, types, attributes, links, chunking, filters and values', async () => {
    const r = await run('hscopy', ['-v', SRC, `${DIR}copy.h5`]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines, [`File ${SRC} copied to domain: ${DIR}copy.h5`]);
    const copy = await openDomain(server, `${DIR}copy.h5`);
    await assertSameAsSource(copy);
    const ints = (await copy.get('data/ints')) as Dataset;
    assert.equal(ints.compression, 'gzip');
    assert.equal(ints.compressionOpts, 6);
    assert.equal(ints.shuffle, true);
    await copy.close();
  });

  it('copies into a folder, without data with --nodata, with gzip -z', async () => {
    assert.equal((await run('hstouch', [`${DIR}into/`])).code, 0);
    const r = await run('hscp', ['--nodata', '-z', '3', SRC, `${DIR}into/`]);
    assert.equal(r.code, 0, r.stderr);
    const copy = await openDomain(server, `${DIR}into/source.h5`);
    await assertSameAsSource(copy, false);
    const words = (await copy.get('words')) as Dataset;
    assert.equal(words.compression, 'gzip');
    assert.equal(words.compressionOpts, 3);
    await copy.close();
  });

  it('does not overwrite with --no-clobber, and refuses bad arguments', async () => {
    const again = await run('hscopy', ['-n', SRC, `${DIR}copy.h5`]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `hscopy: destination domain ${DIR}copy.h5 exists, not copying (--no-clobber)\n`);
    assert.equal((await run('hscopy', [SRC, SRC])).code, 2);
    assert.equal((await run('hscopy', ['-z', '12', SRC, `${DIR}z.h5`])).stderr, 'hscopy: compression level (-z) must be an integer from 0 to 9 (see hscopy --help)\n');
    assert.equal((await run('hscopy', [DIR, `${DIR}z.h5`])).code, 2);
    const missing = await run('hscopy', [`${DIR}nope.h5`, `${DIR}z.h5`]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `hscopy: No such domain or folder: ${DIR}nope.h5\n`);
  });

  it('copies from one server to another with --src-* and --des-* settings', async () => {
    const other = await startClientServer();
    try {
      const r = await run('hscopy', ['--des-endpoint', other.url, '--des-user', 'test_user2', '--des-password', 'test', SRC, '/home/test_user2/copied.h5']);
      assert.equal(r.code, 0, r.stderr);
      const copy = await File.open('/home/test_user2/copied.h5', 'r', { endpoint: other.url, username: 'test_user2', password: 'test' });
      assert.equal(copy.owner, 'test_user2');
      await assertSameAsSource(copy);
      await copy.close();
      const back = await run('hscopy', ['--src-endpoint', other.url, '--src-user', 'test_user2', '--src-password', 'test', '/home/test_user2/copied.h5', `${DIR}back.h5`]);
      assert.equal(back.code, 0, back.stderr);
      const copied = await openDomain(server, `${DIR}back.h5`);
      await assertSameAsSource(copied);
      await copied.close();
    } finally {
      await other.dispose();
    }
  });
});
