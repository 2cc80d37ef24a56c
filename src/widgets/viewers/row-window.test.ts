import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  lastStart,
  MAX_GRID_ROWS,
  nextStart,
  parseRowNumber,
  previousStart,
  rowWindow,
  rowWindowLabel,
  windowFor,
  windowGrid,
} from './row-window.js';

describe('row windows', () => {
  it('leaves grids that fit alone', () => {
    assert.equal(windowFor(0, MAX_GRID_ROWS), undefined);
    assert.equal(windowFor(500, 1000), undefined);
    assert.deepEqual(windowFor(0, MAX_GRID_ROWS + 1), { start: 0, count: MAX_GRID_ROWS, total: MAX_GRID_ROWS + 1 });
  });

  it('starts at the row asked for, shortened at the end, moved onto a row of the dataset', () => {
    assert.deepEqual(rowWindow(1_234_567, 3_000_000), { start: 1_234_567, count: 1_000_000, total: 3_000_000 });
    assert.deepEqual(rowWindow(2_999_990, 3_000_000), { start: 2_999_990, count: 10, total: 3_000_000 });
    assert.deepEqual(rowWindow(5_000_000, 3_000_000), { start: 2_999_999, count: 1, total: 3_000_000 });
    assert.deepEqual(rowWindow(-4, 3_000_000), { start: 0, count: 1_000_000, total: 3_000_000 });
    assert.deepEqual(rowWindow(12.7, 30, 10), { start: 12, count: 10, total: 30 });
    assert.deepEqual(rowWindow(NaN, 30, 10), { start: 0, count: 10, total: 30 });
  });

  it('pages by whole windows and stops at the ends', () => {
    const total = 2_500_000;
    assert.equal(previousStart(rowWindow(0, total)), undefined);
    assert.equal(nextStart(rowWindow(0, total)), 1_000_000);
    assert.equal(nextStart(rowWindow(1_000_000, total)), 2_000_000);
    assert.equal(nextStart(rowWindow(2_000_000, total)), undefined);
    assert.equal(nextStart(rowWindow(1_499_999, total)), 2_499_999);
    assert.equal(nextStart(rowWindow(1_500_000, total)), undefined);
    assert.equal(previousStart(rowWindow(2_000_000, total)), 1_000_000);
    assert.equal(previousStart(rowWindow(400_000, total)), 0);
    assert.equal(lastStart(rowWindow(0, total)), 1_500_000);
    assert.deepEqual(rowWindow(lastStart(rowWindow(0, total)), total), { start: 1_500_000, count: 1_000_000, total });
  });

  it('says which rows it shows', () => {
    assert.equal(rowWindowLabel(rowWindow(2_000_000, 3_000_000)), 'rows 2,000,000–2,999,999 of 3,000,000');
    assert.equal(rowWindowLabel(rowWindow(0, 1_000_000_000)), 'rows 0–999,999 of 1,000,000,000');
    assert.equal(rowWindowLabel(rowWindow(7, 8, 5)), 'rows 7–7 of 8');
  });

  it('reads typed row numbers', () => {
    assert.equal(parseRowNumber('2500000'), 2_500_000);
    assert.equal(parseRowNumber(' 2,500,000 '), 2_500_000);
    assert.equal(parseRowNumber('2 500 000'), 2_500_000);
    assert.equal(parseRowNumber('2_500_000'), 2_500_000);
    assert.equal(parseRowNumber('0'), 0);
    for (const bad of ['', '-5', '1e6', '12.5', 'abc', '99999999999999999999']) assert.equal(parseRowNumber(bad), undefined, bad);
  });

  it('adds a first column with the row index in the dataset', () => {
    const asked: [number, number][] = [];
    const grid = windowGrid(rowWindow(2_000_000, 3_000_000), ['a', 'b'], (row, col) => {
      asked.push([row, col]);
      return `${row}:${col}`;
    });
    assert.deepEqual(grid.dims, [1_000_000, 3]);
    assert.deepEqual(grid.columnHeaders, ['row', 'a', 'b']);
    assert.equal(grid.cellFormatter(0, 0), '2000000');
    assert.equal(grid.cellFormatter(999_999, 0), '2999999');
    assert.equal(grid.cellFormatter(999_999, 2), '2999999:1');
    assert.equal(grid.cellFormatter(5, 1), '2000005:0');
    assert.deepEqual(asked, [
      [2_999_999, 1],
      [2_000_005, 0],
    ]);
  });
});
