/**
 * Compound datasets as a table: one row per element along the mapped dimension, one column per field.
 * Virtualized like the matrix, reading only the blocks of rows in view; past MAX_GRID_ROWS rows it shows a
 * window of rows.
 */
import * as React from 'react';
import { normalizeNested } from '../../core/types.js';
import { dimOf, selectionFor } from '../dimension-mapper/mapping.js';
import type { LoadedBlock } from './block-cache.js';
import type { ViewerProps } from './models.js';
import { GridFrame } from './GridFrame.js';
import { useBlockCache } from './use-block-cache.js';

const BLOCK_ROWS = 256;
const DEFAULT_CELL_WIDTH = 140;

type RowReader = (row: number) => Record<string, unknown>;

export function CompoundViewer({ provider, dataset, mapping }: ViewerProps): JSX.Element {
  const dims = dataset.shape!;
  const rowDim = dimOf(mapping, 'x')!;
  const fields = React.useMemo(() => {
    const type = normalizeNested(dataset.type);
    return type.class === 'H5T_COMPOUND' ? type.fields.map((f) => f.name) : [];
  }, [dataset]);

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

  const cellValue = React.useCallback(
    (hit: LoadedBlock<RowReader>, row: number, col: number) => hit.block(row - hit.rowStart)[fields[col]],
    [fields],
  );

  return (
    <GridFrame
      className="h5lab-CompoundViewer"
      dims={[dims[rowDim], fields.length]}
      columnHeaders={fields}
      cache={cache}
      version={version}
      cellValue={cellValue}
      defaultCellWidth={DEFAULT_CELL_WIDTH}
    />
  );
}
