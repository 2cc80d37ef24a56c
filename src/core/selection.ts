/**
 * Dataset selections as the HDF REST API writes them: `[d0,d1,…]` where each dimension is `:`, `n`, `a:b`,
 * `a:b:s` or a coordinate list `[i,j,k]`. Single indices do not drop dimensions; several coordinate lists are
 * zipped like numpy fancy indexing.
 */

export interface SliceSel {
  kind: 'slice';
  start: number;
  stop: number;
  step: number;
}
export interface CoordSel {
  kind: 'coords';
  coords: number[];
}
export type DimSel = SliceSel | CoordSel;
export type Selection = DimSel[];

export class SelectionError extends Error {}

const fail = (msg: string): never => {
  throw new SelectionError(msg);
};

export const sliceCount = (s: SliceSel) => (s.stop > s.start ? Math.ceil((s.stop - s.start) / s.step) : 0);

export function selectAll(dims: number[]): Selection {
  return dims.map((d) => ({ kind: 'slice', start: 0, stop: d, step: 1 }));
}

/** Parses a `select=` string against the dataset extent; a missing/empty select means everything. */
export function parseSelect(select: string | undefined | null, dims: number[]): Selection {
  if (select === undefined || select === null || select.length === 0) return selectAll(dims);
  const elements = splitElements(select);
  if (elements.length !== dims.length)
    fail(`selection rank ${elements.length} does not match dataset rank ${dims.length}`);
  return elements.map((el, dim) => parseElement(el, dim, dims[dim]));
}

// Like HSDS, the first and last characters are taken to be the brackets.
function splitElements(select: string): string[] {
  if (select.length < 2 || select[0] !== '[' || select[select.length - 1] !== ']')
    fail('selection must be enclosed in brackets, e.g. [0:10,5]');
  const body = select.slice(1, -1);
  const out: string[] = [];
  let cur = '';
  let inList = false;
  for (const ch of body) {
    if (/\s/.test(ch)) continue;
    if (ch === ',' && !inList) {
      if (cur.length === 0) fail('empty dimension in selection');
      out.push(cur);
      cur = '';
      continue;
    }
    if (ch === '[') {
      if (inList) fail('nested coordinate lists are not allowed');
      inList = true;
    } else if (ch === ']') {
      if (!inList) fail('unbalanced bracket in selection');
      inList = false;
    } else if (ch === ':' && inList) {
      fail('ranges are not allowed inside a coordinate list');
    }
    cur += ch;
  }
  if (inList) fail('unbalanced bracket in selection');
  if (cur.length === 0) fail('empty dimension in selection');
  out.push(cur);
  return out;
}

function parseInteger(text: string, what: string, dim: number): number {
  if (!/^-?\d+$/.test(text)) fail(`invalid ${what} value '${text}' for dimension ${dim}`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) fail(`${what} value out of range for dimension ${dim}`);
  return n;
}

function parseElement(el: string, dim: number, extent: number): DimSel {
  if (el.startsWith('[')) {
    const inner = el.slice(1, -1);
    if (inner.length === 0) fail(`empty coordinate list for dimension ${dim}`);
    const coords = inner.split(',').map((c) => {
      const v = parseInteger(c, 'coordinate', dim);
      if (v < 0 || v >= extent) fail(`coordinate ${v} out of range 0-${extent - 1} for dimension ${dim}`);
      return v;
    });
    return { kind: 'coords', coords };
  }
  if (el === ':') return { kind: 'slice', start: 0, stop: extent, step: 1 };
  if (el.includes(':')) {
    const parts = el.split(':');
    if (parts.length > 3) fail(`invalid selection format for dimension ${dim}`);
    const start = parts[0] === '' ? 0 : parseInteger(parts[0], 'start', dim);
    if (start < 0 || start >= extent) fail(`start value ${start} out of range for dimension ${dim} (extent ${extent})`);
    const stop = parts[1] === '' ? extent : parseInteger(parts[1], 'stop', dim);
    if (stop > extent || stop <= start) fail(`stop value ${stop} out of range for dimension ${dim} (start ${start}, extent ${extent})`);
    const step = parts.length === 3 && parts[2] !== '' ? parseInteger(parts[2], 'step', dim) : 1;
    if (step <= 0) fail(`step value must be positive for dimension ${dim}`);
    return { kind: 'slice', start, stop, step };
  }
  const index = parseInteger(el, 'index', dim);
  if (index < 0 || index >= extent) fail(`index ${index} out of range for dimension ${dim} (extent ${extent})`);
  return { kind: 'slice', start: index, stop: index + 1, step: 1 };
}

/**
 * A selection given as a JSON list (HSDS accepts `"select": [[0,1,3,7]]` in bodies): per dimension a list
 * of coordinates, an integer index, or a string element such as "2:8:2" or ":".
 */
