/**
 * The frame the matrix and compound-table viewers share: the cell-width and notation toolbar, the row-window bar,
 * and H5Web's virtualized MatrixVis over either every row or, for long datasets, one window of rows.
 */
import * as React from 'react';
import { CellWidthInput, MatrixVis, Notation, NotationToggleGroup, Separator, Toolbar } from '@h5web/lib';
import type { BlockCache, LoadedBlock } from './block-cache.js';
import { formatValue } from './format.js';
import { windowGrid } from './row-window.js';
import { RowWindowControl, useRowWindow } from './RowWindowControl.js';
import { ViewerFrame } from './ViewerFrame.js';

export interface GridFrameProps<B> {
  /** The viewer's CSS class, on the grid. */
  className: string;
  /** Rows and columns of the whole grid. */
  dims: number[];
  /** Column names; H5Web numbers the columns when left out (in a window of rows, whose first column is the row index, so do we). */
  columnHeaders?: string[];
  /** The blocks of cells, read as they come into view, and a number that changes as they arrive. */
  cache: BlockCache<B>;
  version: number;
  /** The value of cell (row, col) of the grid, in its loaded block. */
  cellValue(loaded: LoadedBlock<B>, row: number, col: number): unknown;
  defaultCellWidth: number;
}

export function GridFrame<B>(props: GridFrameProps<B>): JSX.Element {
  const { className, dims, columnHeaders, cache, version, cellValue, defaultCellWidth } = props;
  const { rows, moveTo } = useRowWindow(dims[0]);
  const colCount = dims[1] ?? 1;
  const [notation, setNotation] = React.useState<Notation>(Notation.Auto);
  const [cellWidth, setCellWidth] = React.useState<number>();
  const cellFormatter = React.useCallback(
    (row: number, col: number): string => {
      const hit = cache.get(row, col);
      if (!hit) return cache.errorAt(row, col) ? '⚠' : '…';
      return formatValue(cellValue(hit, row, col), notation);
    },
    [cache, version, notation, cellValue],
  );
  const windowed = React.useMemo(
    () => rows && windowGrid(rows, columnHeaders ?? Array.from({ length: colCount }, (_, col) => String(col)), cellFormatter),
    [rows, columnHeaders, colCount, cellFormatter],
  );

  // The row window has a bar of its own under the toolbar, so that it never folds into the toolbar's menu.
  const toolbar = (
    <>
      <Toolbar>
        <CellWidthInput value={cellWidth} defaultValue={defaultCellWidth} onChange={setCellWidth} />
        <Separator />
        <NotationToggleGroup value={notation} onChange={setNotation} />
      </Toolbar>
      {rows && <RowWindowControl rows={rows} moveTo={moveTo} />}
    </>
  );

  return (
    <ViewerFrame toolbar={toolbar} loading={false} error={cache.lastError} empty={false} facts={{ 'blocks-loaded': String(cache.loads) }}>
      {rows && windowed ? (
        // A new grid per window, scrolled to its first row.
        <MatrixVis
          key={rows.start}
          className={`${className} h5lab-mod-rowWindow`}
          dims={windowed.dims}
          columnHeaders={windowed.columnHeaders}
          cellFormatter={windowed.cellFormatter}
          cellWidth={cellWidth ?? defaultCellWidth}
        />
      ) : (
        <MatrixVis
          className={className}
          dims={dims}
          columnHeaders={columnHeaders}
          cellFormatter={cellFormatter}
          cellWidth={cellWidth ?? defaultCellWidth}
        />
      )}
    </ViewerFrame>
  );
}
