/**
 * Cold start of the Lambda-style handler: a fresh Node process imports src/server/lambda.js and answers its
 * first request (GET /about, then a dataset read) on a POSIX store made beforehand. Prints the process start
 * to first answer, and the in-process part (import + engine creation + first request). Figures only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../tests/helpers/server.js';

const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-coldstart-'));
const probe = path.join(dir, 'probe.mjs');
writeFileSync(
  probe,
  `const t0 = performance.now();
const { handler } = await import(${JSON.stringify(path.join(REPO, 'lib/src/server/lambda.js'))});
const auth = { authorization: 'Basic ' + Buffer.from('alice:x').toString('base64') };
const ev = (method, rawPath, rawQueryString = '', body) => ({ rawPath, rawQueryString, requestContext: { http: { method } }, headers: { ...auth, 'content-type': 'application/json' }, body });
const about = await handler(ev('GET', '/about'));
const tAbout = performance.now();
await handler(ev('PUT', '/', 'domain=/home/c' + process.pid + '.h5'));
const ds = JSON.parse((await handler(ev('POST', '/datasets', 'domain=/home/c' + process.pid + '.h5', JSON.stringify({ type: 'H5T_IEEE_F32LE', shape: [1000] })))).body);
await handler(ev('GET', '/datasets/' + ds.id + '/value', 'domain=/home/c' + process.pid + '.h5&select=[0:10]'));
console.log(JSON.stringify({ first: tAbout - t0, firstRead: performance.now() - t0, status: about.statusCode }));`,
);

const wall: number[] = [];
const first: number[] = [];
const firstRead: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [probe], { encoding: 'utf8', env: { ...process.env, H5LAB_ROOT_DIR: path.join(dir, 'data'), H5LAB_ADMIN_USER: 'alice', H5LAB_LOG_LEVEL: 'error' } });
  wall.push(performance.now() - t);
  if (r.status !== 0) throw new Error(r.stderr);
  const m = JSON.parse(r.stdout.trim().split('\n').pop()!);
  first.push(m.first);
  firstRead.push(m.firstRead);
}
rmSync(dir, { recursive: true, force: true });
console.log(`\nLambda-style cold start (median of ${RUNS} fresh processes, POSIX store)`);
console.log(`  process start → first answer (GET /about):   ${median(wall).toFixed(0)} ms wall for the whole probe`);
console.log(`  in process: import + engine + GET /about:    ${median(first).toFixed(0)} ms`);
console.log(`  in process: … + create domain/dataset, read:  ${median(firstRead).toFixed(0)} ms`);