export function parseSelectList(list: unknown[], dims: number[]): Selection {
  if (list.length !== dims.length) fail(`selection rank ${list.length} does not match dataset rank ${dims.length}`);
  return list.map((el, dim) => {
    if (Array.isArray(el)) return parseElement(`[${el.map((x) => String(x)).join(',')}]`, dim, dims[dim]);
    if (typeof el === 'number' || typeof el === 'string') return parseElement(String(el).replace(/\s/g, ''), dim, dims[dim]);
    return fail(`invalid selection element for dimension ${dim}`);
  });
}

/** Builds a selection from `start`/`stop`/`step` arrays of a JSON body (HSDS's alternative to `select`). */
export function selectionFromBounds(body: { start?: unknown; stop?: unknown; step?: unknown }, dims: number[]): Selection {
  const asList = (v: unknown, name: string): number[] | undefined => {
    if (v === undefined || v === null) return undefined;
    const list = Array.isArray(v) ? v : [v];
    if (list.length !== dims.length) fail(`${name} array length not equal to dataset rank`);
    if (!list.every((x) => Number.isInteger(x))) fail(`${name} values must be integers`);
    return list as number[];
  };
  const start = asList(body.start, 'start') ?? dims.map(() => 0);
  const stop = asList(body.stop, 'stop') ?? dims.slice();
  const step = asList(body.step, 'step') ?? dims.map(() => 1);
  return dims.map((extent, d) => {
    if (start[d] < 0 || start[d] >= extent) fail(`start index invalid for dim: ${d}`);
    if (stop[d] <= start[d] || stop[d] > extent) fail(`stop index invalid for dim: ${d}`);
    if (step[d] <= 0) fail(`step index invalid for dim: ${d}`);
    return { kind: 'slice', start: start[d], stop: stop[d], step: step[d] };
  });
}

/** Shape of the selected block; zipped coordinate lists contribute one axis, at the first of their dims. */
export function selectionShape(sel: Selection): number[] {
  const shape: number[] = [];
  let coordLen: number | undefined;
  for (const s of sel) {
    if (s.kind === 'slice') {
      shape.push(sliceCount(s));
    } else if (coordLen === undefined) {
      coordLen = s.coords.length;
      shape.push(coordLen);
    } else if (coordLen !== s.coords.length) {
      fail(`shape mismatch: indexing arrays could not be broadcast together with shapes (${coordLen},) (${s.coords.length},)`);
    }
  }
  return shape;
}

export const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

export function selectionCount(sel: Selection): number {
  return product(selectionShape(sel));
}

export function formatSelect(sel: Selection): string {
  const parts = sel.map((s) =>
    s.kind === 'coords' ? `[${s.coords.join(',')}]` : s.step > 1 ? `${s.start}:${s.stop}:${s.step}` : `${s.start}:${s.stop}`,
  );
  return `[${parts.join(',')}]`;
}

export function isSelectAll(sel: Selection, dims: number[]): boolean {
  return sel.every((s, d) => s.kind === 'slice' && s.start === 0 && s.stop === dims[d] && s.step === 1);
}

/**
 * Splits a selection into pages of at most `maxBytes` along its first dimension with more than one element,
 * as HSDS does to stream large binary reads and writes. Returns [sel] when no split is needed.
 */
export function paginate(sel: Selection, itemSize: number, maxBytes: number): Selection[] {
  const total = selectionCount(sel) * itemSize;
  if (total <= maxBytes) return [sel];
  const dim = sel.findIndex((s) => (s.kind === 'slice' ? sliceCount(s) : s.coords.length) > 1);
  if (dim < 0) return [sel];
  const s = sel[dim];
  // Zipped coordinate lists must be split together.
  const coordDims = sel.map((x, i) => (x.kind === 'coords' ? i : -1)).filter((i) => i >= 0);
  const count = s.kind === 'slice' ? sliceCount(s) : s.coords.length;
  const perUnit = total / count;
  const unitsPerPage = Math.max(1, Math.floor(maxBytes / perUnit));
  const pages: Selection[] = [];
  for (let first = 0; first < count; first += unitsPerPage) {
    const last = Math.min(count, first + unitsPerPage);
    const page = sel.slice();
    if (s.kind === 'slice') {
      page[dim] = { kind: 'slice', start: s.start + first * s.step, stop: Math.min(s.stop, s.start + last * s.step), step: s.step };
    } else {
      for (const cd of coordDims) {
        const c = sel[cd] as CoordSel;
        page[cd] = { kind: 'coords', coords: c.coords.slice(first, last) };
      }
    }
    pages.push(page);
  }
  return pages;
}
