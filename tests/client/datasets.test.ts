/** SDK datasets against the real server: types, numpy-style reads and writes checked with numpy, resize, points. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { File } from '../../src/client/file.js';
import { Dataset } from '../../src/client/dataset.js';
import { CreateDatasetOptions } from '../../src/client/group.js';
import { toNested, NdArray } from '../../src/client/ndarray.js';
import { TestServer } from '../helpers/server.js';
import { numpy, RecordingTransport, startClientServer, uniqueDomain, userOptions } from './support.js';

describe('client datasets', () => {
  let server: TestServer;
  let transport: RecordingTransport;
  let file: File;

  before(async () => {
    server = await startClientServer();
    transport = new RecordingTransport();
    file = await File.open(uniqueDomain('datasets'), 'w', userOptions(server, transport));
  });
  after(async () => {
    await file?.close();
    await transport?.close();
    await server?.dispose();
  });

  const values = (a: NdArray) => Array.from(a.data as ArrayLike<unknown>);

  it('reads numpy-style selections with the values and shapes numpy gives', async () => {
    const shape = [6, 7, 5];
    const data = Int32Array.from({ length: 6 * 7 * 5 }, (_, i) => (i * 7919) % 1000 - 500);
    const dset = await file.createDataset('cube', { data: Array.from(data), dtype: 'i4', shape, chunks: [2, 3, 5] });
    const exprs = [
      '', '...', '[2]', '[-1]', '[1:4]', '[::2]', '[-3:]', '[1:100]', '[0:10, ::2, 5 - 1]', '[:, 3, :]', '[..., -1]',
      '[4, 6, 4]', '[1:5:3, 2:, :3]', '[[0, 5, 2]]', '[[5, 0, 0], :, 1]', '[:, [6, 1], [4, 0]]', '[[1, 2], :, [3, 0]]',
      '[2, [1, 3, 5]]', '[:, 2, [0, 4]]', '[[True, False, True, False, False, True]]', '[3:3]', '[:, 5:2]', '[::-1 + 2]',
    ].map((e) => e.replace('5 - 1', '4').replace('-1 + 2', '1'));
    const expected = numpy<{ shape: number[]; data: number[] }[]>(
      `a = np.array(data['values'], dtype='<i4').reshape(data['shape'])
result = []
for e in data['exprs']:
    inner = e[1:-1] if e.startswith('[') else e
    r = np.asarray(a[eval('np.s_[' + inner + ']')] if inner else a[()])
    result.append({'shape': list(r.shape), 'data': r.ravel().tolist()})`,
      { values: Array.from(data), shape, exprs },
    );
    for (const [i, e] of exprs.entries()) {
      const got = await dset.read(e || undefined);
      assert.deepEqual(got.shape, expected[i].shape, `shape of a${e}`);
      assert.deepEqual(values(got), expected[i].data, `values of a${e}`);
      assert.ok(got.data instanceof Int32Array);
    }
    await assert.rejects(dset.read('[6]'), /out of bounds for axis 0 with size 6/);
  });

  it('writes selections (scalars, broadcast rows, index arrays) as numpy assignment does', async () => {
    const dset = await file.createDataset('canvas', { shape: [8, 9], dtype: 'f8', fillvalue: -1 });
    const writes: [string, unknown][] = [
      ['[1:7:2, 3]', 5.5],
      ['[0]', Array.from({ length: 9 }, (_, i) => i / 2)],
      ['[4:6, :]', [10, 11, 12, 13, 14, 15, 16, 17, 18]],
      ['[[7, 5], 2:4]', [[1, 2], [3, 4]]],
      ['[[2, 6], [8, 0]]', [NaN, Infinity]],
      ['[-1, ::4]', new Float64Array([7, 8, 9])],
    ];
    for (const [e, v] of writes) await dset.write(e, v);
    const expected = numpy<(number | string)[]>(
      `a = np.full((8, 9), -1.0)
for e, v in data:
    a[eval('np.s_[' + e[1:-1] + ']')] = v
result = [x if np.isfinite(x) else str(x) for x in a.ravel().tolist()]`,
      writes.map(([e, v]) => [e, v instanceof Float64Array ? Array.from(v) : v]),
    );
    const got = values(await dset.read()).map((x) => (Number.isFinite(x) ? x : String(x)));
    assert.deepEqual(got, expected.map((x) => (x === 'nan' ? 'NaN' : x === 'inf' ? 'Infinity' : x)));
    await assert.rejects(dset.write('[0:2, 0:3]', [1, 2]), /cannot broadcast data of shape \(2\) to selection shape \(2, 3\)/);
  });

  it('round-trips every kind of type (64-bit integers beyond 2^53 exactly)', async () => {
    const cases: { dtype: CreateDatasetOptions['dtype']; data: unknown; expect?: unknown }[] = [
      { dtype: 'i8', data: [2n ** 62n + 1n, -(2n ** 63n), 2n ** 53n + 1n] },
      { dtype: 'u8', data: [2n ** 64n - 1n, 0n] },
      { dtype: '>i4', data: [1, -2, 2 ** 31 - 1] },
      { dtype: 'u1', data: [0, 255] },
      { dtype: 'f2', data: [0.5, -2, 65504] },
      { dtype: '>f8', data: [Math.PI, -0, 1e-300] },
      { dtype: 'bool', data: [true, false, true] },
      { dtype: 'S6', data: ['abc', 'abcdef', ''] },
      { dtype: 'str', data: ['α', '', 'long '.repeat(50), '日本'] },
      { dtype: 'ascii', data: ['plain', 'text'] },
      { dtype: { vlen: 'i2' }, data: [new Int16Array([1, 2, 3]), new Int16Array([]), new Int16Array([-7])] },
      { dtype: [['x', 'f4'], ['name', 'str'], ['n', 'i8'], ['v', 'u1', [2]]], data: [{ x: 1.5, name: 'a', n: 2n ** 60n, v: [1, 2] }, { x: -2, name: 'bé', n: 3, v: [3, 4] }], expect: [{ x: 1.5, name: 'a', n: 2n ** 60n, v: [1, 2] }, { x: -2, name: 'bé', n: 3, v: [3, 4] }] },
      { dtype: 'complex64', data: [{ r: 1, i: -1 }, { r: 0.5, i: 2 }] },
      { dtype: { enum: { RED: 0, GREEN: 1, BLUE: 2 } }, data: [2, 0, 'GREEN'], expect: [2, 0, 1] },
      { dtype: 'V3', data: [new Uint8Array([1, 2, 3]), new Uint8Array([255, 0, 7])] },
    ];
    for (const [i, c] of cases.entries()) {
      const d = await file.createDataset(`types/t${i}`, { dtype: c.dtype, data: c.data });
      const back = await d.read();
      const want = (c.expect ?? c.data) as unknown[];
      const got = values(back).map((v) => (v instanceof Uint8Array || v instanceof Int16Array ? Array.from(v as ArrayLike<number>) : v));
      const wantPlain = want.map((v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
      if (d.dtype === 'float16') assert.deepEqual(got, [0.5, -2, 65504]);
      else assert.deepEqual(got, wantPlain, `${d.dtype}`);
      // The same values through JSON transfers.
      const viaJson = values(await d.read(undefined, { format: 'json' })).map((v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
      assert.deepEqual(viaJson, got, `${d.dtype} via JSON`);
    }
    const i8 = await (await file.get('types/t0') as Dataset).read();
    assert.ok(i8.data instanceof BigInt64Array);
    assert.equal(i8.dtype, 'int64');
  });

  it('unfolds array types into trailing dimensions, like numpy', async () => {
    const d = await file.createDataset('vectors', { dtype: '(3,)f4', shape: [4], data: [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]] });
    const all = await d.read();
    assert.deepEqual(all.shape, [4, 3]);
    assert.ok(all.data instanceof Float32Array);
    assert.deepEqual(toNested(await d.read('[1:3]')), [[4, 5, 6], [7, 8, 9]]);
  });

  it('reads and writes compound fields, points, scalars, and refuses null dataspaces', async () => {
    const table = await file.createDataset('table', { dtype: [['t', 'f8'], ['id', 'i4']], data: [{ t: 0.5, id: 1 }, { t: 1.5, id: 2 }, { t: 2.5, id: 3 }] });
    const ids = await table.read(undefined, { fields: 'id' });
    assert.ok(ids.data instanceof Int32Array);
    assert.deepEqual(values(ids), [1, 2, 3]);
    assert.deepEqual(values(await table.read('[1:]', { fields: 'id', format: 'json' })), [2, 3]);
    await table.write('[0:2]', [10, 20], { fields: 'id' });
    assert.deepEqual(values(await table.read(undefined, { fields: ['id', 't'] })), [{ id: 10, t: 0.5 }, { id: 20, t: 1.5 }, { id: 3, t: 2.5 }]);

    const grid = await file.createDataset('grid', { data: Array.from({ length: 4 }, (_, i) => Array.from({ length: 5 }, (_, j) => i * 10 + j)), dtype: 'i2' });
    const pts = await grid.readPoints([[0, 0], [3, 4], [-1, 0], [2, 2]]);
    assert.deepEqual(values(pts), [0, 34, 30, 22]);
    assert.deepEqual(pts.shape, [4]);

    const scalar = await file.createDataset('scalar', { shape: [], dtype: 'f8', data: 2.5 });
    assert.deepEqual(scalar.shape, []);
    let s = await scalar.read();
    assert.deepEqual([s.shape, values(s)], [[], [2.5]]);
    await scalar.write(undefined, 7);
    s = await scalar.read('...');
    assert.deepEqual(values(s), [7]);

    const empty = await file.createDataset('empty', { dtype: 'i4' });
    assert.equal(empty.shape, null);
    await assert.rejects(empty.read(), /null dataspace/);
  });

  it('resizes extensible datasets and reads the fill value in new regions', async () => {
    const d = await file.createDataset('growing', { shape: [2, 3], maxshape: [null, 3], dtype: 'i4', fillvalue: -9, chunks: [1, 3], data: [[1, 2, 3], [4, 5, 6]] });
    assert.deepEqual(d.maxshape, [null, 3]);
    await d.resize(4, 0);
    assert.deepEqual(d.shape, [4, 3]);
    await d.write('[3]', [7, 8, 9]);
    assert.deepEqual(toNested(await d.read()), [[1, 2, 3], [4, 5, 6], [-9, -9, -9], [7, 8, 9]]);
    await d.resize([1, 3]);
    const other = (await (await File.open(file.filename, 'r', userOptions(server, transport))).get('growing')) as Dataset;
    assert.deepEqual(other.shape, [1, 3]);
    await assert.rejects(d.resize([1, 4]), (e: Error & { status?: number }) => e.status === 409);
  });

  it('reports creation properties, and checks compressors against the server list', async () => {
    const d = await file.createDataset('packed', { shape: [100, 100], dtype: 'f4', chunks: [10, 100], compression: 'gzip', compressionOpts: 6, shuffle: true });
    assert.deepEqual([d.compression, d.compressionOpts, d.shuffle, d.fletcher32], ['gzip', 6, true, false]);
    assert.equal(d.chunks?.length, 2);
    const z = await file.createDataset('zipped', { shape: [10], dtype: 'i4', compression: 'lz4', data: Array.from({ length: 10 }, (_, i) => i) });
    assert.equal(z.compression, 'lz4');
    assert.deepEqual(values(await z.read()), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal((await file.createDataset('nofill', { shape: [2], dtype: 'f4' })).fillvalue, 0);
    await assert.rejects(file.createDataset('bad', { shape: [10], compression: 'lzf' }), /unknown compression 'lzf'; this server supports: .*gzip/);
    await assert.rejects(file.createDataset('cube', { shape: [1] }), (e: Error & { status?: number }) => e.status === 409);
  });
});
