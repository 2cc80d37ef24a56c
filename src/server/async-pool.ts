/**
 * Runs `work` over the items of an iterable with at most `limit` calls in flight — the fan-out of chunk
 * requests of one value request (HSDS: max_tasks_per_node_per_request per data node). The first failure
 * stops new work and is rethrown once the running calls settle.
 */
export async function forEachLimited<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const it = items[Symbol.iterator]();
  let failure: unknown;
  let failed = false;
  const worker = async () => {
    for (;;) {
      if (failed) return;
      const next = it.next();
      if (next.done) return;
      try {
        await work(next.value);
      } catch (e) {
        if (!failed) {
          failed = true;
          failure = e;
        }
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failed) throw failure;
}
