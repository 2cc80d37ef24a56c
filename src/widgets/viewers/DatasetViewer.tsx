/**
 * One dataset of one domain, on its own: opens the domain, reads the dataset's metadata and shows the viewer
 * area. Depends on no part of the lab shell, so a notebook widget can render the same viewer.
 */
import * as React from 'react';
import { HsdsDataProvider } from '../data/hsds-provider.js';
import type { AttributeEntry, DataSource, DatasetEntity } from '../data/models.js';
import type { DataProvider } from '../data/provider.js';
import { DatasetView } from './DatasetView.js';
import { DEFAULT_VIEWER_SETTINGS, type ViewerSettings } from './settings.js';

export interface DatasetViewerProps {
  /** Where the service is and how to authenticate: an IH5LabConnection, or any endpoint with a fetch. */
  connection: DataSource;
  domain: string;
  path: string;
  settings?: Partial<ViewerSettings>;
}

interface Loaded {
  provider: DataProvider;
  dataset: DatasetEntity;
  attrs: AttributeEntry[];
}

export function DatasetViewer({ connection, domain, path, settings }: DatasetViewerProps): JSX.Element {
  const [state, setState] = React.useState<{ loaded?: Loaded; error?: Error }>({});
  const merged = React.useMemo(() => ({ ...DEFAULT_VIEWER_SETTINGS, ...settings }), [settings]);

  React.useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    let provider: HsdsDataProvider | undefined;
    const load = async (): Promise<void> => {
      const opened = await HsdsDataProvider.open(connection, domain, { signal });
      if (signal.aborted) return void (await opened.close());
      provider = opened;
      const entity = await provider.getEntity(path);
      if (entity.kind !== 'dataset') throw new Error(`${path} in ${domain} is not a dataset (it is a ${entity.kind})`);
      const attrs = await provider.getAttrs(entity, signal);
      if (!signal.aborted) setState({ loaded: { provider, dataset: entity, attrs } });
    };
    setState({});
    load().catch((error: Error) => {
      if (!signal.aborted) setState({ error });
    });
    return () => {
      controller.abort();
      void provider?.close();
    };
  }, [connection, domain, path]);

  if (state.error) return <div className="h5lab-DatasetViewer h5lab-Viewer-error">{state.error.message}</div>;
  if (!state.loaded) return <div className="h5lab-DatasetViewer h5lab-Viewer-message">Loading {path}…</div>;
  const { provider, dataset, attrs } = state.loaded;
  return (
    <div className="h5lab-DatasetViewer">
      <DatasetView key={dataset.path} provider={provider} dataset={dataset} attrs={attrs} settings={merged} />
    </div>
  );
}
