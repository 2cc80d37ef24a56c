import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '../connection.js';
import { Dataset } from '../dataset.js';
import { File } from '../file.js';
import { DirectTransport, isLocalEndpoint } from './direct-transport.js';
import { connect } from './index.js';

describe('local endpoint (in-process engine)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-direct-transport-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('recognizes local and local[N]', () => {
    assert.deepEqual(['local', 'local[4]', ' local ', 'http://local', 'localhost', 'local[2'].map(isLocalEndpoint), [true, true, true, false, false, false]);
  });

  it('is what connect() uses for the local endpoint', async () => {
    const connection = connect({ endpoint: 'local', username: 'me', password: 'x' });
    assert.ok(connection.transport instanceof DirectTransport);
    assert.ok(!(connect({ endpoint: 'http://127.0.0.1:1' }).transport instanceof DirectTransport));
    await connection.close();
  });

  it('answers the SDK without a server; transports of a process share one engine', async () => {
    const env = { H5LAB_ROOT_DIR: dir };
    const a = new Connection({ endpoint: 'local', username: 'me', password: 'x', transport: new DirectTransport({ adminUser: 'me', env }) });
    const b = new Connection({ endpoint: 'local', username: 'me', password: 'x', transport: new DirectTransport({ adminUser: 'me', env }) });
    assert.equal((await a.about()).isadmin, true, 'the configured user administers the engine');
    const f = await File.open('/home/shared.h5', 'w', { connection: a });
    await f.createDataset('x', { data: [1, 2, 3], dtype: 'int32' });
    const g = await File.open('/home/shared.h5', 'r', { connection: b });
    const x = (await g.get('x')) as Dataset;
    assert.deepEqual(Array.from((await x.read()).data as Int32Array), [1, 2, 3]);
    await a.close();
    assert.equal((await b.about()).state, 'READY', 'still running for the other transport');
    await b.close();
    assert.ok(existsSync(path.join(dir, 'hsdstest')));
  });

  it('fails like an unreachable server when the engine cannot start', async () => {
    const c = new Connection({ endpoint: 'local', retries: 0, transport: new DirectTransport({ env: { H5LAB_ROOT_DIR: dir, H5LAB_PORT: 'x' } }) });
    await assert.rejects(c.about(), (e: Error & { status?: number }) => e.status === 0 && /cannot start the local engine/.test(e.message));
    await c.close();
  });
});
