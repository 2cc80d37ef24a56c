/** Reading the slice a viewer shows, again whenever the mapping (slider, axes) changes. */
import { useEffect, useMemo, useState } from 'react';
import type { DataProvider } from '../data/provider.js';
import type { DatasetEntity, ValueSlice } from '../data/models.js';
import { selectionFor, type DimensionMapping } from '../dimension-mapper/mapping.js';

export interface ShownSlice {
  slice: ValueSlice;
  /** The mapping the slice was read for (the current one may be newer while the next slice loads). */
  mapping: DimensionMapping;
}

export interface SliceState {
  /** The newest slice read; kept while the next one loads, so sliding does not blank the view. */
  shown?: ShownSlice;
  loading: boolean;
  error?: Error;
}

export function useSlice(
  provider: DataProvider,
  dataset: DatasetEntity,
  mapping: DimensionMapping,
  options: { maxPointsPerAxis?: number; fields?: string[] } = {},
): SliceState {
  const [state, setState] = useState<SliceState>({ loading: true });
  const key = JSON.stringify([mapping, options.maxPointsPerAxis, options.fields]);
  // A new request only when what it reads changes, not with every new array or object passed in.
  const request = useMemo(() => ({ mapping, ...options }), [key]);

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ shown: s.shown, loading: true }));
    provider
      .getValue(dataset, selectionFor(dataset.shape ?? [], request.mapping), {
        maxPointsPerAxis: request.maxPointsPerAxis,
        fields: request.fields,
        signal: controller.signal,
      })
      .then(
        (slice) => {
          if (!controller.signal.aborted) setState({ shown: { slice, mapping: request.mapping }, loading: false });
        },
        (error: Error) => {
          if (!controller.signal.aborted) setState((s) => ({ shown: s.shown, loading: false, error }));
        },
      );
    return () => controller.abort();
  }, [provider, dataset, request]);

  return state;
}
