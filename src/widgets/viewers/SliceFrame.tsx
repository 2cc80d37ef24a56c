/** The frame of the viewers that plot one slice read whole (line, heatmap, image): its load state and stride note. */
import * as React from 'react';
import { strideNote } from './format.js';
import type { SliceState } from './use-slice.js';
import { ViewerFrame } from './ViewerFrame.js';

export interface SliceFrameProps {
  state: SliceState;
  /** The dataset's shape, against which the note tells how the slice was thinned. */
  dims: number[];
  toolbar: React.ReactNode;
  /** Nothing to plot yet. */
  empty: boolean;
  facts?: Record<string, string>;
  children?: React.ReactNode;
}

export function SliceFrame({ state, dims, toolbar, empty, facts, children }: SliceFrameProps): JSX.Element {
  return (
    <ViewerFrame
      toolbar={toolbar}
      note={state.shown && strideNote(state.shown.slice.axes, dims)}
      loading={state.loading}
      error={state.error}
      empty={empty}
      facts={facts}
    >
      {children}
    </ViewerFrame>
  );
}
