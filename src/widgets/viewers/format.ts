/** Values as text, for matrix cells, tables, scalars and attribute values. */

/** The string values of H5Web's Notation enum. */
export type NotationName = 'Auto' | 'Scientific' | 'Exact';

/** Shown instead of a long array's remaining elements. */
const MAX_LISTED = 20;

export function formatNumber(v: number, notation: NotationName = 'Auto'): string {
  if (!Number.isFinite(v)) return String(v);
  switch (notation) {
    case 'Exact':
      return String(v);
    case 'Scientific':
      return v.toExponential(3);
    case 'Auto': {
      if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
      const magnitude = Math.abs(v);
      if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(v.toPrecision(6)));
      return v.toExponential(3);
    }
  }
}

function isArrayLikeValue(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function formatList(items: ArrayLike<unknown>, notation: NotationName): string {
  const shown = Array.from({ length: Math.min(items.length, MAX_LISTED) }, (_, i) => formatValue(items[i], notation));
  return `[${shown.join(', ')}${items.length > MAX_LISTED ? `, … (${items.length} items)` : ''}]`;
}

/** Any value an SDK read returns: numbers, bigints, booleans, strings, lists, compound objects, NdArrays. */
export function formatValue(v: unknown, notation: NotationName = 'Auto'): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v, notation);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  if (isArrayLikeValue(v)) return formatList(v, notation);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // An NdArray (array attributes): its values, nested by shape only when short.
    if ('data' in o && 'shape' in o && isArrayLikeValue(o.data)) return formatList(o.data, notation);
    const keys = Object.keys(o);
    if (keys.length === 2 && keys[0] === 'r' && keys[1] === 'i' && typeof o.r === 'number' && typeof o.i === 'number')
      return `${formatNumber(o.r, notation)}${o.i < 0 ? '−' : '+'}${formatNumber(Math.abs(o.i), notation)}i`;
    return `{${keys.map((k) => `${k}: ${formatValue(o[k], notation)}`).join(', ')}}`;
  }
  return String(v);
}

/** Says how a strided slice was read: "every 5th point along D0 and D1: 2000 × 2000 of 10000 × 10000". */
export function strideNote(axes: readonly { dim: number; step: number; count: number }[], dims: readonly number[]): string | undefined {
  const strided = axes.filter((a) => a.step > 1);
  if (strided.length === 0) return undefined;
  const ordinal = (n: number): string => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;
  const parts = strided.map((a) => `every ${ordinal(a.step)} point along D${a.dim}`);
  return `Downsampled, ${parts.join(', ')}: ${axes.map((a) => a.count).join(' × ')} of ${axes.map((a) => dims[a.dim]).join(' × ')} shown`;
}
