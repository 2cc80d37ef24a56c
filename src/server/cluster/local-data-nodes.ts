/**
 * `h5lab serve --dn-count N`: runs N data-node processes on this machine, each on its own Unix socket, and
 * restarts any that exits (the cluster notices it gone, routes around it, and takes it back when it answers).
 */
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.js';

export interface LocalDataNodes {
  urls: string[];
  /** The child process of node i (tests kill it to check failover). */
  process(i: number): ChildProcess | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the nodes with the service node's settings (`env`, as H5LAB_* variables) and waits until each has
 * printed its listening line.
 */
export async function startLocalDataNodes(count: number, cliPath: string, env: Record<string, string>, logger: Logger): Promise<LocalDataNodes> {
  const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-dn-'));
  const sockets = Array.from({ length: count }, (_, i) => path.join(dir, `dn-${i}.sock`));
  const procs: (ChildProcess | undefined)[] = new Array(count);
  let stopping = false;

  const launch = (i: number): Promise<void> =>
    new Promise((resolve, reject) => {
      rmSync(sockets[i], { force: true });
      const child = spawn(process.execPath, [cliPath, 'dn', '--socket', sockets[i]], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, ...env },
      });
      procs[i] = child;
      let out = '';
      let ready = false;
      child.stdout!.on('data', (d) => {
        out += d;
        if (!ready && out.includes('listening on')) {
          ready = true;
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        if (!ready) reject(new Error(`data node ${i} exited before it was ready (${code ?? signal})`));
        if (stopping) return;
        logger.warn(`data node ${i} exited (${code ?? signal}); restarting`);
        setTimeout(() => void launch(i).catch((e) => logger.error(`data node ${i} failed to restart: ${(e as Error).message}`)), 500);
      });
    });

  await Promise.all(sockets.map((_, i) => launch(i)));
  return {
    urls: sockets.map((s) => `unix:${s}`),
    process: (i) => procs[i],
    async stop() {
      stopping = true;
      await Promise.all(
        procs.map(
          (p) =>
            new Promise<void>((resolve) => {
              if (!p || p.exitCode !== null || p.signalCode !== null) return resolve();
              p.once('exit', () => resolve());
              p.kill('SIGTERM');
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
