/**
 * Where the data nodes are: a fixed list of URLs, or the A records of a DNS name (a Kubernetes headless
 * Service), re-resolved on every health round so scaling the data-node Deployment needs no restart.
 */
import { resolve4 } from 'node:dns/promises';
import type { Logger } from '../logger.js';

export function staticNodes(urls: string[]): () => Promise<string[]> {
  const list = [...urls];
  return async () => list;
}

export function dnsNodes(name: string, port: number, logger: Logger): () => Promise<string[]> {
  let last: string[] = [];
  return async () => {
    try {
      last = (await resolve4(name)).sort().map((ip) => `http://${ip}:${port}`);
    } catch (e) {
      // Keep the last answer: a DNS hiccup must not look like every node leaving.
      logger.warn(`cannot resolve data nodes at ${name}: ${(e as Error).message}`);
    }
    return last;
  };
}
