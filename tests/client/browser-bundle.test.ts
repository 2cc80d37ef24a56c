/**
 * The SDK must run in a browser: bundled from src/client/index.ts for platform=browser it may not pull in
 * any Node module, and the bundle must work against the real server with nothing but browser globals
 * (fetch, URL, TextEncoder, …) — no require, no process, no Buffer.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { REPO, TestServer } from '../helpers/server.js';
import { startClientServer, uniqueDomain } from './support.js';

describe('browser bundle of the client SDK', () => {
  let server: TestServer;
  let code: string;
  let inputs: string[];

  before(async () => {
    server = await startClientServer();
    const result = await build({
      entryPoints: [path.join(REPO, 'src/client/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'h5lab',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    code = result.outputFiles[0].text;
    inputs = Object.keys(result.metafile.inputs);
  });
  after(() => server?.dispose());

  it('bundles without Node modules', () => {
    assert.ok(inputs.length > 10);
    assert.deepEqual(inputs.filter((f) => !/^src\/(client|core)\/[\w-]+\.ts$/.test(f)), [], 'only client and core sources');
    assert.ok(!inputs.some((f) => f.startsWith('src/client/node/')));
    assert.doesNotMatch(code, /\brequire\(|["']node:|\bprocess\.|\bBuffer\b/);
  });

  it('works against the server with browser globals only', async () => {
    const sandbox = {
      fetch: globalThis.fetch,
      URL,
      URLSearchParams,
      TextEncoder,
      TextDecoder,
      AbortController,
      AbortSignal,
      setTimeout,
      clearTimeout,
      structuredClone,
      console,
    };
    const context = vm.createContext(sandbox);
    vm.runInContext(code, context);
    const domain = uniqueDomain('browser');
    const run = vm.runInContext(
      `(async (endpoint, domain) => {
        if (typeof require !== 'undefined' || typeof process !== 'undefined' || typeof Buffer !== 'undefined') throw new Error('not a browser-like sandbox');
        const { File, toNested } = h5lab;
        const opts = { endpoint, username: 'test_user1', password: 'test' };
        const f = await File.open(domain, 'w', opts);
        const d = await f.createDataset('grid', { data: [[1, 2, 3], [4, 5, 6]], dtype: 'i8' });
        await d.attrs.set('units', 'K');
        await f.createGroup('g/h');
        const r = await File.open(domain, 'r', opts);
        const grid = await r.get('grid');
        const part = await grid.read('[:, 1:]');
        return {
          keys: await r.keys(),
          values: toNested(part).map((row) => row.map(String)),
          kind: part.data.constructor.name,
          units: await grid.attrs.get('units'),
        };
      })`,
      context,
    );
    const out = await run(server.url, domain);
    assert.deepEqual(JSON.parse(JSON.stringify(out)), { keys: ['g', 'grid'], values: [['2', '3'], ['5', '6']], kind: 'BigInt64Array', units: 'K' });
  });
});
