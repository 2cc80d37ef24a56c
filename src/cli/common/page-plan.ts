/**
 * Pages: the blocks a dataset is transferred in. Each page is a hyperslab made of whole chunks of both the
 * source and the target chunk grids where their least common multiple allows it (so neither side splits a
 * chunk between two requests), growing along the last dimensions first so that a page is one contiguous
 * run of rows when it can be, up to a byte budget. Pages are numbered in C order of their grid; the plan is
 * a pure function of its inputs, so a resumed load sees the same numbering.
 */

export interface Page {
  index: number;
  start: number[];
  count: number[];
}

export interface PagePlan {
  /** Page extent along each dimension. */
  block: number[];
  /** Number of pages along each dimension. */
  grid: number[];
  total: number;
}

/** Default bytes per page: several chunks per request, few requests in flight are enough. */
export const PAGE_BYTES = 8 * 1024 * 1024;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The alignment unit of one dimension: a multiple of both chunk extents when that stays reasonable. */
function unit(dim: number, source: number | undefined, target: number | undefined): number {
  const a = source && source > 0 ? source : undefined;
  const b = target && target > 0 ? target : undefined;
  if (a && b) {
    const lcm = (a / gcd(a, b)) * b;
    return lcm <= Math.max(a, b) * 4 ? lcm : b;
  }
  return Math.max(1, Math.min(dim, a ?? b ?? 1));
}

/**
 * Plans pages over `dims` for elements of about `itemBytes` bytes. `sourceChunks`/`targetChunks` are the
 * two chunk shapes (either may be missing).
 */
export function planPages(
  dims: readonly number[],
  itemBytes: number,
  sourceChunks?: readonly number[] | null,
  targetChunks?: readonly number[] | null,
  budget = PAGE_BYTES,
): PagePlan {
  const rank = dims.length;
  if (rank === 0) return { block: [], grid: [], total: 1 };
  if (dims.some((d) => d === 0)) return { block: dims.map(() => 1), grid: dims.map(() => 0), total: 0 };
  const units = dims.map((d, i) => unit(d, sourceChunks?.[i], targetChunks?.[i]));
  const block = units.map((u, i) => Math.min(u, dims[i]));
  let bytes = block.reduce((a, b) => a * b, itemBytes);
  for (let d = rank - 1; d >= 0; d--) {
    const others = bytes / block[d];
    const multiples = Math.max(1, Math.floor(budget / (others * units[d])));
    block[d] = Math.min(dims[d], multiples * units[d]);
    bytes = others * block[d];
    if (block[d] < dims[d]) break;
  }
  const grid = dims.map((d, i) => Math.ceil(d / block[i]));
  return { block, grid, total: grid.reduce((a, b) => a * b, 1) };
}

/** The page with a given number. */
export function pageAt(plan: PagePlan, dims: readonly number[], index: number): Page {
  const start = new Array<number>(dims.length);
  const count = new Array<number>(dims.length);
  let rest = index;
  for (let d = dims.length - 1; d >= 0; d--) {
    const i = rest % plan.grid[d];
    rest = Math.floor(rest / plan.grid[d]);
    start[d] = i * plan.block[d];
    count[d] = Math.min(plan.block[d], dims[d] - start[d]);
  }
  return { index, start, count };
}

/** HDF REST `select` of a page (or any block) moved by `offset` along each dimension: `[0:10,20:40]`. */
export function selectOf(page: { start: readonly number[]; count: readonly number[] }, offset?: readonly number[]): string {
  return `[${page.start.map((s, d) => `${s + (offset?.[d] ?? 0)}:${s + (offset?.[d] ?? 0) + page.count[d]}`).join(',')}]`;
}
