/** The component drawing each viewer of the registry. */
import type { ComponentType } from 'react';
import { CompoundViewer } from './CompoundViewer.js';
import { HeatmapViewer } from './HeatmapViewer.js';
import { LineViewer } from './LineViewer.js';
import { MatrixViewer } from './MatrixViewer.js';
import type { ViewerProps } from './models.js';
import type { ViewerId } from './registry.js';
import { RgbViewer } from './RgbViewer.js';
import { ScalarViewer } from './ScalarViewer.js';

export const VIEWER_COMPONENTS = {
  scalar: ScalarViewer,
  rgb: RgbViewer,
  heatmap: HeatmapViewer,
  line: LineViewer,
  compound: CompoundViewer,
  matrix: MatrixViewer,
} satisfies Record<ViewerId, ComponentType<ViewerProps>>;
