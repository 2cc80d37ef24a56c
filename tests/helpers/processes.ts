/** Child processes and ports for tests: waiting for a server's "listening" line, a port nobody listens on. */
import type { ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';

/**
 * Resolves with the first match of `pattern` in the child's stdout; rejects, with what it wrote on stderr,
 * if it exits first or does not print it within 20 s.
 */
export function waitForLine(proc: ChildProcess, pattern: RegExp, label: string): Promise<RegExpExecArray> {
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));
  return new Promise<RegExpExecArray>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not start in 20 s: ${stderr}`)), 20_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code}: ${stderr}`));
    });
  });
}

/** A loopback port that nothing listens on (just released). */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
