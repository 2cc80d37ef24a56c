// Runs every test suite and ends with one "N passed, N failed" line covering all of them:
//   1. the compiled node tests (lib/src/**/X.test.js, lib/tests/**),
//   2. the Python tests of the Jupyter server extension (src/python, pytest),
//   3. the JupyterLab UI tests (ui-tests/, Playwright with the system chromium, installed with apt if missing).
// `node tests/run.mjs NAME…` runs only the node test files whose path contains one of the names.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

// Tests spawn `python3`: use the project's venv (h5py, numcodecs, jupyterlab) when it exists.
const venvBin = path.resolve('.venv/bin');
const python = existsSync(path.join(venvBin, 'python')) ? path.join(venvBin, 'python') : 'python3';
if (existsSync(venvBin)) process.env.PATH = `${venvBin}${path.delimiter}${process.env.PATH}`;

/** Runs a suite, echoes its output, and returns the output for counting and how long it took. */
function run(title, command, args, env = {}) {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const r = spawnSync(command, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env },
  });
  process.stdout.write(r.stdout ?? '');
  if (r.error) console.log(`cannot run ${command}: ${r.error.message}`);
  return { output: r.stdout ?? '', ok: r.status === 0, seconds: Math.round((Date.now() - started) / 1000) };
}

const count = (text, pattern) => Number(pattern.exec(text)?.[1] ?? 0);
const totals = { passed: 0, failed: 0 };
function add(title, passed, failed, ok, seconds = 0) {
  // A suite that exits non-zero without reporting a failure (crash, no tests found) still counts as one.
  if (!ok && failed === 0) failed = 1;
  totals.passed += passed;
  totals.failed += failed;
  console.log(`${title}: ${passed} passed, ${failed} failed (${seconds} s)`);
}

function nodeTests(filter) {
  let files = [...findTests('lib/src'), ...findTests('lib/tests')].sort();
  if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
  const { output, ok, seconds } = run('node tests', process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files]);
  const failed = count(output, /^\S*\s*fail (\d+)/m) + count(output, /^\S*\s*cancelled (\d+)/m);
  add('node tests', count(output, /^\S*\s*pass (\d+)/m), failed, ok, seconds);
}

function pythonTests() {
  const pythonPath = [path.resolve('src/python'), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  const { output, ok, seconds } = run('python tests', python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'src/python'], {
    PYTHONPATH: pythonPath,
  });
  const summary = output.trim().split('\n').pop() ?? '';
  add('python tests', count(summary, /(\d+) passed/), count(summary, /(\d+) failed/) + count(summary, /(\d+) errors?/), ok, seconds);
}

const CHROMIUM = process.env.H5LAB_CHROMIUM ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
  console.log(`\n== installing chromium (${CHROMIUM} is missing)`);
  const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return apt(['update', '-q']).status === 0 && apt(['install', '-y', '-q', 'chromium']).status === 0 && existsSync(CHROMIUM);
}

function uiTests() {
  if (!ensureChromium()) {
    console.log(`\n== UI tests: no chromium at ${CHROMIUM} (install it, or set H5LAB_CHROMIUM)`);
    add('UI tests', 0, 1, false);
    return;
  }
  const cli = path.resolve('node_modules/@playwright/test/cli.js');
  // The lab's HOME, store and served folder live here for the run only.
  const scratch = mkdtempSync(path.join(tmpdir(), 'h5lab-ui-'));
  const { output, ok, seconds } = run('UI tests', process.execPath, [cli, 'test', '-c', 'ui-tests/playwright.config.ts'], {
    H5LAB_CHROMIUM: CHROMIUM,
    H5LAB_UI_TMP: scratch,
  });
  rmSync(scratch, { recursive: true, force: true });
  const summary = [...output.matchAll(/^(\d+) passed, (\d+) failed, \d+ skipped$/gm)].pop();
  add('UI tests', Number(summary?.[1] ?? 0), Number(summary?.[2] ?? 0), ok, seconds);
}

const filter = process.argv.slice(2);
nodeTests(filter);
if (!filter.length) {
  pythonTests();
  uiTests();
}
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
