import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, DEFAULTS, loadConfig, parseSize } from './config.js';

describe('engine configuration', () => {
  it('parses HSDS sizes', () => {
    assert.equal(parseSize('100m', 'x'), 104857600);
    assert.equal(parseSize('4k', 'x'), 4096);
    assert.equal(parseSize('1g', 'x'), 1073741824);
    assert.equal(parseSize(12, 'x'), 12);
    assert.throws(() => parseSize('lots', 'x'), ConfigError);
  });

  it('layers defaults < config file < environment < flags', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-cfg-'));
    const file = path.join(dir, 'override.yml');
    writeFileSync(file, 'max_request_size: 10m\nchunk_mem_cache_size: 1g\nport: 6000\nunknown_hsds_key: 1\n');
    const cfg = loadConfig({ config: file, port: '7000' }, { H5LAB_CHUNK_MEM_CACHE_SIZE: '2m', H5LAB_BUCKET: 'mybucket' });
    assert.equal(cfg.max_request_size, 10 * 1024 * 1024);
    assert.equal(cfg.chunk_mem_cache_size, 2 * 1024 * 1024);
    assert.equal(cfg.port, 7000);
    assert.equal(cfg.bucket_name, 'mybucket');
    assert.equal(cfg.min_chunk_size, DEFAULTS.min_chunk_size);
  });

  it('reads S3 settings from flags, H5LAB_* and the standard AWS variables, and HSDS key names', () => {
    assert.equal(DEFAULTS.s3_endpoint, undefined);
    assert.equal(DEFAULTS.s3_region, 'us-east-1');
    const env = { AWS_ACCESS_KEY_ID: 'aws-id', AWS_SECRET_ACCESS_KEY: 'aws-secret', AWS_REGION: 'eu-west-1', H5LAB_S3_ENDPOINT: 'http://127.0.0.1:9000' };
    const fromEnv = loadConfig({}, env);
    assert.equal(fromEnv.s3_endpoint, 'http://127.0.0.1:9000');
    assert.equal(fromEnv.s3_region, 'eu-west-1');
    assert.equal(fromEnv.aws_access_key_id, 'aws-id');
    assert.equal(fromEnv.aws_secret_access_key, 'aws-secret');
    assert.equal(fromEnv.s3_path_style, undefined);
    // H5LAB_* beats the AWS variable, a flag beats both.
    const layered = loadConfig({ aws_secret_access_key: 'flag-secret' }, { ...env, H5LAB_AWS_ACCESS_KEY_ID: 'h5lab-id', H5LAB_S3_PATH_STYLE: 'false' });
    assert.equal(layered.aws_access_key_id, 'h5lab-id');
    assert.equal(layered.aws_secret_access_key, 'flag-secret');
    assert.equal(layered.s3_path_style, false);

    const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-cfg-'));
    const file = path.join(dir, 'hsds.yml');
    writeFileSync(file, 'aws_s3_gateway: https://s3.us-west-2.amazonaws.com\naws_region: us-west-2\naws_access_key_id: xxx\n');
    const hsds = loadConfig({ config: file }, {});
    assert.equal(hsds.s3_endpoint, 'https://s3.us-west-2.amazonaws.com');
    assert.equal(hsds.s3_region, 'us-west-2');
    writeFileSync(file, 'aws_s3_gateway: null\n');
    assert.equal(loadConfig({ config: file }, {}).s3_endpoint, undefined);
    assert.throws(() => loadConfig({ s3_endpoint: 'minio:9000' }, {}), /s3_endpoint: expected an http/);
    assert.throws(() => loadConfig({}, { H5LAB_S3_PATH_STYLE: 'sometimes' }), /s3_path_style: expected true or false/);
  });

  it('rejects invalid settings with a clear message', () => {
    assert.throws(() => loadConfig({ port: '99999' }, {}), /invalid port/);
    assert.throws(() => loadConfig({ bucket_name: 'bad/bucket' }, {}), /invalid bucket/);
    assert.throws(() => loadConfig({ config: '/nonexistent/h5lab.yml' }, {}), /cannot read config file/);
    assert.throws(() => loadConfig({}, { H5LAB_ALLOW_NOAUTH: 'maybe' }), /true or false/);
  });
});
