/**
 * Starts the real `h5lab serve` as a child process on a free loopback port with a temporary root dir, the
 * HSDS test accounts (admin/admin, test_user1/test, test_user2/test) and group `test_group`.
 *
 * With H5LAB_TEST_STORE=s3 in the environment (or an `s3` option) the engine stores in a bucket of a real S3
 * server on loopback instead (see s3-server.ts): the same suites then run against the S3 store.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForLine } from './processes.js';
import { S3TestServer, startS3Server } from './s3-server.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const H5LAB_BIN = path.join(REPO, 'bin', 'h5lab.js');

export const USERS: Record<string, string> = { admin: 'admin', test_user1: 'test', test_user2: 'test' };

/** Read access to what the engine stored, whichever the store. */
export interface StoredObjects {
  /** Every key of the server's bucket (under a prefix), in S3 key order. */
  keys(prefix?: string): Promise<string[]>;
  read(key: string): Promise<Uint8Array | undefined>;
}

export interface TestServer {
  url: string;
  /** POSIX root dir; with the S3 store, the S3 test server's data dir (not in the engine's layout). */
  rootDir: string;
  bucket: string;
  store: 'posix' | 's3';
  /** The S3 server the engine stores in, with the S3 store. */
  s3?: S3TestServer;
  storage: StoredObjects;
  proc: ChildProcess;
  /** Graceful stop (SIGTERM), keeping the root dir. */
  stop(): Promise<void>;
  /** kill -9, keeping the root dir. */
  kill(): Promise<void>;
  /** Stop and remove the root dir (and the S3 server the engine was started with, unless passed in). */
  dispose(): Promise<void>;
}

export interface ServerOptions {
  rootDir?: string;
  bucket?: string;
  args?: string[];
  env?: Record<string, string>;
  users?: Record<string, string>;
  groups?: string;
  /** Extra node flags (e.g. --cpu-prof for profiling). */
  nodeArgs?: string[];
  /** Store in this S3 server's bucket instead of a root dir (kept on dispose). */
  s3?: S3TestServer;
}

/** Whether suites run against the S3 store (H5LAB_TEST_STORE=s3). */
export function testStoreIsS3(): boolean {
  return process.env.H5LAB_TEST_STORE === 's3';
}

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const ownS3 = !options.s3 && !options.rootDir && testStoreIsS3() ? await startS3Server() : undefined;
  const s3 = options.s3 ?? ownS3;
  const rootDir = s3 ? s3.dir : (options.rootDir ?? mkdtempSync(path.join(tmpdir(), 'h5lab-test-')));
  const confDir = mkdtempSync(path.join(tmpdir(), 'h5lab-conf-'));
  const passwd = path.join(confDir, 'passwd.txt');
  const groups = path.join(confDir, 'groups.txt');
  writeFileSync(passwd, Object.entries(options.users ?? USERS).map(([u, p]) => `${u}:${p}`).join('\n') + '\n');
  writeFileSync(groups, options.groups ?? 'test_group: test_user1 test_user2\n');
  const bucket = options.bucket ?? 'hsdstest';
  const args = [
    ...(options.nodeArgs ?? []),
    H5LAB_BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--bucket', bucket,
    ...(s3 ? ['--s3-endpoint', s3.endpoint] : ['--root-dir', rootDir]),
    '--password-file', passwd, '--groups-file', groups, ...(options.args ?? []),
    // H5LAB_TEST_DN_COUNT=N runs the engine as a cluster of N data-node processes (see cluster-suites.test.ts).
    ...(process.env.H5LAB_TEST_DN_COUNT && !(options.args ?? []).includes('--dn-count') ? ['--dn-count', process.env.H5LAB_TEST_DN_COUNT] : []),
  ];
  const env = { ...process.env, ...(s3?.credentialsEnv() ?? {}), ...options.env };
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const url = await waitForLine(proc, /listening on (http:\/\/\S+)/, 'server').then((m) => m[1]).catch(async (e) => {
    proc.kill('SIGKILL');
    await ownS3?.dispose();
    throw e;
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  };
  return {
    url,
    rootDir,
    bucket,
    store: s3 ? 's3' : 'posix',
    s3,
    storage: s3 ? s3Objects(s3, bucket) : posixObjects(path.join(rootDir, bucket)),
    proc,
    stop,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async dispose() {
      await stop();
      if (ownS3) await ownS3.dispose();
      else if (!s3) rmSync(rootDir, { recursive: true, force: true });
      rmSync(confDir, { recursive: true, force: true });
    },
  };
}

function s3Objects(s3: S3TestServer, bucket: string): StoredObjects {
  return { keys: (prefix) => s3.keys(bucket, prefix), read: (key) => s3.read(bucket, key) };
}

/** Files of a POSIX bucket dir as keys (relative paths with '/'), sorted in S3 key order. */
function posixObjects(bucketDir: string): StoredObjects {
  return {
    async keys(prefix = '') {
      let entries;
      try {
        entries = await readdir(bucketDir, { recursive: true, withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw e;
      }
      return entries
        .filter((e) => e.isFile())
        .map((e) => path.relative(bucketDir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
        .filter((k) => k.startsWith(prefix))
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    },
    async read(key) {
      try {
        return await readFile(path.join(bucketDir, ...key.split('/')));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}
