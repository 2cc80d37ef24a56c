/**
 * Bounds the transfers in flight: many small ones, or a few pages' worth of bytes. A transfer's outcome is
 * a promise of success that never rejects; the first failure is kept, stops further scheduling and is
 * rethrown by add/drain.
 */

/** Transfers in flight at once, and their bytes. */
const MAX_REQUESTS = 16;
const MAX_BYTES = 24 * 1024 * 1024;

export class RequestQueue {
  private readonly running = new Set<Promise<void>>();
  private bytes = 0;
  private failure: unknown;

  /** Starts `task` (moving `size` bytes) once there is room; returns its outcome (wrapped: an awaited promise would be flattened). */
  async add(size: number, task: () => Promise<unknown>): Promise<{ outcome: Promise<boolean> }> {
    this.check();
    while (this.running.size >= MAX_REQUESTS || (this.running.size > 0 && this.bytes + size > MAX_BYTES)) await Promise.race(this.running);
    this.check();
    this.bytes += size;
    const outcome = task().then(
      () => true,
      (e) => {
        this.failure ??= e;
        return false;
      },
    );
    const tracked: Promise<void> = outcome.then(() => {
      this.bytes -= size;
      this.running.delete(tracked);
    });
    this.running.add(tracked);
    return { outcome };
  }

  /** Waits for every transfer; throws the first failure. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.race(this.running);
    this.check();
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
