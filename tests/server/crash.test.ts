/**
 * Durability: kill -9 the server while several clients stream writes (values into shared chunks, attributes,
 * links), restart it on the same directory, and check that everything acknowledged is there and that no stored
 * object is torn (every chunk and JSON object still reads).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../helpers/server.js';
import { Api, ensureHome, uniqueDomain } from '../helpers/http.js';

const SLOT = 7; // elements per write: writes straddle chunk boundaries (chunks hold 16 elements)
const SLOTS = 600;

describe('crash safety', () => {
  it('keeps every acknowledged write across kill -9', async () => {
    let server = await startServer({ env: { H5LAB_MIN_CHUNK_SIZE: '64' } });
    const rootDir = server.rootDir;
    try {
      await ensureHome(server.url);
      const domain = uniqueDomain('crash');
      let api = new Api(server.url, 'test_user1', 'test', domain);
      const root = (await api.put('/')).json.root;
      const ds = await api.post('/datasets', {
        body: { type: 'H5T_STD_I32LE', shape: [SLOT * SLOTS], creationProperties: { layout: { class: 'H5D_CHUNKED', dims: [16] } } },
      });
      assert.equal(ds.status, 201);
      const id = ds.json.id;
      assert.equal((await api.put(`/groups/${root}/links/data`, { body: { id } })).status, 201);

      const ackedSlots: number[] = [];
      const ackedAttrs: string[] = [];
      const ackedLinks: string[] = [];
      let stop = false;
      const writer = async (first: number) => {
        for (let s = first; s < SLOTS && !stop; s += 4) {
          const body = new Int32Array(SLOT).fill(s + 1);
          try {
            const r = await api.put(`/datasets/${id}/value`, { query: { select: `[${s * SLOT}:${(s + 1) * SLOT}]` }, binary: new Uint8Array(body.buffer) });
            if (r.status === 200) ackedSlots.push(s);
            if (s % 10 === first) {
              const a = await api.put(`/groups/${root}/attributes/a${s}`, { body: { type: 'H5T_STD_I32LE', shape: 'H5S_SCALAR', value: s } });
              if (a.status === 201) ackedAttrs.push(`a${s}`);
              const g = await api.post('/groups', { body: { link: { id: root, name: `g${s}` } } });
              if (g.status === 201) ackedLinks.push(`g${s}`);
            }
          } catch {
            return; // connection refused/reset after the kill
          }
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      // Let writes flow, then pull the plug without warning.
      await new Promise((r) => setTimeout(r, 1500));
      await server.kill();
      stop = true;
      await Promise.all(writers);
      assert.ok(ackedSlots.length > 20, `only ${ackedSlots.length} writes were acknowledged before the kill`);
      assert.ok(ackedAttrs.length > 0 && ackedLinks.length > 0, 'metadata writes were acknowledged before the kill');

      server = await startServer({ rootDir, env: { H5LAB_MIN_CHUNK_SIZE: '64' } });
      api = new Api(server.url, 'test_user1', 'test', domain);
      const all = await api.get(`/datasets/${id}/value`, { accept: 'binary' });
      assert.equal(all.status, 200, 'every chunk still decodes');
      const values = new Int32Array(all.bytes.slice().buffer);
      for (const s of ackedSlots) {
        for (let k = 0; k < SLOT; k++) assert.equal(values[s * SLOT + k], s + 1, `acknowledged slot ${s} lost`);
      }
      // Unacknowledged slots hold either nothing or their own value, never another slot's.
      for (let s = 0; s < SLOTS; s++) {
        for (let k = 0; k < SLOT; k++) assert.ok(values[s * SLOT + k] === 0 || values[s * SLOT + k] === s + 1);
      }
      const g = await api.get(`/groups/${root}`, { query: { include_links: 1, include_attrs: 1 } });
      assert.equal(g.status, 200, 'root group JSON still parses');
      for (const a of ackedAttrs) assert.ok(a in g.json.attributes, `acknowledged attribute ${a} lost`);
      for (const l of ackedLinks) assert.ok(l in g.json.links, `acknowledged link ${l} lost`);
      // No temp file of an interrupted write is left among the objects.
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [e.name]));
      for (const name of walk(path.join(rootDir, server.bucket))) assert.ok(!/tmp/i.test(name), `stray file ${name}`);
    } finally {
      await server.dispose();
    }
  });
});
