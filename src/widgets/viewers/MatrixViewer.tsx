/**
 * Any non-compound dataset as a grid of values (H5Web's virtualized MatrixVis). Only the blocks of rows and
 * columns in view are read, as they come into view. Past MAX_GRID_ROWS rows the grid shows a window of rows.
 */
import * as React from 'react';
import { CellWidthInput, MatrixVis, Notation, NotationToggleGroup, Separator, Toolbar } from '@h5web/lib';
import { dimOf, selectionFor } from '../dimension-mapper/mapping.js';
import { gridReader, type CellReader } from './arrays.js';
import { formatValue } from './format.js';
import type { ViewerProps } from './models.js';
import { windowGrid } from './row-window.js';
import { RowWindowControl, useRowWindow } from './RowWindowControl.js';
import { useBlockCache } from './use-block-cache.js';
import { ViewerFrame } from './ViewerFrame.js';

/** Rows per block: a few screens, so that scrolling reads one block every few pages. */
const BLOCK_ROWS = 256;
const BLOCK_COLS = 32;
const DEFAULT_CELL_WIDTH = 116;

export function MatrixViewer({ provider, dataset, mapping }: ViewerProps): JSX.Element {
  const [notation, setNotation] = React.useState<Notation>(Notation.Auto);
  const [cellWidth, setCellWidth] = React.useState<number>();
  const dims = dataset.shape!;
  const yDim = dimOf(mapping, 'y');
  const xDim = dimOf(mapping, 'x')!;
  // One mapped dimension (1-D data): a single column of rows along it.
  const rowDim = yDim ?? xDim;
  const colDim = yDim === undefined ? undefined : xDim;
  const rowCount = dims[rowDim];
  const colCount = colDim === undefined ? 1 : dims[colDim];
  const { rows, moveTo } = useRowWindow(rowCount);

  const { cache, version } = useBlockCache<CellReader>(
    () => ({
      rowCount,
      colCount,
      blockRows: BLOCK_ROWS,
      blockCols: BLOCK_COLS,
      load: async (rowStart, rowStop, colStart, colStop, signal) => {
        const ranges: Parameters<typeof selectionFor>[2] =
          colDim === undefined ? { x: [rowStart, rowStop] } : { y: [rowStart, rowStop], x: [colStart, colStop] };
        const slice = await provider.getValue(dataset, selectionFor(dims, mapping, ranges), { signal });
        return gridReader(slice, rowDim, rowStop - rowStart, colStop - colStart);
      },
    }),
    [provider, dataset, JSON.stringify(mapping)],
  );

  const cellFormatter = React.useCallback(
    (row: number, col: number): string => {
      const hit = cache.get(row, col);
      if (!hit) return cache.errorAt(row, col) ? '⚠' : '…';
      return formatValue(hit.block(row - hit.rowStart, col - hit.colStart), notation);
    },
    [cache, version, notation],
  );

  // A window's grid names its columns, as its first one is the row index; H5Web numbers them otherwise.
  const isWindowed = rows !== undefined;
  const columnHeaders = React.useMemo(
    () => (isWindowed ? Array.from({ length: colCount }, (_, col) => String(col)) : []),
    [isWindowed, colCount],
  );
  const windowed = React.useMemo(() => rows && windowGrid(rows, columnHeaders, cellFormatter), [rows, columnHeaders, cellFormatter]);

  // The row window has a bar of its own under the toolbar, so that it never folds into the toolbar's menu.
  const toolbar = (
    <>
      <Toolbar>
        <CellWidthInput value={cellWidth} defaultValue={DEFAULT_CELL_WIDTH} onChange={setCellWidth} />
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
          className="h5lab-MatrixViewer h5lab-mod-rowWindow"
          dims={windowed.dims}
          columnHeaders={windowed.columnHeaders}
          cellFormatter={windowed.cellFormatter}
          cellWidth={cellWidth ?? DEFAULT_CELL_WIDTH}
        />
      ) : (
        <MatrixVis
          className="h5lab-MatrixViewer"
          dims={colDim === undefined ? [rowCount] : [rowCount, colCount]}
          cellFormatter={cellFormatter}
          cellWidth={cellWidth ?? DEFAULT_CELL_WIDTH}
        />
      )}
    </ViewerFrame>
  );
}
