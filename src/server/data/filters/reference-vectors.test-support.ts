/**
 * Test support: reference chunk bytes produced by the real libraries through
 * tests/python/make_filter_vectors.py, and HSDS's read path (in Python) to check bytes h5lab writes.
 *
 * Environment: H5LAB_PYTHON (default python3, with numcodecs and h5py) makes the `hsds` and `hdf5` sets.
 * H5LAB_PLUGIN_PYTHON (default /usr/bin/python3) with HDF5_PLUGIN_PATH (default Debian's serial plugin
 * directory) makes the `bitshuffle` and `plugins` sets; when those are unavailable the sets report why.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FilterJson } from './definitions.js';
import type { Hdf5Filter } from './hdf5-pipeline.js';

const run = promisify(execFile);

/** lib/src/server/data/filters → repository root. */
const SCRIPT = fileURLToPath(new URL('../../../../../tests/python/make_filter_vectors.py', import.meta.url));
const PYTHON = process.env.H5LAB_PYTHON ?? 'python3';
const PLUGIN_PYTHON = process.env.H5LAB_PLUGIN_PYTHON ?? '/usr/bin/python3';
const PLUGIN_PATH = process.env.HDF5_PLUGIN_PATH ?? '/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins';

export type VectorSet = 'hsds' | 'bitshuffle' | 'hdf5' | 'plugins';

export interface Vector {
  name: string;
  raw: Uint8Array;
  stored: Uint8Array;
  itemSize: number;
  /** HSDS storage vectors */
  filters?: FilterJson[];
  isVlen?: boolean;
  /** HDF5 file vectors */
  pipeline?: Hdf5Filter[];
  filterMask?: number;
}

export interface LoadedSet {
  vectors: Vector[];
  /** Why the set is empty, when the generating environment lacks a library or plugin. */
  unavailable?: string;
}

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export async function loadVectorSet(set: VectorSet): Promise<LoadedSet> {
  const usesPlugins = set === 'bitshuffle' || set === 'plugins';
  const python = usesPlugins ? PLUGIN_PYTHON : PYTHON;
  if (usesPlugins && !existsSync(python)) return { vectors: [], unavailable: `${python} not found` };
  const dir = await mkdtemp(join(tmpdir(), 'h5lab-filter-vectors-'));
  try {
    const env = usesPlugins ? { ...process.env, HDF5_PLUGIN_PATH: PLUGIN_PATH } : process.env;
    try {
      await run(python, [SCRIPT, 'vectors', '--set', set, '--out', dir], { env });
    } catch (e) {
      // Only the optional plugin environment may be missing; the main one is part of the dev setup.
      if (usesPlugins) return { vectors: [], unavailable: `${python} could not make vectors: ${(e as Error).message}` };
      throw e;
    }
    const parsed = JSON.parse(await readFile(join(dir, `${set}.json`), 'utf8')) as {
      vectors: Array<Record<string, unknown>>;
      missing: string[];
    };
    const vectors = parsed.vectors.map((v) => ({
      ...(v as unknown as Vector),
      raw: fromBase64(v.raw as string),
      stored: fromBase64(v.stored as string),
    }));
    return parsed.missing.length > 0 ? { vectors, unavailable: parsed.missing.join('; ') } : { vectors };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface WrittenChunk {
  name: string;
  filters: FilterJson[];
  itemSize: number;
  isVlen: boolean;
  raw: Uint8Array;
  stored: Uint8Array;
}

/** Decode each chunk with HSDS's read path (numcodecs + zlib); returns name → "ok" or the failure. */
export async function decodeAsHsds(chunks: WrittenChunk[]): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'h5lab-filter-check-'));
  try {
    const file = join(dir, 'chunks.json');
    const cases = chunks.map((c) => ({
      ...c,
      raw: Buffer.from(c.raw).toString('base64'),
      stored: Buffer.from(c.stored).toString('base64'),
    }));
    await writeFile(file, JSON.stringify(cases));
    const { stdout } = await run(PYTHON, [SCRIPT, 'check', file], { maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout) as Record<string, string>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
