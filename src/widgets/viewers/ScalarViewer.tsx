/** Scalars (numbers, strings, compounds…) as text; null dataspaces and empty datasets say so. */
import * as React from 'react';
import { ScalarVis } from '@h5web/lib';
import { formatValue } from './format.js';
import type { ViewerProps } from './models.js';
import { useSlice } from './use-slice.js';
import { ViewerFrame } from './ViewerFrame.js';

function NoValues({ text }: { text: string }): JSX.Element {
  return <div className="h5lab-Viewer-message">{text}</div>;
}

function ScalarValue({ provider, dataset, mapping }: ViewerProps): JSX.Element {
  const state = useSlice(provider, dataset, mapping);
  const slice = state.shown?.slice;
  // Elements of array types come as several values (the slice's shape is the element's).
  const value = slice && (slice.shape.length > 0 ? slice.data : slice.data[0]);
  return (
    <ViewerFrame loading={state.loading} error={state.error} empty={!state.shown}>
      <ScalarVis className="h5lab-ScalarViewer" value={formatValue(value, 'Exact')} />
    </ViewerFrame>
  );
}

export function ScalarViewer(props: ViewerProps): JSX.Element {
  const shape = props.dataset.shape;
  if (shape === null) return <NoValues text="No values: the dataset has a null dataspace." />;
  if (shape.length > 0) return <NoValues text={`No values: the dataset is empty (shape ${shape.join(' × ')}).`} />;
  return <ScalarValue {...props} />;
}
