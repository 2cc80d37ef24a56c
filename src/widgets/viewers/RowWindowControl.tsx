/**
 * The bar that moves the row window of a grid too long to show whole (see row-window.ts): the first row
 * shown, buttons to the first, previous, next and last window, and which rows are shown.
 */
import * as React from 'react';
import { Btn } from '@h5web/lib';
import {
  lastStart,
  MAX_GRID_ROWS,
  nextStart,
  parseRowNumber,
  previousStart,
  rowWindow,
  rowWindowLabel,
  windowFor,
  type RowWindow,
} from './row-window.js';

/** The window of a grid of `total` rows (undefined when they all fit), and how to move it. */
export function useRowWindow(total: number): { rows: RowWindow | undefined; moveTo(start: number): void } {
  const [start, setStart] = React.useState(0);
  const rows = React.useMemo(() => windowFor(start, total), [start, total]);
  return { rows, moveTo: (row) => setStart(rowWindow(row, total).start) };
}

export interface RowWindowControlProps {
  rows: RowWindow;
  moveTo(start: number): void;
}

export function RowWindowControl({ rows, moveTo }: RowWindowControlProps): JSX.Element {
  const id = React.useId();
  const shown = String(rows.start);
  const [text, setText] = React.useState(shown);
  React.useEffect(() => setText(shown), [shown]);

  const commit = (): void => {
    const row = parseRowNumber(text);
    if (row === undefined) setText(shown);
    else {
      setText(String(rowWindow(row, rows.total).start));
      moveTo(row);
    }
  };
  const previous = previousStart(rows);
  const next = nextStart(rows);
  const last = lastStart(rows);
  const step = MAX_GRID_ROWS.toLocaleString('en-US');

  return (
    <div className="h5lab-RowWindow" role="toolbar" aria-label="Rows shown">
      <label className="h5lab-RowWindow-label" htmlFor={id}>
        First row
      </label>
      <input
        id={id}
        className="h5lab-RowWindow-input"
        type="text"
        inputMode="numeric"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          else if (e.key === 'Escape') setText(shown);
        }}
        onBlur={commit}
      />
      <Btn
        label="«"
        title={`First ${step} rows`}
        aria-label="Rows from the start"
        disabled={rows.start === 0}
        onClick={() => moveTo(0)}
      />
      <Btn
        label="‹"
        title={`Previous ${step} rows`}
        aria-label="Previous rows"
        disabled={previous === undefined}
        onClick={() => previous !== undefined && moveTo(previous)}
      />
      <Btn
        label="›"
        title={`Next ${step} rows`}
        aria-label="Next rows"
        disabled={next === undefined}
        onClick={() => next !== undefined && moveTo(next)}
      />
      <Btn
        label="»"
        title={`Last ${step} rows`}
        aria-label="Rows to the end"
        disabled={rows.start === last}
        onClick={() => moveTo(last)}
      />
      <span className="h5lab-RowWindow-range" aria-live="polite">
        {rowWindowLabel(rows)}
      </span>
    </div>
  );
}
