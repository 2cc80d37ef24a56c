/**
 * Helpers for the hsload / hsget / hsdiff tests: HDF5 files written by h5py (tests/python), the comparison
 * of two files with h5py (compare_hsload.py, built on compare_h5.py), and a server that may read linked
 * files under a link root.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, TestServer } from '../helpers/server.js';
import { startClientServer } from './support.js';

export const SCRIPTS = path.join(REPO, 'tests', 'python');

export function python(script: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('python3', [path.join(SCRIPTS, script), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs an h5py writer script into a new temp directory; returns the directory and the files written. */
export function makeFiles(script: string, ...args: string[]): { dir: string; files: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-hsload-files-'));
  const r = python(script, [dir, ...args]);
  if (r.code !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return { dir, files: r.stdout.trim().split('\n') };
}

/** Compares pairs of files object by object with h5py; `ok` when all pairs are identical. */
export function compareFiles(pairs: [string, string][]): { ok: boolean; report: string } {
  const r = python('compare_hsload.py', pairs.flat());
  return { ok: r.code === 0, report: r.stdout + r.stderr };
}

/** A server that reads linked files under `linkRoot`. */
export function startLinkServer(linkRoot: string): Promise<TestServer> {
  return startClientServer({ env: { H5LAB_LINK_ROOTS: linkRoot } });
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
