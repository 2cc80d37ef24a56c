/**
 * Scale-out benchmark (issue "Object storage and scale-out"): the engine benchmark's workload on the POSIX
 * store and on the S3 test server, with the data node in the service process and with 1 and 2 data-node
 * processes. Prints write throughput, plane and column read times, and storage requests per read (from the
 * data nodes' counters in /info). Figures only.
 */
import { startServer, TestServer } from '../tests/helpers/server.js';
import { startS3Server, S3TestServer } from '../tests/helpers/s3-server.js';
import { Api } from '../tests/helpers/http.js';
import { COLUMN_BYTES, COLUMNS, createDataset, fmt, makeSlabs, MB, median, PLANE_BYTES, PLANES, readPlanesAndColumns, TOTAL_BYTES, writeSlabs } from './workload.js';

interface Row {
  label: string;
  writeMs: number;
  planeMs: number;
  columnMs: number;
  requestsPerPlane: number;
  requestsPerColumn: number;
}

async function storageReads(url: string): Promise<number> {
  const info = (await new Api(url, 'test_user1', 'test').get('/info')).json as { data_nodes: { storage_requests?: Record<string, number> }[] };
  return info.data_nodes.reduce((n, dn) => n + (dn.storage_requests ? dn.storage_requests.get + dn.storage_requests.range : 0), 0);
}

async function run(label: string, dnCount: number, s3?: S3TestServer): Promise<Row> {
  const args = ['--log-level', 'error', ...(dnCount > 0 ? ['--dn-count', String(dnCount)] : [])];
  let server: TestServer = await startServer({ args, s3 });
  const domain = `/home/test_user1/scaleout_${dnCount}_${s3 ? 's3' : 'posix'}.h5`;
  try {
    const id = await createDataset(server.url, domain);
    const writeMs = await writeSlabs(server.url, domain, id, makeSlabs());
    // Restart for empty caches (cluster: service and data nodes).
    const rootDir = server.rootDir;
    await server.stop();
    server = await startServer({ args, s3, rootDir: s3 ? undefined : rootDir });
    const counts: number[] = [];
    const mark = async () => void counts.push(await storageReads(server.url));
    const times = await readPlanesAndColumns(server.url, domain, id, { afterWarmup: mark, afterPlanes: mark });
    await mark();
    return {
      label,
      writeMs,
      planeMs: median(times.planeMs),
      columnMs: median(times.columnMs),
      requestsPerPlane: (counts[1] - counts[0]) / PLANES.length,
      requestsPerColumn: (counts[2] - counts[1]) / COLUMNS.length,
    };
  } finally {
    await server.stop();
    if (!s3) await server.dispose();
  }
}

async function main() {
  const rows: Row[] = [];
  for (const dn of [0, 1, 2]) rows.push(await run(`POSIX, ${dn === 0 ? 'in-process data node' : `${dn} data-node process${dn > 1 ? 'es' : ''}`}`, dn));
  const s3 = await startS3Server();
  try {
    for (const dn of [0, 1, 2]) rows.push(await run(`S3 (s3rver), ${dn === 0 ? 'in-process data node' : `${dn} data-node process${dn > 1 ? 'es' : ''}`}`, dn, s3));
  } finally {
    await s3.dispose();
  }
  console.log(`\nscale-out benchmark: float32 500x500x200 (${TOTAL_BYTES / MB} MB), chunks 25x100x200; medians of ${PLANES.length} reads`);
  console.log(`${'configuration'.padEnd(40)}${'write'.padEnd(26)}${'d[i,:,:]'.padEnd(26)}${'d[:,y,x]'.padEnd(26)}storage reads per plane / column`);
  for (const r of rows)
    console.log(`${r.label.padEnd(40)}${fmt(r.writeMs, TOTAL_BYTES).padEnd(26)}${fmt(r.planeMs, PLANE_BYTES).padEnd(26)}${fmt(r.columnMs, COLUMN_BYTES).padEnd(26)}${r.requestsPerPlane.toFixed(1)} / ${r.requestsPerColumn.toFixed(1)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
