/**
 * Log lines as h5pyd's tools write them (Python logging's `LEVEL date time,ms message`), to --logfile when
 * given, else to stderr; only messages at or above --loglevel (default error) are written.
 */
import { appendFileSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warning', 'error'];

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3 };

export class CliLogger {
  constructor(
    readonly level: LogLevel = 'error',
    /** Append to this file instead of writing to stderr. */
    readonly file?: string,
  ) {}

  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.level];
  }

  debug(msg: string): void {
    this.write('debug', msg);
  }

  info(msg: string): void {
    this.write('info', msg);
  }

  warning(msg: string): void {
    this.write('warning', msg);
  }

  error(msg: string): void {
    this.write('error', msg);
  }

  private write(level: LogLevel, msg: string): void {
    if (!this.enabled(level)) return;
    const line = `${level.toUpperCase()} ${pythonTime(new Date())} ${msg}\n`;
    if (this.file) appendFileSync(this.file, line);
    else process.stderr.write(line);
  }
}

/** `2024-05-01 13:04:05,123` in local time, as Python logging's asctime. */
function pythonTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}
