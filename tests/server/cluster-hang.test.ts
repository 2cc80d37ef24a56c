/**
 * A data node that hangs (SIGSTOP: a frozen VM, a stuck process) while it holds writes: the service node
 * gives its keys to the other node and the write is retried there; later writes go there too. When the hung
 * node wakes it must not finish the writes it was holding — they would overwrite newer data — and it must
 * rejoin the cluster.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../helpers/server.js';
import { Api, ensureHome, uniqueDomain } from '../helpers/http.js';

const N = 64;

interface NodeState {
  pid: number;
  state: string;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('data-node cluster with a hung node', () => {
  it('does not let a node that wakes up overwrite newer writes, and takes it back', async () => {
    const server = await startServer({ args: ['--dn-count', '2'], env: { H5LAB_MIN_CHUNK_SIZE: '8' } });
    let stopped: number | undefined;
    try {
      await ensureHome(server.url);
      const api = new Api(server.url, 'test_user1', 'test', uniqueDomain('hang'));
      await api.put('/');
      const id = (await api.post('/datasets', { body: { type: 'H5T_STD_I32LE', shape: [N], creationProperties: { layout: { class: 'H5D_CHUNKED', dims: [4] } } } })).json.id;
      const nodes = async () => (await api.get('/info')).json.data_nodes as NodeState[];
      const fill = (v: number) => new Uint8Array(new Int32Array(N).fill(v).buffer);
      assert.equal((await api.put(`/datasets/${id}/value`, { binary: fill(1) })).status, 200);

      // Freeze one node, then write: the chunks it owns wait in its socket.
      stopped = (await nodes())[0].pid;
      process.kill(stopped, 'SIGSTOP');
      const first = await api.put(`/datasets/${id}/value`, { binary: fill(2) });
      assert.equal(first.status, 200, `the write is retried on the other node: ${first.text}`);
      assert.deepEqual((await nodes()).map((n) => n.state).sort(), ['DOWN', 'READY']);
      assert.equal((await api.put(`/datasets/${id}/value`, { binary: fill(3) })).status, 200);

      // Wake it: it must not apply the writes it held (value 2) over the newer ones (value 3).
      process.kill(stopped, 'SIGCONT');
      stopped = undefined;
      await waitFor('the node rejoins', async () => (await nodes()).every((n) => n.state === 'READY'));
      await new Promise((r) => setTimeout(r, 1000));
      const v = await api.get(`/datasets/${id}/value`);
      assert.equal(v.status, 200);
      assert.deepEqual(v.json.value, new Array(N).fill(3));
      // And it works again as an owner.
      assert.equal((await api.put(`/datasets/${id}/value`, { binary: fill(4) })).status, 200);
      assert.deepEqual((await api.get(`/datasets/${id}/value`)).json.value, new Array(N).fill(4));
    } finally {
      if (stopped !== undefined) process.kill(stopped, 'SIGCONT');
      await server.dispose();
    }
  });
});
