/**
 * hsload benchmark (issue "Client SDK and the hs* command-line tools"): hsload and hsload --link (of the
 * local file under a link root, and of the same file in the server's bucket as s3://bucket/key) of a
 * 200 MB (uncompressed) gzip+shuffle .h5 file, of the same data uncompressed, and of a file with 5,000
 * small datasets, each with an attribute; hsget of each loaded domain. Every command runs as the
 * real bin/hs*.js process against a real server on loopback (POSIX store), timed wall clock, beside the
 * time h5py takes to read the same file (every dataset and attribute) in the same run. Prints figures;
 * asserts nothing about speed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureHome } from '../tests/helpers/http.js';
import { REPO, startServer } from '../tests/helpers/server.js';

const MB = 1024 * 1024;

function timed(command: string, args: string[], env: Record<string, string>): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${path.basename(args[0] ?? command)} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
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

const rate = (bytes: number, seconds: number) => `${(bytes / MB / seconds).toFixed(0)} MB/s`;

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-hsload-bench-'));
  const state = mkdtempSync(path.join(tmpdir(), 'h5lab-hsload-bench-state-'));
  const files = [
    { name: 'gzip200.h5', kind: 'gzip', size: 200, label: '200 MB float32, gzip 4 + shuffle' },
    { name: 'plain200.h5', kind: 'plain', size: 200, label: '200 MB float32, no filters' },
    { name: 'many5000.h5', kind: 'many', size: 5000, label: '5,000 small datasets + attributes' },
  ];
  for (const f of files) make(path.join(dir, f.name), f.kind, f.size);
  const server = await startServer({ args: ['--log-level', 'error'], env: { H5LAB_LINK_ROOTS: dir } });
  try {
    await ensureHome(server.url);
    const env = { HS_ENDPOINT: server.url, HS_USERNAME: 'test_user1', HS_PASSWORD: 'test', H5LAB_STATE_DIR: state };
    const bin = (tool: string) => path.join(REPO, 'bin', `${tool}.js`);
    console.log('\nhsload benchmark (wall clock of the command, including start-up; MB of uncompressed values)');
    console.log(`${'file'.padEnd(44)}${'hsload'.padEnd(18)}${'--link file'.padEnd(13)}${'--link s3://'.padEnd(14)}${'hsget'.padEnd(18)}h5py read`);
    mkdirSync(path.join(server.rootDir, server.bucket, 'bench'), { recursive: true });
    for (const f of files) {
      const file = path.join(dir, f.name);
      copyFileSync(file, path.join(server.rootDir, server.bucket, 'bench', f.name));
      const anchor = h5pyRead(file);
      const load = timed(process.execPath, [bin('hsload'), file, `/home/test_user1/bench_${f.name}`], env);
      const link = timed(process.execPath, [bin('hsload'), '--link', file, `/home/test_user1/bench_link_${f.name}`], env);
      const s3 = timed(process.execPath, [bin('hsload'), '--link', `s3://${server.bucket}/bench/${f.name}`, `/home/test_user1/bench_s3_${f.name}`], env);
      const get = timed(process.execPath, [bin('hsget'), `/home/test_user1/bench_${f.name}`, path.join(dir, `got_${f.name}`)], env);
      const size = `${f.label} (${(statSync(file).size / MB).toFixed(0)} MB file)`;
      console.log(
        `${size.padEnd(44).slice(0, 44)}` +
          `${`${load.toFixed(2)} s ${rate(anchor.bytes, load)}`.padEnd(18)}` +
          `${`${link.toFixed(2)} s`.padEnd(13)}` +
          `${`${s3.toFixed(2)} s`.padEnd(14)}` +
          `${`${get.toFixed(2)} s ${rate(anchor.bytes, get)}`.padEnd(18)}` +
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
