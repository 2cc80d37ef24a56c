/**
 * The engine benchmark's workload, shared by bench/engine.bench.ts and bench/scaleout.bench.ts: a float32
 * (500,500,200) = 200 MB dataset with chunks (25,100,200), uncompressed, written in 20 MB binary slabs and
 * read as d[i,:,:] planes and d[:,y,x] columns through a keep-alive connection pool.
 */
import { Pool } from 'undici';
import { Api, basic, ensureHome } from '../tests/helpers/http.js';

export const SHAPE = [500, 500, 200];
export const CHUNKS = [25, 100, 200];
export const SLAB_ROWS = 50;
export const MB = 1024 * 1024;
export const TOTAL_BYTES = SHAPE.reduce((a, b) => a * b, 1) * 4;
export const PLANE_BYTES = SHAPE[1] * SHAPE[2] * 4;
export const COLUMN_BYTES = SHAPE[0] * 4;
/** Measured reads: 50 planes and 50 columns spread over every chunk (deterministic pseudo-random). */
export const PLANES = Array.from({ length: 50 }, (_, k) => (k * 211 + 3) % 500);
export const COLUMNS = Array.from({ length: 50 }, (_, k) => [(k * 137 + 11) % 500, (k * 71 + 5) % 200]);
/**
 * Reads before measuring (the h5py anchor does them too), so one-time costs — JIT compilation of the
 * server's hot paths, opening files — are not timed: a server answers many requests, and the anchor is warm.
 */
export const WARMUP_PLANES = Array.from({ length: 50 }, (_, k) => (k * 173 + 7) % 500).filter((i) => !PLANES.includes(i));
export const WARMUP_COLUMNS = Array.from({ length: 50 }, (_, k) => [(k * 97 + 31) % 500, (k * 53 + 17) % 200]);

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const fmt = (ms: number, bytes: number) => `${ms.toFixed(1).padStart(8)} ms ${(bytes / MB / (ms / 1000)).toFixed(0).padStart(6)} MB/s`;

const auth = basic('test_user1', 'test');

export async function createDataset(url: string, domain: string): Promise<string> {
  await ensureHome(url);
  const api = new Api(url, 'test_user1', 'test', domain);
  const d = await api.put('/');
  if (d.status !== 201) throw new Error(`cannot create ${domain}: ${d.status} ${d.text}`);
  const r = await api.post('/datasets', {
    body: { type: 'H5T_IEEE_F32LE', shape: SHAPE, creationProperties: { layout: { class: 'H5D_CHUNKED', dims: CHUNKS } } },
  });
  if (r.status !== 201) throw new Error(`cannot create the dataset: ${r.status} ${r.text}`);
  return r.json.id;
}

/** Element i holds i (as float32): reads check their first value against that. */
export function makeSlabs(): Float32Array[] {
  const slabElems = SLAB_ROWS * SHAPE[1] * SHAPE[2];
  const slabs: Float32Array[] = [];
  for (let r = 0; r < SHAPE[0]; r += SLAB_ROWS) {
    const slab = new Float32Array(slabElems);
    const base = r * SHAPE[1] * SHAPE[2];
    for (let i = 0; i < slabElems; i++) slab[i] = base + i;
    slabs.push(slab);
  }
  return slabs;
}

/** Writes the slabs in order; returns the elapsed milliseconds. */
export async function writeSlabs(url: string, domain: string, id: string, slabs: Float32Array[]): Promise<number> {
  const pool = new Pool(url);
  try {
    const t0 = performance.now();
    for (let k = 0; k < slabs.length; k++) {
      const r = k * SLAB_ROWS;
      const w = await pool.request({
        method: 'PUT',
        path: `/datasets/${id}/value?domain=${encodeURIComponent(domain)}&select=${encodeURIComponent(`[${r}:${r + SLAB_ROWS},:,:]`)}`,
        headers: { authorization: auth, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(slabs[k].buffer),
      });
      const text = await w.body.text();
      if (w.statusCode !== 200) throw new Error(`write failed: ${w.statusCode} ${text}`);
    }
    return performance.now() - t0;
  } finally {
    await pool.close();
  }
}

export interface ReadTimes {
  planeMs: number[];
  columnMs: number[];
}

/** Warm-up reads, then the measured planes and columns (each checked against the written values). */
export async function readPlanesAndColumns(
  url: string,
  domain: string,
  id: string,
  hooks: { afterWarmup?: () => Promise<void>; afterPlanes?: () => Promise<void> } = {},
): Promise<ReadTimes> {
  const pool = new Pool(url);
  const read = async (select: string): Promise<Uint8Array> => {
    const r = await pool.request({
      method: 'GET',
      path: `/datasets/${id}/value?domain=${encodeURIComponent(domain)}&select=${encodeURIComponent(select)}`,
      headers: { authorization: auth, accept: 'application/octet-stream' },
    });
    const bytes = new Uint8Array(await r.body.arrayBuffer());
    if (r.statusCode !== 200) throw new Error(`read ${select}: ${r.statusCode}`);
    return bytes;
  };
  const first = (b: Uint8Array, k: number) => new DataView(b.buffer, b.byteOffset).getFloat32(k * 4, true);
  try {
    for (const i of WARMUP_PLANES) await read(`[${i},:,:]`);
    for (const [y, x] of WARMUP_COLUMNS) await read(`[:,${y},${x}]`);
    await hooks.afterWarmup?.();
    const planeMs: number[] = [];
    for (const i of PLANES) {
      const t = performance.now();
      const b = await read(`[${i},:,:]`);
      planeMs.push(performance.now() - t);
      if (first(b, 0) !== i * SHAPE[1] * SHAPE[2]) throw new Error('bad plane');
    }
    await hooks.afterPlanes?.();
    const columnMs: number[] = [];
    for (const [y, x] of COLUMNS) {
      const t = performance.now();
      const b = await read(`[:,${y},${x}]`);
      columnMs.push(performance.now() - t);
      if (first(b, 1) !== SHAPE[1] * SHAPE[2] + y * SHAPE[2] + x) throw new Error('bad column');
    }
    return { planeMs, columnMs };
  } finally {
    await pool.close();
  }
}
