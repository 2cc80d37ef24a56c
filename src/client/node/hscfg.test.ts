import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findHscfg, loadConfig, writeHscfg } from './hscfg.js';

describe('.hscfg on disk', () => {
  let dir: string;
  let home: string;
  let cwd: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hscfg-'));
    home = path.join(dir, 'home');
    cwd = path.join(dir, 'work');
    mkdirSync(home);
    mkdirSync(cwd);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ~/.hscfg, and ./.hscfg instead when it exists (only one file, as h5pyd)', () => {
    writeFileSync(path.join(home, '.hscfg'), 'hs_endpoint = http://home:5101\nhs_username = homeuser\n');
    assert.equal(findHscfg({ cwd, home }), path.join(home, '.hscfg'));
    let c = loadConfig({}, { cwd, home, env: {} });
    assert.deepEqual([c.endpoint, c.username], ['http://home:5101', 'homeuser']);

    writeFileSync(path.join(cwd, '.hscfg'), 'hs_endpoint = http://local:5101\n');
    assert.equal(findHscfg({ cwd, home }), path.join(cwd, '.hscfg'));
    c = loadConfig({}, { cwd, home, env: {} });
    // The home file is not merged in: its user name is not seen.
    assert.deepEqual([c.endpoint, c.username, c.file], ['http://local:5101', undefined, path.join(cwd, '.hscfg')]);
    rmSync(path.join(cwd, '.hscfg'));
  });

  it('lets HS_* variables and explicit options win over the file', () => {
    const c = loadConfig({ password: 'explicit' }, { cwd, home, env: { HS_ENDPOINT: 'http://env:1', HS_PASSWORD: 'envpw' } });
    assert.deepEqual([c.endpoint, c.username, c.password], ['http://env:1', 'homeuser', 'explicit']);
  });

  it('works with no file at all', () => {
    const c = loadConfig({}, { cwd, home: path.join(dir, 'nowhere'), env: { HS_ENDPOINT: 'http://e:2' } });
    assert.deepEqual([c.endpoint, c.file], ['http://e:2', undefined]);
  });

  it('writes a file only its owner can read, that reads back the same', () => {
    const file = writeHscfg({ endpoint: 'http://w:5101', username: 'u', password: 'secret=1', apiKey: undefined }, path.join(home, 'written.hscfg'));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /^# HDFCloud configuration file\nhs_endpoint = http:\/\/w:5101\n/);
    const c = loadConfig({}, { file, env: {} });
    assert.deepEqual([c.endpoint, c.username, c.password, c.apiKey], ['http://w:5101', 'u', 'secret=1', undefined]);
  });
});
