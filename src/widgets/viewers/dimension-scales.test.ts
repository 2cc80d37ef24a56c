/** Dimension scales as the server stores them (attached the way h5py's dims[i].attach_scale does). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, FetchTransport, File } from '../../client/index.js';
import { ensureHome, uniqueDomain } from '../../../tests/helpers/http.js';
import { startServer, TestServer } from '../../../tests/helpers/server.js';
import { HsdsDataProvider } from '../data/hsds-provider.js';
import { dimensionScaleIds } from './dimension-scales.js';

describe('dimension scales', () => {
  let server: TestServer;
  let provider: HsdsDataProvider;
  let scaleId: string;

  before(async () => {
    server = await startServer();
    await ensureHome(server.url);
    const domain = uniqueDomain('scales');
    const connection = new Connection({ endpoint: server.url, username: 'test_user1', password: 'test', transport: new FetchTransport() });
    const f = await File.open(domain, 'w', { connection });
    const time = await f.createDataset('time', { data: new Float64Array([0, 0.5, 1, 1.5]) });
    await time.attrs.set('CLASS', 'DIMENSION_SCALE');
    const grid = await f.createDataset('grid', { data: new Float32Array(12), shape: [4, 3] });
    // DIMENSION_LIST: per dimension, a variable-length list of object references.
    await grid.attrs.set('DIMENSION_LIST', [[`datasets/${time.id}`], []], { dtype: { vlen: 'ref' }, shape: [2] });
    scaleId = time.id;
    await connection.close();
    const auth = `Basic ${Buffer.from('test_user1:test').toString('base64')}`;
    provider = await HsdsDataProvider.open(
      { endpoint: server.url, fetch: (url, init = {}) => {
        const headers = new Headers(init.headers);
        headers.set('Authorization', auth);
        return fetch(url, { ...init, headers });
      } },
      domain,
    );
  });

  after(async () => {
    await provider?.close();
    await server?.dispose();
  });

  it('finds the scale attached to each dimension, and reads it by id', async () => {
    const attrs = await provider.getAttrs(await provider.getEntity('/grid'));
    assert.deepEqual(dimensionScaleIds(attrs, 2), [scaleId, undefined]);
    const scale = await provider.getDatasetById(scaleId);
    assert.deepEqual([scale.path, scale.shape], ['/time', [4]]);
    assert.deepEqual(Array.from((await provider.getValue(scale, [{ start: 1, stop: 4, step: 2 }])).data as Float64Array), [0.5, 1.5]);
  });

  it('finds none without DIMENSION_LIST', async () => {
    const attrs = await provider.getAttrs(await provider.getEntity('/time'));
    assert.deepEqual(dimensionScaleIds(attrs, 1), [undefined]);
  });
});
