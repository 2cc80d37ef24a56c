/** What every viewer component receives. */
import type { DataProvider } from '../data/provider.js';
import type { AttributeEntry, DatasetEntity } from '../data/models.js';
import type { DimensionMapping } from '../dimension-mapper/mapping.js';
import type { ViewerSettings } from './settings.js';

export interface ViewerProps {
  provider: DataProvider;
  dataset: DatasetEntity;
  attrs: readonly AttributeEntry[];
  /** Which dimensions are shown on which axis and where the others are sliced. */
  mapping: DimensionMapping;
  settings: ViewerSettings;
}
