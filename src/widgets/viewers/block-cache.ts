/**
 * Lazily loaded blocks of a 2-D grid (rows × columns of a matrix or table view). A cell asks for its block;
 * missing blocks are queued and loaded a few at a time, newest request first, so that while the user scrolls
 * fast only the blocks still in view are fetched: older queued requests are dropped. Loaded blocks are kept
 * up to a bound, least recently used first out.
 */

export interface BlockCacheOptions<B> {
  rowCount: number;
  colCount: number;
  blockRows: number;
  blockCols: number;
  /** Reads rows [rowStart, rowStop) × columns [colStart, colStop). */
  load(rowStart: number, rowStop: number, colStart: number, colStop: number, signal: AbortSignal): Promise<B>;
  /** A block arrived or failed: the view should render again. */
  onChange(): void;
  /** Blocks kept in memory (default 64). */
  maxBlocks?: number;
  /** Loads running at once (default 2). */
  concurrency?: number;
  /** A failed block is asked for again this long after (default 5000 ms): a service restarting, a lost connection. */
  retryAfterMs?: number;
  /** Requests waiting at most; older ones are dropped (default 8). */
  maxQueued?: number;
}

export interface LoadedBlock<B> {
  block: B;
  rowStart: number;
  colStart: number;
}

type BlockKey = string;

export class BlockCache<B> {
  private readonly loaded = new Map<BlockKey, LoadedBlock<B>>();
  private readonly queued = new Map<BlockKey, [row: number, col: number]>();
  private readonly running = new Map<BlockKey, AbortController>();
  private readonly failed = new Map<BlockKey, Error>();
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();
  private pumpScheduled = false;
  private disposed = false;
  /** Blocks requested from `load`, for the record (tests, timings). */
  loads = 0;
  /** The last load failure, to tell the user. */
  lastError: Error | undefined;

  constructor(private readonly options: BlockCacheOptions<B>) {}

  /** The loaded block holding a cell, or undefined (then its load is requested). */
  get(row: number, col: number): LoadedBlock<B> | undefined {
    const blockRow = Math.floor(row / this.options.blockRows);
    const blockCol = Math.floor(col / this.options.blockCols);
    const key = `${blockRow},${blockCol}`;
    const hit = this.loaded.get(key);
    if (hit) {
      this.loaded.delete(key);
      this.loaded.set(key, hit);
      return hit;
    }
    if (!this.running.has(key) && !this.failed.has(key)) this.request(key, blockRow, blockCol);
    return undefined;
  }

  private retryLater(key: BlockKey): void {
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (this.disposed) return;
      // Asked again at the next render, if still in view.
      this.failed.delete(key);
      this.options.onChange();
    }, this.options.retryAfterMs ?? 5000);
    this.retryTimers.add(timer);
  }

  /** Why the block of a cell could not be loaded, if it could not. */
  errorAt(row: number, col: number): Error | undefined {
    return this.failed.get(`${Math.floor(row / this.options.blockRows)},${Math.floor(col / this.options.blockCols)}`);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
    this.queued.clear();
    this.loaded.clear();
  }

  private request(key: BlockKey, blockRow: number, blockCol: number): void {
    // Re-requesting moves a block to the front of the queue.
    this.queued.delete(key);
    this.queued.set(key, [blockRow, blockCol]);
    const maxQueued = this.options.maxQueued ?? 8;
    for (const oldest of this.queued.keys()) {
      if (this.queued.size <= maxQueued) break;
      this.queued.delete(oldest);
    }
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      // Cells ask during rendering: start loads after it, once all of this render's requests are in.
      queueMicrotask(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    }
  }

  private pump(): void {
    const concurrency = this.options.concurrency ?? 2;
    while (!this.disposed && this.running.size < concurrency && this.queued.size > 0) {
      const key = [...this.queued.keys()].pop()!;
      const [blockRow, blockCol] = this.queued.get(key)!;
      this.queued.delete(key);
      void this.start(key, blockRow, blockCol);
    }
  }

  private async start(key: BlockKey, blockRow: number, blockCol: number): Promise<void> {
    const { rowCount, colCount, blockRows, blockCols } = this.options;
    const rowStart = blockRow * blockRows;
    const colStart = blockCol * blockCols;
    const controller = new AbortController();
    this.running.set(key, controller);
    this.loads++;
    try {
      const block = await this.options.load(rowStart, Math.min(rowCount, rowStart + blockRows), colStart, Math.min(colCount, colStart + blockCols), controller.signal);
      if (this.disposed) return;
      this.loaded.set(key, { block, rowStart, colStart });
      if (this.failed.size === 0) this.lastError = undefined;
      const maxBlocks = this.options.maxBlocks ?? 64;
      for (const oldest of this.loaded.keys()) {
        if (this.loaded.size <= maxBlocks) break;
        this.loaded.delete(oldest);
      }
    } catch (e) {
      if (this.disposed) return;
      this.lastError = e instanceof Error ? e : new Error(String(e));
      this.failed.set(key, this.lastError);
      this.retryLater(key);
    } finally {
      this.running.delete(key);
    }
    this.options.onChange();
    this.pump();
  }
}
