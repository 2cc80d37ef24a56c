/**
 * Engine benchmark (issue "Service engine"): float32 (500,500,200) = 200 MB, chunks (25,100,200),
 * uncompressed. Writes in 20 MB binary slabs, then reads d[i,:,:] planes and d[:,y,x] columns through the
 * REST API of a freshly restarted server (empty chunk cache, warm OS page cache), next to h5py doing the same
 * on a local .h5 file in the same run. Prints figures; asserts nothing about speed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO, startServer } from '../tests/helpers/server.js';
import {
  CHUNKS, COLUMN_BYTES, COLUMNS, createDataset, fmt, makeSlabs, MB, median, PLANE_BYTES, PLANES, readPlanesAndColumns,
  SHAPE, TOTAL_BYTES, WARMUP_COLUMNS, WARMUP_PLANES, writeSlabs,
} from './workload.js';

const nodeArgs = process.env.H5LAB_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.H5LAB_BENCH_PROFILE}`] : [];

async function main() {
  let server = await startServer({ args: ['--log-level', 'error'], nodeArgs });
  const rootDir = server.rootDir;
  const domain = '/home/test_user1/bench_engine.h5';
  try {
    const id = await createDataset(server.url, domain);
    // Slabs are made before timing (the h5py side does the same).
    const writeMs = await writeSlabs(server.url, domain, id, makeSlabs());

    // Restart: reads start with an empty chunk cache, like h5py opening its file.
    await server.stop();
    server = await startServer({ rootDir, args: ['--log-level', 'error'], nodeArgs });
    const { planeMs, columnMs } = await readPlanesAndColumns(server.url, domain, id);

    const py = spawnSync('python3', [
      path.join(REPO, 'bench/h5py_anchor.py'),
      PLANES.join(','),
      COLUMNS.map(([y, x]) => `${y}:${x}`).join(','),
      WARMUP_PLANES.join(','),
      WARMUP_COLUMNS.map(([y, x]) => `${y}:${x}`).join(','),
    ], { encoding: 'utf8' });
    if (py.status !== 0) throw new Error(`h5py anchor failed: ${py.stderr}`);
    const anchor = JSON.parse(py.stdout) as { write_ms: number; plane_ms: number[]; column_ms: number[] };

    console.log(`\nengine benchmark: float32 ${SHAPE.join('x')} (${TOTAL_BYTES / MB} MB), chunks ${CHUNKS.join('x')}, uncompressed`);
    console.log(`${'operation'.padEnd(28)}${'h5lab (REST, POSIX store)'.padEnd(30)}h5py (local .h5)`);
    console.log(`${'write, 20 MB slabs'.padEnd(28)}${fmt(writeMs, TOTAL_BYTES).padEnd(30)}${fmt(anchor.write_ms, TOTAL_BYTES)}`);
    console.log(`${'read d[i,:,:] (median)'.padEnd(28)}${fmt(median(planeMs), PLANE_BYTES).padEnd(30)}${fmt(median(anchor.plane_ms), PLANE_BYTES)}`);
    console.log(`${'read d[:,y,x] (median)'.padEnd(28)}${fmt(median(columnMs), COLUMN_BYTES).padEnd(30)}${fmt(median(anchor.column_ms), COLUMN_BYTES)}`);
    console.log(`ratios (h5lab / h5py): plane ${(median(planeMs) / median(anchor.plane_ms)).toFixed(2)}x, column ${(median(columnMs) / median(anchor.column_ms)).toFixed(2)}x; write ${(TOTAL_BYTES / MB / (writeMs / 1000)).toFixed(0)} MB/s`);
  } finally {
    await server.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
