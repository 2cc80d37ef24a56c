/** Number, size and time formats shared by the tools (h5pyd's layouts). */

/** Seconds since the epoch as local `YYYY-MM-DD HH:MM:SS` (Python's `datetime.fromtimestamp(int(t))`). */
export function localTimestamp(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  const d = new Date(Math.trunc(seconds) * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A byte count in the largest unit below 1024: `580B`, `5.9K`, `12.0M`; `width` pads the number part. */
export function humanSize(bytes: number, width = 0): string {
  let n = bytes;
  for (const unit of ['B', 'K', 'M', 'G']) {
    if (n < 1024) return unit === 'B' ? `${String(n).padStart(width)}B` : `${n.toFixed(1).padStart(width)}${unit}`;
    n /= 1024;
  }
  return `${n.toFixed(1).padStart(width)}T`;
}

/** An integer with thousands separators when `human` (`1,234,567`), else plain. */
export function count(n: number, human: boolean): string {
  return human ? n.toLocaleString('en-US') : String(n);
}

/** A Python-style list of numbers: `[10, 10]`. */
export function pyList(values: readonly (number | string)[]): string {
  return `[${values.join(', ')}]`;
}
