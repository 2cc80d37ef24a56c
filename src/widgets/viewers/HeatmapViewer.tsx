/** 2-D numeric slices as an H5Web heatmap: colour maps, colour scales, colour bar, downsampled by stride. */
import * as React from 'react';
import {
  ColorMapSelector,
  getDomain,
  HeatmapVis,
  ScaleSelector,
  ScaleType,
  Separator,
  ToggleBtn,
  Toolbar,
  type ColorMap,
  type ColorScaleType,
} from '@h5web/lib';
import { imageAxes, mappedArray } from './arrays.js';
import type { ViewerProps } from './models.js';
import { useSlice } from './use-slice.js';
import { SliceFrame } from './SliceFrame.js';

const COLOR_SCALES: ColorScaleType[] = [ScaleType.Linear, ScaleType.Log, ScaleType.SymLog, ScaleType.Sqrt];

export function HeatmapViewer({ provider, dataset, mapping, settings }: ViewerProps): JSX.Element {
  const [colorMap, setColorMap] = React.useState(settings.colorMap as ColorMap);
  const [invertColorMap, setInvertColorMap] = React.useState(false);
  const [scaleType, setScaleType] = React.useState<ColorScaleType>(ScaleType.Linear);
  const [keepRatio, setKeepRatio] = React.useState(true);
  const [showGrid, setShowGrid] = React.useState(false);
  const state = useSlice(provider, dataset, mapping, { maxPointsPerAxis: settings.maxPointsPerAxis });
  const shown = state.shown;

  const dataArray = React.useMemo(() => shown && mappedArray(shown.slice, shown.mapping), [shown]);
  const domain = React.useMemo(() => dataArray && getDomain(dataArray, { scaleType }), [dataArray, scaleType]);
  const axes = React.useMemo(() => shown && imageAxes(shown.slice.axes, shown.mapping), [shown]);

  const toolbar = (
    <Toolbar>
      <ColorMapSelector
        value={colorMap}
        onValueChange={setColorMap}
        invert={invertColorMap}
        onInversionChange={() => setInvertColorMap(!invertColorMap)}
      />
      <Separator />
      <ScaleSelector label="Scale" value={scaleType} onScaleChange={setScaleType} options={COLOR_SCALES} />
      <Separator />
      <ToggleBtn label="Keep ratio" value={keepRatio} onToggle={() => setKeepRatio(!keepRatio)} />
      <ToggleBtn label="Grid" value={showGrid} onToggle={() => setShowGrid(!showGrid)} />
    </Toolbar>
  );

  return (
    <SliceFrame state={state} dims={dataset.shape!} toolbar={toolbar} empty={!dataArray}>
      {dataArray && axes && (
        <HeatmapVis
          className="h5lab-HeatmapViewer"
          dataArray={dataArray}
          domain={domain}
          colorMap={colorMap}
          invertColorMap={invertColorMap}
          scaleType={scaleType}
          aspect={keepRatio ? 'equal' : 'auto'}
          showGrid={showGrid}
          title={dataset.name}
          dtype={dataset.dtype}
          abscissaParams={axes.x}
          ordinateParams={axes.y}
        />
      )}
    </SliceFrame>
  );
}
