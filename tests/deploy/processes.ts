/**
 * Real h5lab processes for the deployment tests, and the manifests' probes run against them the way the
 * kubelet runs them: exec probes as a command in the container's environment, httpGet probes as a GET.
 */
import { execFile, spawn } from 'node:child_process';
import { waitForLine } from '../helpers/processes.js';
import { H5LAB_BIN, Probe } from './manifests.js';

export interface RunningNode {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts `h5lab <args>` and waits for its "listening on URL" line. */
export async function startNode(args: string[], env: Record<string, string> = {}): Promise<RunningNode> {
  const proc = spawn(process.execPath, [H5LAB_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  };
  try {
    const url = (await waitForLine(proc, /listening on (http:\/\/\S+)/, `h5lab ${args[0]}`))[1];
    return { url, port: Number(new URL(url).port), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Runs a command; resolves with its exit code (never rejects on a non-zero exit). */
export function exitCode(command: string[], env: Record<string, string>, timeoutMs = 10_000): Promise<number> {
  const [file, ...args] = command;
  // The manifests' `node` is the image's Node; here it is the one running the tests.
  const program = file === 'node' ? process.execPath : file;
  return new Promise((resolve) => {
    execFile(program, args, { env: { ...process.env, ...env }, timeout: timeoutMs }, (error) => {
      if (!error) resolve(0);
      else resolve(typeof error.code === 'number' ? error.code : -1);
    });
  });
}

/**
 * Runs a probe against a process listening on `port` instead of the container port the manifest names:
 * exec commands get `127.0.0.1:<containerPort>` rewritten, httpGet probes are sent to `port`. True when the
 * kubelet would count the probe as a success (exit 0, or a 2xx/3xx answer).
 */
export async function probeSucceeds(probe: Probe, containerPort: number, port: number, env: Record<string, string>): Promise<boolean> {
  if (probe.exec) {
    const command = probe.exec.command.map((part) => part.split(`127.0.0.1:${containerPort}`).join(`127.0.0.1:${port}`));
    if (command.join(' ') === probe.exec.command.join(' ')) throw new Error(`exec probe does not address 127.0.0.1:${containerPort}`);
    return (await exitCode(command, env)) === 0;
  }
  if (probe.httpGet) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}${probe.httpGet.path}`, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      await r.arrayBuffer();
      return r.status >= 200 && r.status < 400;
    } catch {
      return false;
    }
  }
  throw new Error('probe is neither exec nor httpGet');
}
