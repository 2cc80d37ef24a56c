/**
 * Which rows of a long dataset a grid shows. Browsers cap an element's height, and a virtualized grid is as
 * tall as all its rows: in Chromium the cap is 2^25 px (33,554,432), which with H5Web's 32 px rows and its
 * header row reaches row 1,048,574 and no further. Past MAX_GRID_ROWS rows the grid shows a window of at most
 * that many rows, starting at a row the user picks.
 */

export const MAX_GRID_ROWS = 1_000_000;

export interface RowWindow {
  /** The dataset's index of the window's first row. */
  start: number;
  /** Rows in the window: [start, start + count). */
  count: number;
  /** Rows in the dataset. */
  total: number;
}

/** The window of up to `size` rows starting at `start`, moved onto a row of the dataset if it is not one. */
export function rowWindow(start: number, total: number, size = MAX_GRID_ROWS): RowWindow {
  const whole = Number.isFinite(start) ? Math.floor(start) : 0;
  const first = Math.max(0, Math.min(whole, total - 1));
  return { start: first, count: Math.min(size, Math.max(0, total - first)), total };
}

/** The window a grid of `total` rows needs, or undefined when all its rows fit. */
export function windowFor(start: number, total: number, size = MAX_GRID_ROWS): RowWindow | undefined {
  return total > size ? rowWindow(start, total, size) : undefined;
}

/** Where the next window starts, or undefined at the end. */
export function nextStart(rows: RowWindow, size = MAX_GRID_ROWS): number | undefined {
  const next = rows.start + size;
  return next < rows.total ? next : undefined;
}

/** Where the previous window starts, or undefined at the beginning. */
export function previousStart(rows: RowWindow, size = MAX_GRID_ROWS): number | undefined {
  return rows.start > 0 ? Math.max(0, rows.start - size) : undefined;
}

/** Where the window ending at the last row starts. */
export function lastStart(rows: RowWindow, size = MAX_GRID_ROWS): number {
  return Math.max(0, rows.total - size);
}

const grouped = (n: number): string => n.toLocaleString('en-US');

/** "rows 1,000,000–1,999,999 of 3,000,000" */
export function rowWindowLabel(rows: RowWindow): string {
  return `rows ${grouped(rows.start)}–${grouped(rows.start + rows.count - 1)} of ${grouped(rows.total)}`;
}

/** A row number as typed: digits, grouped or not ("2,500,000", "2 500 000", "2_500_000"); else undefined. */
export function parseRowNumber(text: string): number | undefined {
  const digits = text.trim().replace(/[\s,_]/g, '');
  if (!/^\d+$/.test(digits)) return undefined;
  const row = Number(digits);
  return Number.isSafeInteger(row) ? row : undefined;
}

type CellFormatter = (row: number, col: number) => string;

export interface WindowGrid {
  dims: [rows: number, cols: number];
  columnHeaders: string[];
  cellFormatter: CellFormatter;
}

export const INDEX_COLUMN_HEADER = 'row';

/**
 * The grid of a window: H5Web's row header counts from 0 within the grid and cannot be offset, so a first
 * column shows each row's index in the dataset. `cell` is asked with the dataset's row index.
 */
export function windowGrid(rows: RowWindow, columnHeaders: readonly string[], cell: CellFormatter): WindowGrid {
  return {
    dims: [rows.count, columnHeaders.length + 1],
    columnHeaders: [INDEX_COLUMN_HEADER, ...columnHeaders],
    cellFormatter: (row, col) => (col === 0 ? String(rows.start + row) : cell(rows.start + row, col - 1)),
  };
}
