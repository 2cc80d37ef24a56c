/**
 * Scale-out: one service node and three data-node processes. Several clients run a bounded read/write load;
 * one data node is killed with SIGKILL mid-load. Every request must succeed (a client may retry a 503 once,
 * as h5pyd does), every acknowledged write must read back, and the restarted node must rejoin.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../helpers/server.js';
import { Api, Answer, ensureHome, uniqueDomain } from '../helpers/http.js';

const SLOTS = 240;
const CLIENTS = 4;

async function withRetry(f: () => Promise<Answer>): Promise<Answer> {
  const first = await f();
  if (first.status !== 503) return first;
  await new Promise((r) => setTimeout(r, 300));
  return f();
}

describe('data-node cluster', () => {
  it('survives the loss of a data node mid-load and takes it back', async () => {
    const server = await startServer({ args: ['--dn-count', '3'], env: { H5LAB_MIN_CHUNK_SIZE: '64' } });
    try {
      await ensureHome(server.url);
      const api = new Api(server.url, 'test_user1', 'test', uniqueDomain('cluster'));
      const root = (await api.put('/')).json.root;
      const info = await api.get('/info');
      assert.equal(info.json.data_nodes.filter((n: { state: string }) => n.state === 'READY').length, 3);
      const id = (await api.post('/datasets', { body: { type: 'H5T_STD_I32LE', shape: [SLOTS * 4], creationProperties: { layout: { class: 'H5D_CHUNKED', dims: [8] } } } })).json.id;

      const acked = new Set<number>();
      const failures: string[] = [];
      let killed = false;
      const client = async (c: number) => {
        for (let s = c; s < SLOTS; s += CLIENTS) {
          const body = new Int32Array(4).fill(s + 1);
          const w = await withRetry(() => api.put(`/datasets/${id}/value`, { query: { select: `[${s * 4}:${s * 4 + 4}]` }, binary: new Uint8Array(body.buffer) }));
          if (w.status === 200) acked.add(s);
          else failures.push(`write ${s}: ${w.status} ${w.reason}`);
          const r = await withRetry(() => api.get(`/datasets/${id}/value`, { query: { select: `[${s * 4}:${s * 4 + 4}]` } }));
          if (r.status !== 200) failures.push(`read ${s}: ${r.status} ${r.reason}`);
          else if (w.status === 200) assert.deepEqual(r.json.value, [s + 1, s + 1, s + 1, s + 1]);
          if (s % 20 === c) {
            const a = await withRetry(() => api.put(`/groups/${root}/attributes/a${s}`, { body: { type: 'H5T_STD_I32LE', value: s } }));
            if (a.status !== 201) failures.push(`attribute ${s}: ${a.status} ${a.reason}`);
          }
          if (!killed && s > SLOTS / 3) {
            killed = true;
            const nodes = (await api.get('/info')).json.data_nodes as { pid: number }[];
            process.kill(nodes[1].pid, 'SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
      assert.ok(killed);
      assert.deepEqual(failures, [], 'no request failed');
      assert.equal(acked.size, SLOTS);

      const all = await api.get(`/datasets/${id}/value`);
      for (let s = 0; s < SLOTS; s++) assert.deepEqual(all.json.value.slice(s * 4, s * 4 + 4), [s + 1, s + 1, s + 1, s + 1], `slot ${s}`);

      // The killed node is restarted and rejoins.
      let ready = 0;
      for (let i = 0; i < 100 && ready < 3; i++) {
        await new Promise((r) => setTimeout(r, 200));
        ready = (await api.get('/info')).json.data_nodes.filter((n: { state: string }) => n.state === 'READY').length;
      }
      assert.equal(ready, 3, 'the restarted data node rejoined');
      const after = await api.get(`/datasets/${id}/value`);
      assert.deepEqual(after.json.value, all.json.value);
      const g = await api.get(`/groups/${root}`, { query: { include_attrs: 1 } });
      assert.equal(Object.keys(g.json.attributes).length, (SLOTS / 20) * CLIENTS);
    } finally {
      await server.dispose();
    }
  });

  it('reads the chunks of a selection with one call per data node, unwritten ones as the fill value', async () => {
    const CHUNKS = 40;
    const server = await startServer({ args: ['--dn-count', '2'], env: { H5LAB_MIN_CHUNK_SIZE: '64' } });
    try {
      await ensureHome(server.url);
      const api = new Api(server.url, 'test_user1', 'test', uniqueDomain('grouped'));
      await api.put('/');
      const id = (
        await api.post('/datasets', {
          body: { type: 'H5T_IEEE_F64LE', shape: [CHUNKS * 16], creationProperties: { fillValue: -1, layout: { class: 'H5D_CHUNKED', dims: [16] } } },
        })
      ).json.id;
      // Every chunk but the last is written.
      const written = Float64Array.from({ length: (CHUNKS - 1) * 16 }, (_, i) => i * 0.5);
      assert.equal((await api.put(`/datasets/${id}/value`, { query: { select: `[0:${written.length}]` }, binary: new Uint8Array(written.buffer) })).status, 200);
      const calls = async () => ((await api.get('/info')).json.data_nodes as { calls: number }[]).reduce((sum, n) => sum + n.calls, 0);
      await api.get(`/datasets/${id}`);
      const before = await calls();
      const r = await api.get(`/datasets/${id}/value`, { accept: 'binary' });
      const made = (await calls()) - before;
      assert.equal(r.status, 200);
      const values = new Float64Array(r.bytes.slice().buffer);
      assert.deepEqual(Array.from(values.subarray(0, written.length)), Array.from(written));
      assert.deepEqual(Array.from(values.subarray(written.length)), new Array(16).fill(-1));
      // 40 chunks over 2 nodes: one grouped call each, plus at most the dataset's metadata.
      assert.ok(made <= 4, `${made} data-node calls for ${CHUNKS} chunks`);
    } finally {
      await server.dispose();
    }
  });
});
