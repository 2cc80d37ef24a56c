/**
 * Any non-compound dataset as a grid of values (H5Web's virtualized MatrixVis). Only the blocks of rows and
 * columns in view are read, as they come into view.
 */
import * as React from 'react';
import { CellWidthInput, MatrixVis, Notation, NotationToggleGroup, Separator, Toolbar } from '@h5web/lib';
import { dimOf, selectionFor } from '../dimension-mapper/mapping.js';
import { gridReader, type CellReader } from './arrays.js';
import { formatValue } from './format.js';
import type { ViewerProps } from './models.js';
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

  const toolbar = (
    <Toolbar>
      <CellWidthInput value={cellWidth} defaultValue={DEFAULT_CELL_WIDTH} onChange={setCellWidth} />
      <Separator />
      <NotationToggleGroup value={notation} onChange={setNotation} />
    </Toolbar>
  );

  return (
    <ViewerFrame toolbar={toolbar} loading={false} error={cache.lastError} empty={false} facts={{ 'blocks-loaded': String(cache.loads) }}>
      <MatrixVis
        className="h5lab-MatrixViewer"
        dims={colDim === undefined ? [rowCount] : [rowCount, colCount]}
        cellFormatter={cellFormatter}
        cellWidth={cellWidth ?? DEFAULT_CELL_WIDTH}
      />
    </ViewerFrame>
  );
}
