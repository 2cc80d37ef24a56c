/**
 * HDF5 dimension scales: a dataset's `DIMENSION_LIST` attribute holds, per dimension, object references to
 * the datasets that label it (h5py's `dset.dims[i].attach_scale(x)`). Over HDF REST a reference reads as
 * "datasets/d-…".
 */
import type { AttributeEntry } from '../data/models.js';

/** A dataset id (HSDS v2 or v1 form: 32 hex digits in dash-separated groups), alone or after 'datasets/'. */
const DATASET_ID = /(?:^|\/)(d-[0-9a-f]{8}(?:-[0-9a-f]{4,12}){4})$/i;

function firstDatasetId(value: unknown): string | undefined {
  if (typeof value === 'string') return DATASET_ID.exec(value)?.[1];
  if (Array.isArray(value)) {
    for (const v of value) {
      const id = firstDatasetId(v);
      if (id) return id;
    }
  }
  return undefined;
}

/** Per dimension, the id of the first scale attached to it; undefined where there is none. */
export function dimensionScaleIds(attrs: readonly AttributeEntry[], rank: number): (string | undefined)[] {
  const value = attrs.find((a) => a.name === 'DIMENSION_LIST')?.value;
  const perDim: unknown[] | undefined = Array.isArray(value)
    ? value
    : value && typeof value === 'object' && Array.isArray((value as { data?: unknown }).data)
      ? ((value as { data: unknown[] }).data)
      : undefined;
  return Array.from({ length: rank }, (_, d) => firstDatasetId(perDim?.[d]));
}
