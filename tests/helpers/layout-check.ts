/** The independent check of a bucket's storage layout (tests/python/check_hsds_layout.py), run from the tests. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './server.js';

const run = promisify(execFile);
const PYTHON = process.env.H5LAB_PYTHON ?? 'python3';
const CHECKER = path.join(REPO, 'tests', 'python', 'check_hsds_layout.py');

export interface CheckReport {
  errors: string[];
  checked: Record<string, number>;
  chunk_decoding: Record<string, number>;
}

/**
 * Checks the bucket under `rootDir` against what `expectFile` says it holds. The checker's exit status 1
 * (errors found) still yields the report.
 */
export async function checkLayout(rootDir: string, expectFile: string): Promise<CheckReport> {
  try {
    const { stdout } = await run(PYTHON, [CHECKER, rootDir, expectFile], { maxBuffer: 64 << 20 });
    return JSON.parse(stdout) as CheckReport;
  } catch (e) {
    const stdout = (e as { stdout?: string }).stdout;
    if (!stdout) throw e;
    return JSON.parse(stdout) as CheckReport;
  }
}
