import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULTS } from '../config.js';
import { createStore, isAwsEndpoint } from './create-store.js';
import { CountingStore } from './counting-store.js';
import { PosixStore } from './posix-store.js';
import { S3Store } from './s3-store.js';

describe('store selection', () => {
  it('uses the POSIX store without an S3 endpoint', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-store-'));
    const store = await createStore({ ...DEFAULTS, root_dir: dir });
    assert.ok(store instanceof CountingStore && store.inner instanceof PosixStore);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses S3 with an endpoint: path style unless the endpoint is AWS\'s, static keys unless HSDS\'s "xxx"', async () => {
    const s3 = async (settings: Partial<typeof DEFAULTS>) => {
      const store = await createStore({ ...DEFAULTS, ...settings });
      assert.ok(store instanceof CountingStore && store.inner instanceof S3Store);
      await store.close();
      return (store.inner as S3Store).options;
    };
    const local = await s3({ s3_endpoint: 'http://127.0.0.1:9000', aws_access_key_id: 'id', aws_secret_access_key: 'secret' });
    assert.equal(local.forcePathStyle, true);
    assert.equal(local.region, 'us-east-1');
    assert.deepEqual(local.credentials, { accessKeyId: 'id', secretAccessKey: 'secret', sessionToken: undefined });
    const aws = await s3({ s3_endpoint: 'https://s3.eu-west-1.amazonaws.com', s3_region: 'eu-west-1', aws_access_key_id: 'xxx', aws_secret_access_key: 'xxx' });
    assert.equal(aws.forcePathStyle, false);
    assert.equal(aws.credentials, undefined);
    assert.equal((await s3({ s3_endpoint: 'https://s3.amazonaws.com', s3_path_style: true })).forcePathStyle, true);
    assert.equal((await s3({ s3_endpoint: 'http://minio.local:9000', s3_path_style: false })).forcePathStyle, false);
  });

  it('recognizes AWS endpoints by host name', () => {
    assert.equal(isAwsEndpoint('https://s3.amazonaws.com'), true);
    assert.equal(isAwsEndpoint('https://s3.cn-north-1.amazonaws.com.cn'), true);
    assert.equal(isAwsEndpoint('http://127.0.0.1:9000'), false);
    assert.equal(isAwsEndpoint('https://notamazonaws.com'), false);
  });
});
