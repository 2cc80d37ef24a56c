/**
 * Request-size limits: a server with max_request_size 64 KiB (and small chunks) makes JSON reads answer 413,
 * which the SDK must page around (halving, as h5pyd), and makes the SDK split large writes.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { File } from '../../src/client/file.js';
import { TestServer } from '../helpers/server.js';
import { numpy, RecordingTransport, startClientServer, uniqueDomain, userOptions } from './support.js';

const LIMIT = 64 * 1024;

describe('client paging under a 64 KiB request limit', () => {
  let server: TestServer;
  let transport: RecordingTransport;
  let file: File;

  before(async () => {
    server = await startClientServer({ env: { H5LAB_MAX_REQUEST_SIZE: '64k', H5LAB_MIN_CHUNK_SIZE: '4k' } });
    transport = new RecordingTransport();
    file = await File.open(uniqueDomain('paging'), 'w', userOptions(server, transport));
  });
  after(async () => {
    await file?.close();
    await transport?.close();
    await server?.dispose();
  });

  const values = (data: unknown) => Array.from(data as ArrayLike<unknown>);
  const valuePuts = () => transport.log.filter((l) => l.method === 'PUT' && l.path.endsWith('/value'));

  it('splits a large binary write into requests below the limit', async () => {
    assert.equal(file.limits?.max_request_size, LIMIT);
    const data = Float64Array.from({ length: 200 * 100 }, (_, i) => Math.sin(i) * 1000);
    const d = await file.createDataset('wave', { shape: [200, 100], dtype: 'f8', chunks: [10, 100] });
    transport.clear();
    await d.write(undefined, data);
    const puts = valuePuts();
    assert.equal(puts.length, 3);
    assert.ok(puts.every((p) => p.requestBytes < LIMIT && p.status === 200), JSON.stringify(puts.map((p) => p.requestBytes)));
    assert.deepEqual(puts.map((p) => p.query.get('select')), ['[0:81,0:100]', '[81:162,0:100]', '[162:200,0:100]']);
    assert.deepEqual((await d.read()).data, data);
  });

  it('pages a JSON read that the server refuses (413), halving pages of whole chunks', async () => {
    const d = await file.get('wave');
    if (!('read' in d)) throw new Error('expected a dataset');
    transport.clear();
    const got = await d.read(undefined, { format: 'json' });
    const reads = transport.log.filter((l) => l.path.endsWith('/value'));
    assert.deepEqual(reads.map((r) => [r.status, r.query.get('select')]), [
      [413, null],
      [413, '[0:100,0:100]'],
      [200, '[0:50,0:100]'],
      [200, '[50:100,0:100]'],
      [200, '[100:150,0:100]'],
      [200, '[150:200,0:100]'],
    ]);
    assert.deepEqual(got.shape, [200, 100]);
    assert.deepEqual(got.data, (await d.read()).data);

    // A strided selection pages on the selected rows; numpy gives the expected values.
    const strided = await d.read('[3::3, 7:90:4]', { format: 'json' });
    const expected = numpy<{ shape: number[]; data: number[] }>(
      `a = np.array(data, dtype='<f8').reshape(200, 100)[3::3, 7:90:4]
result = {'shape': list(a.shape), 'data': a.ravel().tolist()}`,
      values((await d.read()).data),
    );
    assert.deepEqual(strided.shape, expected.shape);
    assert.deepEqual(values(strided.data), expected.data);
  });

  it('pages variable-length strings by their encoded size', async () => {
    const words = Array.from({ length: 3000 }, (_, i) => `item ${i} ${'∑'.repeat(i % 23)}`);
    const d = await file.createDataset('words', { shape: [3000], dtype: 'str' });
    transport.clear();
    await d.write(undefined, words);
    const puts = valuePuts();
    assert.ok(puts.length >= 2 && puts.every((p) => p.requestBytes < LIMIT), JSON.stringify(puts.map((p) => p.requestBytes)));
    assert.deepEqual((await d.read()).data, words);
  });

  it('writes long coordinate lists through JSON bodies, in pages', async () => {
    const d = await file.createDataset('sparse', { shape: [40000], dtype: 'i8', fillvalue: -1 });
    const coords = Array.from({ length: 12000 }, (_, i) => i * 3 + 1);
    transport.clear();
    await d.write([coords], BigInt64Array.from(coords, (c) => BigInt(c) * 10n));
    const puts = valuePuts();
    assert.ok(puts.length >= 2 && puts.every((p) => p.requestBytes < LIMIT && !p.query.has('select')), JSON.stringify(puts.map((p) => p.requestBytes)));
    const back = (await d.read('[0:30]')).data as BigInt64Array;
    assert.deepEqual(Array.from(back), Array.from({ length: 30 }, (_, i) => (i % 3 === 1 ? BigInt(i) * 10n : -1n)));
    const picked = await d.read([coords.slice(-3)]);
    assert.deepEqual(Array.from(picked.data as BigInt64Array), coords.slice(-3).map((c) => BigInt(c) * 10n));
    // Reading them all back: the long selection travels in a POST body; 96 KB of answer is refused (413),
    // so the SDK halves the coordinate list.
    transport.clear();
    const all = await d.read([coords]);
    assert.deepEqual(transport.log.map((l) => `${l.method} ${l.status}`), ['POST 413', 'POST 200', 'POST 200']);
    assert.deepEqual(Array.from(all.data as BigInt64Array), coords.map((c) => BigInt(c) * 10n));
  });
});
