/**
 * Self-fencing of a data-node process. When the service node stops hearing from a data node it gives the
 * node's keys to the others. A node that was only frozen (SIGSTOP, a paused VM, a stalled disk) would, on
 * waking, still finish the calls it had received — and overwrite what the new owners wrote since. So a data
 * node holds a lease, renewed by every health check of the service node, shorter than the time the service
 * node takes to give up on it (see cluster-timing.ts). Once the lease has lapsed the node is fenced: it
 * refuses calls and storage writes until the service node, having seen the fence's token in the node's
 * /info, brings it into a new epoch with that token. A request queued before the lapse cannot carry the
 * token, so a frozen node's backlog (old calls, old health checks, an old epoch change) cannot lift it.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { HttpError } from '../http/errors.js';
import { STALE_EPOCH } from './cluster-timing.js';

export class Fence {
  private leaseUntil = -Infinity;
  /** Set while fenced. A node starts fenced: it may write once a service node has taken it in. */
  private token: string | undefined = newToken();

  constructor(
    private readonly leaseMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A health check of the service node: extends the lease (a lapse that already happened stays). */
  renew(): void {
    this.lapse();
    this.leaseUntil = this.now() + this.leaseMs;
  }

  /** The token that lifts the fence, or undefined when the node is not fenced. */
  get raised(): string | undefined {
    this.lapse();
    return this.token;
  }

  /** Lifts the fence if `token` is the current one (sent back by the service node with a new epoch). */
  release(token: unknown): boolean {
    if (this.token === undefined || token !== this.token) return false;
    this.token = undefined;
    return true;
  }

  /** Throws (421: the service node re-checks the cluster and retries) unless the node may act now. */
  check(): void {
    this.lapse();
    if (this.token !== undefined) throw new HttpError(STALE_EPOCH, 'data node is fenced: its lease lapsed, it must be taken back into the cluster');
  }

  private lapse(): void {
    if (this.token === undefined && this.now() > this.leaseUntil) this.token = newToken();
  }
}

function newToken(): string {
  return randomBytes(12).toString('hex');
}
