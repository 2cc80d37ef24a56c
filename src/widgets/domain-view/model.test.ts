/** The domain view's model against the real server: opening, the tree rows, selection, errors. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, FetchTransport, File } from '../../client/index.js';
import { ensureHome, uniqueDomain } from '../../../tests/helpers/http.js';
import { startServer, TestServer } from '../../../tests/helpers/server.js';
import type { DataSource } from '../data/models.js';
import { DEFAULT_VIEWER_SETTINGS } from '../viewers/settings.js';
import { DomainViewModel } from './model.js';

describe('DomainViewModel', () => {
  let server: TestServer;
  let source: DataSource;
  const domain = uniqueDomain('model');

  before(async () => {
    server = await startServer();
    await ensureHome(server.url);
    const connection = new Connection({ endpoint: server.url, username: 'test_user1', password: 'test', transport: new FetchTransport() });
    const f = await File.open(domain, 'w', { connection });
    const run = await f.createGroup('runs/r1');
    await run.createDataset('signal', { data: new Float32Array([1, 2, 3]) });
    await run.attrs.set('operator', 'ada');
    await f.createDataset('top', { data: new Int8Array([5]) });
    await connection.close();
    const auth = `Basic ${Buffer.from('test_user1:test').toString('base64')}`;
    source = { endpoint: server.url, fetch: (url, init = {}) => {
        const headers = new Headers(init.headers);
        headers.set('Authorization', auth);
        return fetch(url, { ...init, headers });
      } };
  });

  after(() => server?.dispose());

  it('opens with the root expanded, expands groups and selects entities', async () => {
    const model = new DomainViewModel(source, domain, DEFAULT_VIEWER_SETTINGS);
    let changes = 0;
    model.changed.connect(() => changes++);
    await model.open();
    assert.equal(model.state, 'open');
    assert.ok(model.openMs! >= 0);
    const rows = () => model.rows().map((r) => `${'  '.repeat(r.depth)}${r.node.name}${r.expanded ? '/' : ''}`);
    assert.deepEqual(rows(), ['//', '  runs', '  top']);
    model.toggle('/runs');
    assert.deepEqual(rows(), ['//', '  runs/', '    r1', '  top']);

    const selected = () => model.selection;
    await model.select('/runs/r1');
    assert.equal(selected()?.entity?.kind, 'group');
    assert.deepEqual(selected()?.attrs?.map((a) => [a.name, a.value]), [['operator', 'ada']]);
    await model.reveal('/runs/r1/signal');
    assert.deepEqual(rows(), ['//', '  runs/', '    r1/', '      signal', '  top']);
    const signal = selected()?.entity;
    assert.equal(signal?.kind === 'dataset' && signal.dtype, 'float32');
    assert.ok(changes > 4);
    model.dispose();
  });

  it('selects a path given before the domain is open once it is', async () => {
    const model = new DomainViewModel(source, domain, DEFAULT_VIEWER_SETTINGS);
    const opening = model.open();
    const selected = () => model.selection;
    await model.reveal('/top');
    assert.equal(selected()?.entity, undefined);
    await opening;
    assert.equal(selected()?.entity?.path, '/top');
    model.dispose();
  });

  it('explains a domain that does not exist, and a path that does not', async () => {
    const missing = new DomainViewModel(source, '/home/test_user1/missing.h5', DEFAULT_VIEWER_SETTINGS);
    await missing.open();
    assert.equal(missing.state, 'error');
    assert.match(missing.error, /no such domain/i);
    const model = new DomainViewModel(source, domain, DEFAULT_VIEWER_SETTINGS);
    await model.open();
    await model.select('/nope');
    assert.match(model.selection?.error ?? '', /nothing at '\/nope'/);
    model.dispose();
  });
});
