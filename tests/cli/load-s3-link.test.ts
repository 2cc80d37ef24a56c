/**
 * Link mode on object storage: an .h5 written by h5py is uploaded to a real S3-compatible server (s3rver),
 * the engine stores its domains in that server, `hsload --link s3://archive/...` imports only the metadata,
 * and every dataset read through the REST API is byte for byte what h5py reads from the file — contiguous
 * data, a chunk map and a chunk table with unwritten chunks. Chunks come from ranged GETs of the object,
 * nearby ranges merged, the object never fetched whole.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startServer, TestServer, USERS } from '../helpers/server.js';
import { Api, ensureHome } from '../helpers/http.js';
import { S3TestServer, startS3Server } from '../helpers/s3-server.js';
import { cli } from './support.js';
import { SCRIPTS } from './hsload-support.js';

interface Expected {
  shape: number[];
  dtype: string;
  bytes: string;
}

const ARCHIVE = 'archive';
const KEY = 'campaigns/2026/run7.h5';
const DOMAIN = `/home/test_user1/s3link_${process.pid}.h5`;

describe('hsload --link of an .h5 object in S3', () => {
  let s3: S3TestServer;
  let server: TestServer;
  let work: string;
  let expected: Record<string, Expected>;
  let objectSize: number;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'h5lab-s3link-'));
    const file = path.join(work, 'run7.h5');
    const r = spawnSync('python3', [path.join(SCRIPTS, 'make_s3_link_source.py'), file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, r.stderr);
    expected = JSON.parse(r.stdout);
    s3 = await startS3Server();
    await s3.createBucket(ARCHIVE);
    const body = readFileSync(file);
    objectSize = body.length;
    await s3.client.send(new PutObjectCommand({ Bucket: ARCHIVE, Key: KEY, Body: body }));
    server = await startServer({ s3 });
    await ensureHome(server.url);
  });
  after(async () => {
    await server?.dispose();
    await s3?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports only metadata and serves the values h5py reads, by ranged GETs of the object', async () => {
    const uri = `s3://${ARCHIVE}/${KEY}`;
    const load = await cli(server)('hsload', ['--link', uri, DOMAIN]);
    assert.equal(load.code, 0, load.stderr);

    // None of the file's data was copied into the engine's bucket: the only chunks are the chunk table's
    // (12 bytes per chunk of the 1,600-chunk dataset).
    let chunkBytes = 0;
    for (const key of await server.storage.keys()) if (!key.endsWith('.json')) chunkBytes += (await server.storage.read(key))!.length;
    assert.ok(chunkBytes < 64 * 1024, `${chunkBytes} bytes of chunks stored`);

    const api = new Api(server.url, 'test_user1', USERS.test_user1).in(DOMAIN);
    const counts = async () => (await api.get('/info')).json.data_nodes[0].storage_requests as { range: number; bytesRead: number };
    const classes = new Set<string>();
    for (const [name, want] of Object.entries(expected)) {
      const found = await api.get('/', { query: { h5path: name } });
      assert.equal(found.status, 200, `${name}: ${found.text}`);
      const ds = await api.get(`/datasets/${found.json.id}`);
      const layout = ds.json.creationProperties.layout;
      assert.equal(layout.file_uri, uri, `${name} links the object`);
      classes.add(layout.class);
      assert.deepEqual(ds.json.shape.dims, want.shape);

      const before = await counts();
      const v = await api.get(`/datasets/${found.json.id}/value`, { accept: 'binary' });
      assert.equal(v.status, 200, `${name}: ${v.text}`);
      const after = await counts();
      assert.ok(Buffer.from(v.bytes).equals(Buffer.from(want.bytes, 'base64')), `${name}: values differ from h5py's`);
      assert.ok(after.range > before.range, `${name}: read by ranged GETs`);
      assert.ok(after.bytesRead - before.bytesRead < objectSize / 2, `${name}: only its own ranges are read`);
      if (name === '/grid') {
        // 200 chunks stored back to back: merged into a few GETs, not one per chunk.
        assert.ok(after.range - before.range <= 10, `${after.range - before.range} ranged GETs for 200 chunks`);
      }
    }
    assert.deepEqual([...classes].sort(), ['H5D_CHUNKED_REF', 'H5D_CHUNKED_REF_INDIRECT', 'H5D_CONTIGUOUS_REF']);
  });

});
