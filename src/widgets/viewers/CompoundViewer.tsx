/**
 * Compound datasets as a table: one row per element along the mapped dimension, one column per field.
 * Virtualized like the matrix, reading only the blocks of rows in view; past MAX_GRID_ROWS rows it shows a
 * window of rows.
 */
import * as React from 'react';
import { CellWidthInput, MatrixVis, Notation, NotationToggleGroup, Separator, Toolbar } from '@h5web/lib';
import { normalizeNested } from '../../core/types.js';
import { dimOf, selectionFor } from '../dimension-mapper/mapping.js';
import { formatValue } from './format.js';
import type { ViewerProps } from './models.js';
import { windowGrid } from './row-window.js';
import { RowWindowControl, useRowWindow } from './RowWindowControl.js';
import { useBlockCache } from './use-block-cache.js';
import { ViewerFrame } from './ViewerFrame.js';

const BLOCK_ROWS = 256;
const DEFAULT_CELL_WIDTH = 140;

type RowReader = (row: number) => Record<string, unknown>;

export function CompoundViewer({ provider, dataset, mapping }: ViewerProps): JSX.Element {
  const [notation, setNotation] = React.useState<Notation>(Notation.Auto);
  const [cellWidth, setCellWidth] = React.useState<number>();
  const dims = dataset.shape!;
  const rowDim = dimOf(mapping, 'x')!;
  const fields = React.useMemo(() => {
    const type = normalizeNested(dataset.type);
    return type.class === 'H5T_COMPOUND' ? type.fields.map((f) => f.name) : [];
  }, [dataset]);
  const { rows, moveTo } = useRowWindow(dims[rowDim]);

  const { cache, version } = useBlockCache<RowReader>(
    () => ({
      rowCount: dims[rowDim],
      colCount: fields.length,
      blockRows: BLOCK_ROWS,
      // Rows are read with all their fields.
      blockCols: Math.max(1, fields.length),
      load: async (rowStart, rowStop, _colStart, _colStop, signal) => {
        const slice = await provider.getValue(dataset, selectionFor(dims, mapping, { x: [rowStart, rowStop] }), { signal });
        const rows = slice.data as Record<string, unknown>[];
        return (row) => rows[row];
      },
    }),
    [provider, dataset, fields, JSON.stringify(mapping)],
  );

  const cellFormatter = React.useCallback(
    (row: number, col: number): string => {
      const hit = cache.get(row, col);
      if (!hit) return cache.errorAt(row, col) ? '⚠' : '…';
      return formatValue(hit.block(row - hit.rowStart)[fields[col]], notation);
    },
    [cache, version, notation, fields],
  );

  const windowed = React.useMemo(() => rows && windowGrid(rows, fields, cellFormatter), [rows, fields, cellFormatter]);

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
          className="h5lab-CompoundViewer h5lab-mod-rowWindow"
          dims={windowed.dims}
          columnHeaders={windowed.columnHeaders}
          cellFormatter={windowed.cellFormatter}
          cellWidth={cellWidth ?? DEFAULT_CELL_WIDTH}
        />
      ) : (
        <MatrixVis
          className="h5lab-CompoundViewer"
          dims={[dims[rowDim], fields.length]}
          columnHeaders={fields}
          cellFormatter={cellFormatter}
          cellWidth={cellWidth ?? DEFAULT_CELL_WIDTH}
        />
      )}
    </ViewerFrame>
  );
}
