/**
 * Engine benchmark (issue "Service engine"): float32 (500,500,200) = 200 MB, chunks (25,100,200),
 * uncompressed. Writes in 20 MB binary slabs, then reads d[i,:,:] planes and d[:,y,x] columns through the
 * REST API of a freshly restarted server (empty chunk cache, warm OS page cache), next to h5py doing the same
 * on a local .h5 file in the same run. Prints figures; asserts nothing about speed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startServer } from '../tests/helpers/server.js';
import { Pool } from 'undici';
import { Api, basic, ensureHome } from '../tests/helpers/http.js';
import { REPO } from '../tests/helpers/server.js';

const SHAPE = [500, 500, 200];
const CHUNKS = [25, 100, 200];
const SLAB_ROWS = 50;
const MB = 1024 * 1024;
/** Measured reads: 50 planes and 50 columns spread over every chunk (deterministic pseudo-random). */
const PLANES = Array.from({ length: 50 }, (_, k) => (k * 211 + 3) % 500);
const COLUMNS = Array.from({ length: 50 }, (_, k) => [(k * 137 + 11) % 500, (k * 71 + 5) % 200]);
/**
 * Reads before measuring (both sides do them), so one-time costs — JIT compilation of the server's hot
 * paths, opening files — are not timed: a server answers many requests, and the anchor is warm too.
 */
const WARMUP_PLANES = Array.from({ length: 50 }, (_, k) => (k * 173 + 7) % 500).filter((i) => !PLANES.includes(i));
const WARMUP_COLUMNS = Array.from({ length: 50 }, (_, k) => [(k * 97 + 31) % 500, (k * 53 + 17) % 200]);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number, bytes: number) => `${ms.toFixed(1).padStart(8)} ms ${((bytes / MB) / (ms / 1000)).toFixed(0).padStart(6)} MB/s`;

const nodeArgs = process.env.H5LAB_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.H5LAB_BENCH_PROFILE}`] : [];

async function main() {
  let server = await startServer({ args: ['--log-level', 'error'], nodeArgs });
  const rootDir = server.rootDir;
  try {
    await ensureHome(server.url);
    const domain = '/home/test_user1/bench_engine.h5';
    let api = new Api(server.url, 'test_user1', 'test', domain);
    await api.put('/');
    const id = (
      await api.post('/datasets', {
        body: { type: 'H5T_IEEE_F32LE', shape: SHAPE, creationProperties: { layout: { class: 'H5D_CHUNKED', dims: CHUNKS } } },
      })
    ).json.id;

    // Slabs are made before timing (the h5py side does the same), then sent as binary PUTs.
    const slabElems = SLAB_ROWS * SHAPE[1] * SHAPE[2];
    const slabs: Float32Array[] = [];
    for (let r = 0; r < SHAPE[0]; r += SLAB_ROWS) {
      const slab = new Float32Array(slabElems);
      const base = r * SHAPE[1] * SHAPE[2];
      for (let i = 0; i < slabElems; i++) slab[i] = base + i;
      slabs.push(slab);
    }
    const writer = new Pool(server.url);
    const auth = basic('test_user1', 'test');
    const t0 = performance.now();
    for (let k = 0; k < slabs.length; k++) {
      const r = k * SLAB_ROWS;
      const w = await writer.request({
        method: 'PUT',
        path: `/datasets/${id}/value?domain=${encodeURIComponent(domain)}&select=${encodeURIComponent(`[${r}:${r + SLAB_ROWS},:,:]`)}`,
        headers: { authorization: auth, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(slabs[k].buffer),
      });
      const text = await w.body.text();
      if (w.statusCode !== 200) throw new Error(`write failed: ${w.statusCode} ${text}`);
    }
    const writeMs = performance.now() - t0;
    await writer.close();

    // Restart: reads start with an empty chunk cache, like h5py opening its file.
    await server.stop();
    server = await startServer({ rootDir, args: ['--log-level', 'error'], nodeArgs });
    api = new Api(server.url, 'test_user1', 'test', domain);
    await api.get(`/datasets/${id}`);

    // Reads go through a keep-alive connection pool (undici), as an SDK client would.
    const pool = new Pool(server.url);
    const readBinary = async (select: string): Promise<Uint8Array> => {
      const r = await pool.request({
        method: 'GET',
        path: `/datasets/${id}/value?domain=${encodeURIComponent(domain)}&select=${encodeURIComponent(select)}`,
        headers: { authorization: auth, accept: 'application/octet-stream' },
      });
      const bytes = new Uint8Array(await r.body.arrayBuffer());
      if (r.statusCode !== 200) throw new Error(`read ${select}: ${r.statusCode}`);
      return bytes;
    };
    for (const i of WARMUP_PLANES) await readBinary(`[${i},:,:]`);
    for (const [y, x] of WARMUP_COLUMNS) await readBinary(`[:,${y},${x}]`);
    const planeMs: number[] = [];
    for (const i of PLANES) {
      const t = performance.now();
      const bytes = await readBinary(`[${i},:,:]`);
      planeMs.push(performance.now() - t);
      if (new DataView(bytes.buffer, bytes.byteOffset).getFloat32(0, true) !== i * SHAPE[1] * SHAPE[2]) throw new Error('bad plane');
    }
    const columnMs: number[] = [];
    for (const [y, x] of COLUMNS) {
      const t = performance.now();
      const bytes = await readBinary(`[:,${y},${x}]`);
      columnMs.push(performance.now() - t);
      if (new DataView(bytes.buffer, bytes.byteOffset).getFloat32(4, true) !== SHAPE[1] * SHAPE[2] + y * SHAPE[2] + x) throw new Error('bad column');
    }
    await pool.close();

    const py = spawnSync('python3', [
      path.join(REPO, 'bench/h5py_anchor.py'),
      PLANES.join(','),
      COLUMNS.map(([y, x]) => `${y}:${x}`).join(','),
      WARMUP_PLANES.join(','),
      WARMUP_COLUMNS.map(([y, x]) => `${y}:${x}`).join(','),
    ], { encoding: 'utf8' });
    if (py.status !== 0) throw new Error(`h5py anchor failed: ${py.stderr}`);
    const anchor = JSON.parse(py.stdout) as { write_ms: number; plane_ms: number[]; column_ms: number[] };

    const total = SHAPE.reduce((a, b) => a * b, 1) * 4;
    const plane = SHAPE[1] * SHAPE[2] * 4;
    const column = SHAPE[0] * 4;
    console.log(`\nengine benchmark: float32 ${SHAPE.join('x')} (${total / MB} MB), chunks ${CHUNKS.join('x')}, uncompressed`);
    console.log(`${'operation'.padEnd(28)}${'h5lab (REST, POSIX store)'.padEnd(30)}h5py (local .h5)`);
    console.log(`${'write, 20 MB slabs'.padEnd(28)}${fmt(writeMs, total).padEnd(30)}${fmt(anchor.write_ms, total)}`);
    console.log(`${'read d[i,:,:] (median)'.padEnd(28)}${fmt(median(planeMs), plane).padEnd(30)}${fmt(median(anchor.plane_ms), plane)}`);
    console.log(`${'read d[:,y,x] (median)'.padEnd(28)}${fmt(median(columnMs), column).padEnd(30)}${fmt(median(anchor.column_ms), column)}`);
    console.log(`ratios (h5lab / h5py): plane ${(median(planeMs) / median(anchor.plane_ms)).toFixed(2)}x, column ${(median(columnMs) / median(anchor.column_ms)).toFixed(2)}x; write ${(total / MB / (writeMs / 1000)).toFixed(0)} MB/s`);
  } finally {
    await server.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
