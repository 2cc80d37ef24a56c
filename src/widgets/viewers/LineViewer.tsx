/**
 * 1-D numeric slices as an H5Web line plot. The x values come from the dimension scale attached to the
 * plotted dimension (DIMENSION_LIST) when there is one, else from the indices read.
 */
import * as React from 'react';
import {
  AXIS_SCALE_TYPES,
  getDomain,
  LineVis,
  ScaleSelector,
  ScaleType,
  Separator,
  ToggleBtn,
  Toolbar,
  type AxisParams,
  type AxisScaleType,
} from '@h5web/lib';
import { isNumericType } from '../../client/index.js';
import type { DataProvider } from '../data/provider.js';
import type { AttributeEntry, AxisRead, DatasetEntity } from '../data/models.js';
import { axisPositions, mappedArray, plottable } from './arrays.js';
import { dimensionScaleIds } from './dimension-scales.js';
import type { ViewerProps } from './models.js';
import { useSlice } from './use-slice.js';
import { SliceFrame } from './SliceFrame.js';

/** The scale attached to the plotted dimension, read at the same positions as the values. */
function useDimensionScale(
  provider: DataProvider,
  dataset: DatasetEntity,
  attrs: readonly AttributeEntry[],
  read: AxisRead | undefined,
): AxisParams | undefined {
  const scaleId = read && dimensionScaleIds(attrs, dataset.shape?.length ?? 0)[read.dim];
  const key = read && scaleId ? `${scaleId}:${read.start}:${read.step}:${read.count}` : undefined;
  const [loaded, setLoaded] = React.useState<{ key: string; params: AxisParams }>();

  React.useEffect(() => {
    if (!key || !read || !scaleId) return;
    const controller = new AbortController();
    const signal = controller.signal;
    const load = async (): Promise<void> => {
      const scale = await provider.getDatasetById(scaleId, signal);
      const fits = scale.shape?.length === 1 && scale.shape[0] === dataset.shape![read.dim] && isNumericType(scale.type);
      if (!fits) return;
      const stop = read.start + (read.count - 1) * read.step + 1;
      const values = await provider.getValue(scale, [{ start: read.start, stop, step: read.step }], { signal });
      if (!signal.aborted) setLoaded({ key, params: { label: scale.name, value: plottable(values.data) } });
    };
    // A scale that cannot be read leaves the plot on its index axis.
    load().catch(() => undefined);
    return () => controller.abort();
  }, [provider, dataset, key]);

  return loaded && loaded.key === key ? loaded.params : undefined;
}

export function LineViewer({ provider, dataset, attrs, mapping, settings }: ViewerProps): JSX.Element {
  const [scaleType, setScaleType] = React.useState<AxisScaleType>(ScaleType.Linear);
  const [xScaleType, setXScaleType] = React.useState<AxisScaleType>(ScaleType.Linear);
  const [showGrid, setShowGrid] = React.useState(true);
  const state = useSlice(provider, dataset, mapping, { maxPointsPerAxis: settings.maxLinePoints });
  const shown = state.shown;

  const dataArray = React.useMemo(() => shown && mappedArray(shown.slice, shown.mapping), [shown]);
  const domain = React.useMemo(() => dataArray && getDomain(dataArray, { scaleType }), [dataArray, scaleType]);
  const read = shown?.slice.axes[0];
  const scale = useDimensionScale(provider, dataset, attrs, read);
  const indices = React.useMemo(
    () => read && { label: `D${read.dim}`, value: read.step > 1 || read.start > 0 ? axisPositions(read, false) : undefined },
    [read],
  );
  const abscissa = scale ?? indices;

  const toolbar = (
    <Toolbar>
      <ScaleSelector label="X" value={xScaleType} onScaleChange={setXScaleType} options={AXIS_SCALE_TYPES} />
      <ScaleSelector label="Y" value={scaleType} onScaleChange={setScaleType} options={AXIS_SCALE_TYPES} />
      <Separator />
      <ToggleBtn label="Grid" value={showGrid} onToggle={() => setShowGrid(!showGrid)} />
    </Toolbar>
  );

  return (
    <SliceFrame state={state} dims={dataset.shape!} toolbar={toolbar} empty={!dataArray} facts={{ abscissa: abscissa?.label ?? '' }}>
      {dataArray && (
        <LineVis
          className="h5lab-LineViewer"
          dataArray={dataArray}
          domain={domain}
          scaleType={scaleType}
          showGrid={showGrid}
          title={dataset.name}
          dtype={dataset.dtype}
          ordinateLabel={dataset.name}
          abscissaParams={{ ...abscissa, scaleType: xScaleType }}
        />
      )}
    </SliceFrame>
  );
}
