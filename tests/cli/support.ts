/**
 * Helpers for the hs* command tests: runs the real bin/hs*.js as child processes with a clean environment
 * (HS_* settings only as given, HOME and the working directory in a temp dir so no user .hscfg is read),
 * and builds test domains with the SDK.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { File } from '../../src/client/file.js';
import { UndiciTransport } from '../../src/client/node/undici-transport.js';
import { REPO, TestServer } from '../helpers/server.js';

export { startClientServer, uniqueDomain } from '../client/support.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Text for stdin (otherwise stdin is closed). */
  input?: string;
  cwd?: string;
}

/** A fresh directory to serve as HOME and working directory. */
export function tempHome(): string {
  return mkdtempSync(path.join(tmpdir(), 'h5lab-cli-'));
}

const sharedHome = tempHome();

/** process.env without HS_* and H5LAB_* settings, with HOME in a temp dir. */
export function cleanEnv(home = sharedHome): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HS_') && !k.startsWith('H5LAB_')) env[k] = v;
  env.HOME = home;
  return env;
}

/** HS_* settings for a test account of the server. */
export function serverEnv(server: TestServer, user = 'test_user1', password = 'test'): Record<string, string> {
  return { HS_ENDPOINT: server.url, HS_USERNAME: user, HS_PASSWORD: password };
}

export function runCli(tool: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  const env = { ...cleanEnv(), ...options.env };
  const child = spawn(process.execPath, [path.join(REPO, 'bin', `${tool}.js`), ...args], {
    cwd: options.cwd ?? env.HOME,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, lines: stdout.split('\n').filter((l) => l !== '') }));
  });
}

/** A runner bound to a server and account. */
export function cli(server: TestServer, user = 'test_user1', password = 'test') {
  return (tool: string, args: string[], options: CliOptions = {}) => runCli(tool, args, { ...options, env: { ...serverEnv(server, user, password), ...options.env } });
}

export async function openDomain(server: TestServer, domain: string, mode: 'r' | 'w' | 'r+' = 'r', user = 'test_user1'): Promise<File> {
  return File.open(domain, mode, { endpoint: server.url, username: user, password: user === 'admin' ? 'admin' : 'test', transport: new UndiciTransport() });
}

/**
 * The layout of HDF5's tall.h5 test file (the one h5pyd's and HSDS's tests use): groups g1, g1/g1.1,
 * g1/g1.2, g1/g1.2/g1.2.1, g2, big-endian datasets with attributes, an external and a soft link.
 */
export async function makeTall(server: TestServer, domain: string): Promise<void> {
  const f = await openDomain(server, domain, 'w');
  await f.attrs.set('attr1', Array.from('abcdefghij', (c) => c.charCodeAt(0)), { dtype: 'int8' });
  await f.attrs.set('attr2', [[0, 1, 2], [3, 4, 5]], { dtype: '>i4' });
  const d111 = await f.createDataset('g1/g1.1/dset1.1.1', { shape: [10, 10], dtype: '>i4', chunks: [10, 10] });
  await d111.write(undefined, Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => i * j)));
  await d111.attrs.set('attr1', Array.from('1st attribute of dset1.1.1', (c) => c.charCodeAt(0)), { dtype: 'int8' });
  await d111.attrs.set('attr2', Array.from('2nd attribute of dset1.1.1', (c) => c.charCodeAt(0)), { dtype: 'int8' });
  const d112 = await f.createDataset('g1/g1.1/dset1.1.2', { shape: [20], dtype: '>i4', chunks: [20] });
  await d112.write(undefined, Array.from({ length: 20 }, (_, i) => i));
  await f.createExternalLink('g1/g1.2/extlink', 'somefile', 'somepath');
  await f.createGroup('g1/g1.2/g1.2.1');
  await f.createSoftLink('g1/g1.2/g1.2.1/slink', 'somevalue');
  const d21 = await f.createDataset('g2/dset2.1', { shape: [10], dtype: '>f4', chunks: [10] });
  await d21.write(undefined, Array.from({ length: 10 }, (_, i) => 1 + i / 10));
  const d22 = await f.createDataset('g2/dset2.2', { shape: [3, 5], dtype: '>f4', chunks: [3, 5] });
  await d22.write(undefined, Array.from({ length: 3 }, (_, i) => Array.from({ length: 5 }, (_, j) => i * 0.1 + j)));
  await f.close();
}

export const TIMESTAMP = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;

/** No stack trace and exactly one line on stderr. */
export function oneErrorLine(r: CliResult): boolean {
  const lines = r.stderr.split('\n').filter(Boolean);
  return lines.length === 1 && !/\n\s+at /.test(r.stderr);
}

/** A failed run as every hs* tool should fail: the exit status, one line on stderr matching, nothing on stdout. */
export function assertFails(r: CliResult, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit status (stderr: ${r.stderr})`);
  assert.ok(oneErrorLine(r), `one line, no stack trace: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, pattern);
  assert.equal(r.stdout, '');
}
