/** Minimal leveled logger writing one line per event to stderr (captured by the lab or the pod). */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

export function createLogger(level: LogLevel, name = 'h5lab'): Logger {
  const at = ORDER[level];
  const line = (l: LogLevel, msg: string) => {
    if (ORDER[l] <= at) process.stderr.write(`${new Date().toISOString()} ${name} ${l.toUpperCase()} ${msg}\n`);
  };
  return {
    error: (m) => line('error', m),
    warn: (m) => line('warn', m),
    info: (m) => line('info', m),
    debug: (m) => line('debug', m),
  };
}
