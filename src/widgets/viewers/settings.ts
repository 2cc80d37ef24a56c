/** Viewer preferences (the `h5lab:domain-view` settings, or a widget's own). */

export interface ViewerSettings {
  /** Colour map of heatmaps: a name from H5Web's INTERPOLATORS ('Viridis', 'Inferno', …). */
  colorMap: string;
  /** Images and heatmaps: positions per axis above which the slice is read with a stride. */
  maxPointsPerAxis: number;
  /** Lines: points above which the slice is read with a stride. */
  maxLinePoints: number;
}

export const DEFAULT_VIEWER_SETTINGS: ViewerSettings = {
  colorMap: 'Viridis',
  maxPointsPerAxis: 2048,
  maxLinePoints: 100_000,
};
