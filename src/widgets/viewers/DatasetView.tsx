/**
 * The viewer area for one dataset: the viewers that fit it (the first one open), the dimension mapper for
 * N-D data, and the chosen viewer.
 */
import * as React from 'react';
import type { DataProvider } from '../data/provider.js';
import type { AttributeEntry, DatasetEntity } from '../data/models.js';
import { DimensionMapperBar } from '../dimension-mapper/DimensionMapperBar.js';
import { initialMapping, type DimensionMapping } from '../dimension-mapper/mapping.js';
import { VIEWER_COMPONENTS } from './components.js';
import { VIEWERS, viewersFor, type ViewerId } from './registry.js';
import type { ViewerSettings } from './settings.js';

export interface DatasetViewProps {
  provider: DataProvider;
  dataset: DatasetEntity;
  attrs: readonly AttributeEntry[];
  settings: ViewerSettings;
}

interface Choice {
  viewer: ViewerId;
  mapping: DimensionMapping;
}

function choose(viewer: ViewerId, dataset: DatasetEntity): Choice {
  const spec = VIEWERS[viewer];
  return { viewer, mapping: initialMapping(dataset.shape ?? [], spec.axes, spec.lockedDims) };
}

export function DatasetView({ provider, dataset, attrs, settings }: DatasetViewProps): JSX.Element {
  const viewers = React.useMemo(() => viewersFor(dataset, attrs), [dataset, attrs]);
  // Viewer and mapping change together: a viewer never renders with another viewer's mapping.
  const [choice, setChoice] = React.useState<Choice>(() => choose(viewers[0], dataset));
  const Viewer = VIEWER_COMPONENTS[choice.viewer];

  return (
    <div className="h5lab-DatasetView" data-viewer={choice.viewer} data-path={dataset.path}>
      <div className="h5lab-DatasetView-tabs" role="tablist" aria-label="Viewers">
        {viewers.map((id) => (
          <button
            key={id}
            role="tab"
            aria-selected={id === choice.viewer}
            className={`h5lab-DatasetView-tab${id === choice.viewer ? ' h5lab-mod-selected' : ''}`}
            data-viewer={id}
            onClick={() => id !== choice.viewer && setChoice(choose(id, dataset))}
          >
            {VIEWERS[id].label}
          </button>
        ))}
        <span className="h5lab-DatasetView-summary">
          {dataset.dtype}, {dataset.shape === null ? 'null dataspace' : dataset.shape.length === 0 ? 'scalar' : dataset.shape.join(' × ')}
        </span>
      </div>
      {dataset.shape && dataset.shape.length > 0 && (
        <DimensionMapperBar
          dims={dataset.shape}
          mapping={choice.mapping}
          onChange={(mapping) => setChoice({ viewer: choice.viewer, mapping })}
        />
      )}
      <div className="h5lab-DatasetView-viewer">
        <Viewer key={choice.viewer} provider={provider} dataset={dataset} attrs={attrs} mapping={choice.mapping} settings={settings} />
      </div>
    </div>
  );
}
