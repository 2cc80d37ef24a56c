/**
 * UI tests: a real JupyterLab (from .venv) with the built extension and the h5lab server extension enabled
 * through jupyter-config/, in a temporary HOME (so ~/.hscfg and the settings are the test's own), driven by
 * the system's chromium.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, PlaywrightTestConfig } from '@playwright/test';
import galataDefaults from '@jupyterlab/galata/lib/playwright-config.js';

// galata ships this file without types.
const galataConfig = galataDefaults as PlaywrightTestConfig;

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');

// Playwright loads this file again in every worker: values are made once, in the runner, and reach the
// workers (and jupyter-lab) through the environment they inherit.
function once(name: string, make: () => string): string {
  process.env[name] ??= make();
  return process.env[name]!;
}

const freePort = (): string =>
  execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();

/** A new folder in the run's scratch folder (H5LAB_UI_TMP, which tests/run.mjs removes afterwards). */
function scratchDir(name: string): string {
  const scratch = once('H5LAB_UI_TMP', () => mkdtempSync(path.join(tmpdir(), 'h5lab-ui-')));
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const port = once('H5LAB_UI_PORT', freePort);
const token = once('H5LAB_UI_TOKEN', () => randomBytes(16).toString('hex'));
const home = once('H5LAB_UI_HOME', () => scratchDir('home'));
once('H5LAB_UI_STORE', () => scratchDir('store'));
once('JUPYTERLAB_GALATA_ROOT_DIR', () => scratchDir('root'));
const python = process.env.H5LAB_PYTHON ?? path.join(repo, '.venv', 'bin', 'python');
const baseURL = `http://127.0.0.1:${port}`;
const prepend = (value: string, rest: string | undefined): string => [value, rest].filter(Boolean).join(path.delimiter);

export default defineConfig({
  ...galataConfig,
  testDir: 'tests',
  outputDir: 'test-results',
  // galata's base config picks the 'github' reporter under CI, which prints no summary line.
  reporter: [['list'], ['./summary-reporter.ts']],
  workers: 1,
  retries: 0,
  timeout: 60_000,
  use: {
    ...galataConfig.use,
    baseURL,
    extraHTTPHeaders: { Authorization: `token ${token}` },
    screenshot: 'on',
    video: 'off',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.H5LAB_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--disable-background-networking'],
    },
  },
  webServer: {
    command: `${python} -m jupyterlab --config jupyter_server_test_config.py`,
    cwd: here,
    url: `${baseURL}/api`,
    env: {
      ...(process.env as Record<string, string>),
      HOME: home,
      PYTHONPATH: prepend(path.join(repo, 'src', 'python'), process.env.PYTHONPATH),
      JUPYTER_CONFIG_PATH: prepend(path.join(repo, 'jupyter-config'), process.env.JUPYTER_CONFIG_PATH),
    },
    reuseExistingServer: false,
    timeout: 90_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
