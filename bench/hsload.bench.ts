/**
 * hsload benchmark (issue "Client SDK and the hs* command-line tools"): hsload and hsload --link (of the
 * local file under a link root, and of the same file in the server's bucket as s3://bucket/key) of a
 * 200 MB (uncompressed) gzip+shuffle .h5 file with 1 MB chunks (which the server, as HSDS, doubles to its
 * 1 MiB minimum, so values are decoded and recompressed), of the same with 2 MB chunks (kept as they are,
 * so chunks travel as stored both ways), of the data uncompressed, and of a file with 5,000 small
 * datasets, each with an attribute; hsget of each loaded domain. Every command runs as the real
 * bin/hs*.js process against a real server on loopback (POSIX store), timed wall clock, beside the time
 * h5py takes to read the same file (every dataset and attribute) in the same run. The "stored" column
 * counts the chunks hsload and hsget moved as stored. Prints figures; asserts nothing about speed.
 *
 * Usage: node lib/bench/hsload.bench.js [FILE...]   (FILE: gzip200, gzip200c2, plain200, many5000; default all)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureHome } from '../tests/helpers/http.js';
import { REPO, startServer } from '../tests/helpers/server.js';

const MB = 1024 * 1024;

/** Wall-clock seconds of a command, and the chunks its --verbose output says went as stored. */
function timed(command: string, args: string[], env: Record<string, string>): { seconds: number; stored: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${path.basename(args[0] ?? command)} failed: ${r.stderr}`);
  const stored = [...r.stdout.matchAll(/(\d+) chunks? (?:copied|written) as (?:stored|the server stores them)/g)].reduce((n, m) => n + Number(m[1]), 0);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, stored };
}

function h5pyRead(file: string): { seconds: number; bytes: number } {
  const r = spawnSync('python3', [path.join(REPO, 'bench', 'h5py_read.py'), file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`h5py read failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { seconds: number; bytes: number };
}

function make(file: string, kind: string, size: number): void {
  const r = spawnSync('python3', [path.join(REPO, 'tests', 'python', 'make_large_file.py'), file, kind, String(size)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`making ${file} failed: ${r.stderr}`);
}

/** make_large_file.py's gzip file with chunks of 512 rows (2 MB) instead of 256. */
function makeGzipBigChunks(file: string, size: number): void {
  const script = `
import sys
import h5py, numpy as np
columns = 1000
rows = int(sys.argv[2]) * 1024 * 1024 // (4 * columns)
rng = np.random.default_rng(7)
with h5py.File(sys.argv[1], "w") as f:
    d = f.create_dataset("data", (rows, columns), dtype="<f4", chunks=(512, columns), compression="gzip", compression_opts=4, shuffle=True)
    for start in range(0, rows, 4096):
        n = min(4096, rows - start)
        ramp = np.arange(start, start + n, dtype="f4")[:, None] * 0.001 + np.arange(columns, dtype="f4") * 0.01
        d[start:start + n] = ramp + rng.standard_normal((n, columns), dtype="f4") * 0.01
`;
  const r = spawnSync('python3', ['-c', script, file, String(size)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`making ${file} failed: ${r.stderr}`);
}

const rate = (bytes: number, seconds: number) => `${(bytes / MB / seconds).toFixed(0)} MB/s`;

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-hsload-bench-'));
  const state = mkdtempSync(path.join(tmpdir(), 'h5lab-hsload-bench-state-'));
  const all = [
    { name: 'gzip200.h5', kind: 'gzip', size: 200, label: '200 MB float32, gzip 4 + shuffle, 1 MB chunks' },
    { name: 'gzip200c2.h5', kind: 'gzip-2mb-chunks', size: 200, label: '200 MB float32, gzip 4 + shuffle, 2 MB chunks' },
    { name: 'plain200.h5', kind: 'plain', size: 200, label: '200 MB float32, no filters' },
    { name: 'many5000.h5', kind: 'many', size: 5000, label: '5,000 small datasets + attributes' },
  ];
  const wanted = process.argv.slice(2);
  const files = wanted.length ? all.filter((f) => wanted.includes(f.name.replace(/\.h5$/, ''))) : all;
  if (files.length === 0) throw new Error(`no such file: ${wanted.join(', ')} (choose from ${all.map((f) => f.name.replace(/\.h5$/, '')).join(', ')})`);
  for (const f of files) {
    if (f.kind === 'gzip-2mb-chunks') makeGzipBigChunks(path.join(dir, f.name), f.size);
    else make(path.join(dir, f.name), f.kind, f.size);
  }
  const server = await startServer({ args: ['--log-level', 'error'], env: { H5LAB_LINK_ROOTS: dir } });
  try {
    await ensureHome(server.url);
    const env = { HS_ENDPOINT: server.url, HS_USERNAME: 'test_user1', HS_PASSWORD: 'test', H5LAB_STATE_DIR: state };
    const bin = (tool: string) => path.join(REPO, 'bin', `${tool}.js`);
    console.log('\nhsload benchmark (wall clock of the command, including start-up; MB of uncompressed values)');
    console.log(`${'file'.padEnd(62)}${'hsload'.padEnd(18)}${'--link file'.padEnd(13)}${'--link s3://'.padEnd(14)}${'hsget'.padEnd(18)}${'stored'.padEnd(10)}h5py read`);
    mkdirSync(path.join(server.rootDir, server.bucket, 'bench'), { recursive: true });
    for (const f of files) {
      const file = path.join(dir, f.name);
      copyFileSync(file, path.join(server.rootDir, server.bucket, 'bench', f.name));
      const anchor = h5pyRead(file);
      const load = timed(process.execPath, [bin('hsload'), '-v', file, `/home/test_user1/bench_${f.name}`], env);
      const link = timed(process.execPath, [bin('hsload'), '--link', file, `/home/test_user1/bench_link_${f.name}`], env);
      const s3 = timed(process.execPath, [bin('hsload'), '--link', `s3://${server.bucket}/bench/${f.name}`, `/home/test_user1/bench_s3_${f.name}`], env);
      const get = timed(process.execPath, [bin('hsget'), '-v', `/home/test_user1/bench_${f.name}`, path.join(dir, `got_${f.name}`)], env);
      const size = `${f.label} (${(statSync(file).size / MB).toFixed(0)} MB file)`;
      console.log(
        `${size.padEnd(62).slice(0, 62)}` +
          `${`${load.seconds.toFixed(2)} s ${rate(anchor.bytes, load.seconds)}`.padEnd(18)}` +
          `${`${link.seconds.toFixed(2)} s`.padEnd(13)}` +
          `${`${s3.seconds.toFixed(2)} s`.padEnd(14)}` +
          `${`${get.seconds.toFixed(2)} s ${rate(anchor.bytes, get.seconds)}`.padEnd(18)}` +
          `${`${load.stored}/${get.stored}`.padEnd(10)}` +
          `${anchor.seconds.toFixed(2)} s ${rate(anchor.bytes, anchor.seconds)}`,
      );
    }
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
