/**
 * Any non-compound dataset as a grid of values (H5Web's virtualized MatrixVis). Only the blocks of rows and
 * columns in view are read, as they come into view. Past MAX_GRID_ROWS rows the grid shows a window of rows.
 */
import * as React from 'react';
import { dimOf, selectionFor } from '../dimension-mapper/mapping.js';
import { gridReader, type CellReader } from './arrays.js';
import type { LoadedBlock } from './block-cache.js';
import type { ViewerProps } from './models.js';
import { GridFrame } from './GridFrame.js';
import { useBlockCache } from './use-block-cache.js';

/** Rows per block: a few screens, so that scrolling reads one block every few pages. */
const BLOCK_ROWS = 256;
const BLOCK_COLS = 32;
const DEFAULT_CELL_WIDTH = 116;

const cellValue = (hit: LoadedBlock<CellReader>, row: number, col: number) => hit.block(row - hit.rowStart, col - hit.colStart);

export function MatrixViewer({ provider, dataset, mapping }: ViewerProps): JSX.Element {
  const dims = dataset.shape!;
  const yDim = dimOf(mapping, 'y');
  const xDim = dimOf(mapping, 'x')!;
  // One mapped dimension (1-D data): a single column of rows along it.
  const rowDim = yDim ?? xDim;
  const colDim = yDim === undefined ? undefined : xDim;
  const rowCount = dims[rowDim];
  const colCount = colDim === undefined ? 1 : dims[colDim];

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

  return (
    <GridFrame
      className="h5lab-MatrixViewer"
      dims={colDim === undefined ? [rowCount] : [rowCount, colCount]}
      cache={cache}
      version={version}
      cellValue={cellValue}
      defaultCellWidth={DEFAULT_CELL_WIDTH}
    />
  );
}
