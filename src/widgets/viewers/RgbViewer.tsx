/** True-colour images ([height, width, 3] with CLASS = IMAGE) through H5Web's RGB visualization. */
import * as React from 'react';
import { ImageType, RgbVis, Separator, ToggleBtn, Toolbar } from '@h5web/lib';
import { imageAxes, mappedArray } from './arrays.js';
import type { ViewerProps } from './models.js';
import { useSlice } from './use-slice.js';
import { SliceFrame } from './SliceFrame.js';

export function RgbViewer({ provider, dataset, mapping, settings }: ViewerProps): JSX.Element {
  const [keepRatio, setKeepRatio] = React.useState(true);
  const [showGrid, setShowGrid] = React.useState(false);
  const [bgr, setBgr] = React.useState(false);
  const state = useSlice(provider, dataset, mapping, { maxPointsPerAxis: settings.maxPointsPerAxis });
  const shown = state.shown;

  const dataArray = React.useMemo(() => shown && mappedArray(shown.slice, shown.mapping), [shown]);
  const axes = React.useMemo(() => shown && imageAxes(shown.slice.axes, shown.mapping), [shown]);

  const toolbar = (
    <Toolbar>
      <ToggleBtn label="BGR" value={bgr} onToggle={() => setBgr(!bgr)} />
      <Separator />
      <ToggleBtn label="Keep ratio" value={keepRatio} onToggle={() => setKeepRatio(!keepRatio)} />
      <ToggleBtn label="Grid" value={showGrid} onToggle={() => setShowGrid(!showGrid)} />
    </Toolbar>
  );

  return (
    <SliceFrame state={state} dims={dataset.shape!} toolbar={toolbar} empty={!dataArray}>
      {dataArray && axes && (
        <RgbVis
          className="h5lab-RgbViewer"
          dataArray={dataArray}
          imageType={bgr ? ImageType.BGR : ImageType.RGB}
          aspect={keepRatio ? 'equal' : 'auto'}
          showGrid={showGrid}
          title={dataset.name}
          abscissaParams={axes.x}
          ordinateParams={axes.y}
        />
      )}
    </SliceFrame>
  );
}
