/**
 * Which chunks a selection touches, and for each: the chunk-relative selection (sent to the data node) and
 * where those values go in the selected block (the output). Per dimension the selected indices are split at
 * chunk boundaries; zipped coordinate lists are grouped by the chunk each point falls in.
 */
import { DimSel, Selection, sliceCount, SliceSel } from '../../../core/selection.js';

export interface ChunkTask {
  /** Chunk grid index. */
  index: number[];
  /** Selection relative to the chunk's origin, one entry per dataset dimension. */
  local: Selection;
  /** Where the values land in the selected block, one entry per block axis. */
  out: Selection;
}

interface Part {
  chunk: number[];
  local: DimSel[];
  out: DimSel;
}

interface Group {
  dims: number[];
  parts: Part[];
}

function sliceParts(s: SliceSel, c: number): Part[] {
  const count = sliceCount(s);
  const parts: Part[] = [];
  let i0 = 0;
  while (i0 < count) {
    const first = s.start + i0 * s.step;
    const k = Math.floor(first / c);
    const hi = (k + 1) * c;
    const i1 = Math.min(count - 1, Math.floor((hi - 1 - s.start) / s.step));
    const last = s.start + i1 * s.step;
    parts.push({
      chunk: [k],
      local: [{ kind: 'slice', start: first - k * c, stop: last - k * c + 1, step: s.step }],
      out: { kind: 'slice', start: i0, stop: i1 + 1, step: 1 },
    });
    i0 = i1 + 1;
  }
  return parts;
}

/** Points of zipped coordinate dims grouped by chunk, in order of first appearance. */
function coordParts(coordLists: number[][], chunkDims: number[]): Part[] {
  const byChunk = new Map<string, Part>();
  const n = coordLists[0].length;
  for (let i = 0; i < n; i++) {
    const chunk = coordLists.map((list, j) => Math.floor(list[i] / chunkDims[j]));
    const key = chunk.join(',');
    let p = byChunk.get(key);
    if (!p) {
      p = { chunk, local: coordLists.map(() => ({ kind: 'coords', coords: [] as number[] })), out: { kind: 'coords', coords: [] } };
      byChunk.set(key, p);
    }
    coordLists.forEach((list, j) => (p!.local[j] as { coords: number[] }).coords.push(list[i] - chunk[j] * chunkDims[j]));
    (p.out as { coords: number[] }).coords.push(i);
  }
  return [...byChunk.values()];
}

function groupsOf(sel: Selection, chunkDims: number[]): Group[] {
  const groups: Group[] = [];
  const coordDims = sel.map((s, d) => (s.kind === 'coords' ? d : -1)).filter((d) => d >= 0);
  sel.forEach((s, d) => {
    if (s.kind === 'slice') groups.push({ dims: [d], parts: sliceParts(s, chunkDims[d]) });
    else if (d === coordDims[0])
      groups.push({
        dims: coordDims,
        parts: coordParts(coordDims.map((cd) => (sel[cd] as { coords: number[] }).coords), coordDims.map((cd) => chunkDims[cd])),
      });
  });
  return groups;
}

/** Number of chunks the selection touches (without listing them). */
export function countChunks(sel: Selection, chunkDims: number[]): number {
  return groupsOf(sel, chunkDims).reduce((n, g) => n * g.parts.length, 1);
}

/** Enumerates the chunk tasks of a selection in C order of the chunk grid. */
export function* planChunks(sel: Selection, chunkDims: number[]): Generator<ChunkTask> {
  const groups = groupsOf(sel, chunkDims);
  const rank = sel.length;
  const pick = new Array<number>(groups.length).fill(0);
  if (groups.some((g) => g.parts.length === 0)) return;
  for (;;) {
    const index = new Array<number>(rank);
    const local = new Array<DimSel>(rank);
    const out: DimSel[] = [];
    groups.forEach((g, gi) => {
      const p = g.parts[pick[gi]];
      g.dims.forEach((d, j) => {
        index[d] = p.chunk[j];
        local[d] = p.local[j];
      });
      out.push(p.out);
    });
    yield { index, local, out };
    let gi = groups.length - 1;
    while (gi >= 0) {
      pick[gi]++;
      if (pick[gi] < groups[gi].parts.length) break;
      pick[gi] = 0;
      gi--;
    }
    if (gi < 0) return;
  }
}

/** The chunk containing a point, and the point's flat offset inside that chunk. */
export function pointInChunk(point: readonly number[], chunkDims: readonly number[]): { index: number[]; offset: number } {
  let offset = 0;
  const index = new Array<number>(point.length);
  for (let d = 0; d < point.length; d++) {
    const c = chunkDims[d];
    index[d] = Math.floor(point[d] / c);
    offset = offset * c + (point[d] - index[d] * c);
  }
  return { index, offset };
}

/**
 * Splits a selection into pages of roughly `targetBytes` along its first dimension with more than one
 * element, cutting only where that dimension crosses a chunk boundary — so consecutive pages of a streamed
 * write never touch the same chunk, and each chunk is written once, whole when the selection covers it.
 */
export function chunkAlignedPages(sel: Selection, chunkDims: number[], itemSize: number, targetBytes: number): Selection[] {
  const dim = sel.findIndex((s) => (s.kind === 'slice' ? sliceCount(s) : s.coords.length) > 1);
  if (dim < 0 || sel.some((s) => s.kind === 'coords')) return [sel];
  const s = sel[dim] as SliceSel;
  const count = sliceCount(s);
  const perElement = (product(sel.map((x) => (x.kind === 'slice' ? sliceCount(x) : x.coords.length))) / count) * itemSize;
  const c = chunkDims[dim];
  const pages: Selection[] = [];
  let first = 0;
  while (first < count) {
    let last = first;
    // Grow by whole chunk rows until the page reaches the target size.
    while (last < count) {
      const chunkRow = Math.floor((s.start + last * s.step) / c);
      let next = last;
      while (next < count && Math.floor((s.start + next * s.step) / c) === chunkRow) next++;
      last = next;
      if ((last - first) * perElement >= targetBytes) break;
    }
    const page = sel.slice();
    page[dim] = { kind: 'slice', start: s.start + first * s.step, stop: s.start + (last - 1) * s.step + 1, step: s.step };
    pages.push(page);
    first = last;
  }
  return pages;
}

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);
