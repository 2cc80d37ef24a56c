/**
 * Progress of long operations on stderr: on a terminal one line rewritten in place (at most every 100 ms);
 * otherwise (logs, CI) a plain line at most every few seconds, so that short runs print nothing.
 */

export interface ProgressSink {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressTiming {
  /** Minimum time between two redraws on a terminal (ms). */
  ttyIntervalMs?: number;
  /** Minimum time between two plain lines, and before the first one (ms). */
  plainIntervalMs?: number;
  now?: () => number;
}

export class Progress {
  private readonly tty: boolean;
  private readonly ttyInterval: number;
  private readonly plainInterval: number;
  private readonly now: () => number;
  private last: number;
  private shown = false;
  private printedPlain = false;
  private latest = '';

  constructor(
    private readonly label: string,
    private readonly sink: ProgressSink = process.stderr,
    timing: ProgressTiming = {},
  ) {
    this.tty = sink.isTTY === true;
    this.ttyInterval = timing.ttyIntervalMs ?? 100;
    this.plainInterval = timing.plainIntervalMs ?? 5000;
    this.now = timing.now ?? Date.now;
    this.last = this.now();
  }

  /** Reports the current state; written only when the interval has passed. */
  update(text: string): void {
    this.latest = text;
    const t = this.now();
    if (t - this.last < (this.tty ? this.ttyInterval : this.plainInterval)) return;
    this.last = t;
    this.draw();
  }

  /** Removes the terminal line (before other output); the next update draws it again. */
  clear(): void {
    if (!this.tty || !this.shown) return;
    this.sink.write('\r\x1b[K');
    this.shown = false;
  }

  /** Ends the report: the terminal line is removed; in logs, a last line is written if any was. */
  done(): void {
    if (this.tty) this.clear();
    else if (this.printedPlain) this.sink.write(`${this.label}: ${this.latest}\n`);
  }

  private draw(): void {
    const line = `${this.label}: ${this.latest}`;
    if (this.tty) {
      const width = (this.sink.columns ?? 80) - 1;
      this.sink.write(`\r\x1b[K${line.length > width ? line.slice(0, width) : line}`);
      this.shown = true;
    } else {
      this.sink.write(`${line}\n`);
      this.printedPlain = true;
    }
  }
}
