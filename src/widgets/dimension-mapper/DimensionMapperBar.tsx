/**
 * H5Web's DimensionMapper for N-D datasets: pick the dimensions shown as axes, slide through the others.
 * Shown only when there are dimensions to slide through (it takes room a 2-D view can use better).
 */
import * as React from 'react';
import { DimensionMapper } from '@h5web/lib';
import type { DimensionMapping } from './mapping.js';

export interface DimensionMapperBarProps {
  dims: readonly number[];
  mapping: DimensionMapping;
  onChange(mapping: DimensionMapping): void;
}

export function DimensionMapperBar({ dims, mapping, onChange }: DimensionMapperBarProps): JSX.Element | null {
  if (!mapping.some((m) => typeof m === 'number')) return null;
  return (
    <div className="h5lab-DimensionMapper">
      <DimensionMapper dims={[...dims]} dimMapping={mapping} onChange={onChange} />
    </div>
  );
}
