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

  it('rejects invalid settings with a clear message', () => {
    assert.throws(() => loadConfig({ port: '99999' }, {}), /invalid port/);
    assert.throws(() => loadConfig({ bucket_name: 'bad/bucket' }, {}), /invalid bucket/);
    assert.throws(() => loadConfig({ config: '/nonexistent/h5lab.yml' }, {}), /cannot read config file/);
    assert.throws(() => loadConfig({}, { H5LAB_ALLOW_NOAUTH: 'maybe' }), /true or false/);
  });
});
