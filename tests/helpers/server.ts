/**
 * Starts the real `h5lab serve` as a child process on a free loopback port with a temporary root dir, the
 * HSDS test accounts (admin/admin, test_user1/test, test_user2/test) and group `test_group`.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const H5LAB_BIN = path.join(REPO, 'bin', 'h5lab.js');

export const USERS: Record<string, string> = { admin: 'admin', test_user1: 'test', test_user2: 'test' };

export interface TestServer {
  url: string;
  rootDir: string;
  bucket: string;
  proc: ChildProcess;
  /** Graceful stop (SIGTERM), keeping the root dir. */
  stop(): Promise<void>;
  /** kill -9, keeping the root dir. */
  kill(): Promise<void>;
  /** Stop and remove the root dir. */
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
}

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const rootDir = options.rootDir ?? mkdtempSync(path.join(tmpdir(), 'h5lab-test-'));
  const confDir = mkdtempSync(path.join(tmpdir(), 'h5lab-conf-'));
  const passwd = path.join(confDir, 'passwd.txt');
  const groups = path.join(confDir, 'groups.txt');
  writeFileSync(passwd, Object.entries(options.users ?? USERS).map(([u, p]) => `${u}:${p}`).join('\n') + '\n');
  writeFileSync(groups, options.groups ?? 'test_group: test_user1 test_user2\n');
  const bucket = options.bucket ?? 'hsdstest';
  const args = [
    ...(options.nodeArgs ?? []),
    H5LAB_BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--root-dir', rootDir, '--bucket', bucket,
    '--password-file', passwd, '--groups-file', groups, ...(options.args ?? []),
  ];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s: ${stderr}`)), 20_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
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
    proc,
    stop,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async dispose() {
      await stop();
      rmSync(rootDir, { recursive: true, force: true });
      rmSync(confDir, { recursive: true, force: true });
    },
  };
}
