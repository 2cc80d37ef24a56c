/** The layout every viewer shares: toolbar, a note on downsampling, the visualization, load state. */
import * as React from 'react';

export interface ViewerFrameProps {
  toolbar?: React.ReactNode;
  note?: string;
  loading: boolean;
  error?: Error;
  /** Nothing to show yet (first load). */
  empty: boolean;
  /** Facts about what is shown, as data-* attributes of the frame (e.g. `{abscissa: 'time'}`). */
  facts?: Record<string, string>;
  children?: React.ReactNode;
}

export function ViewerFrame({ toolbar, note, loading, error, empty, facts = {}, children }: ViewerFrameProps): JSX.Element {
  const data = Object.fromEntries(Object.entries(facts).map(([name, value]) => [`data-${name}`, value]));
  return (
    <div className="h5lab-Viewer" data-loading={loading ? 'true' : 'false'} {...data}>
      {toolbar}
      {note && <div className="h5lab-Viewer-note">{note}</div>}
      <div className="h5lab-Viewer-body">
        {empty ? <div className="h5lab-Viewer-message">{error ? '' : 'Loading…'}</div> : children}
      </div>
      {error && <div className="h5lab-Viewer-error">{error.message}</div>}
    </div>
  );
}
