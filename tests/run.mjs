// Runs every compiled test file with node's test runner and ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function findTests(dir) {
  const out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

// Tests spawn `python3`: use the project's venv (h5py, numcodecs) when it exists.
const venvBin = path.resolve('.venv/bin');
try {
  statSync(venvBin);
  process.env.PATH = `${venvBin}${path.delimiter}${process.env.PATH}`;
} catch {
  // no venv: use the system python3
}

const filter = process.argv.slice(2);
let files = [...findTests('lib/src'), ...findTests('lib/tests')].sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  maxBuffer: 1 << 30,
});
process.stdout.write(r.stdout);
const num = (label) => Number((new RegExp(`^\\S*\\s*${label} (\\d+)`, 'm').exec(r.stdout) ?? [])[1] ?? 0);
const passed = num('pass');
const failed = num('fail') + num('cancelled');
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
