/**
 * The POST /datasets body of a source dataset's copy: type (or committed type id), shape and maximum shape
 * (0 for unlimited), and creation properties: the storage layout (chunk shape; contiguous and compact
 * recorded as such so that hsget can restore them), filters, and the fill value when the source set one
 * (as base64 of the binary element, exact for NaN and 64-bit values).
 */
import type { Metadata } from 'h5wasm/node';
import type { FilterJson } from '../../client/index.js';
import { isVariable, type TypeJson } from '../../core/types.js';
import type { DatasetProperties } from '../../h5file/h5-object-properties.js';
import { memoryLayout } from '../../h5file/h5-memory-layout.js';
import { encodeWire } from '../../h5file/h5-wire-values.js';

export interface DatasetBody {
  type: TypeJson | string;
  shape: number[] | 'H5S_NULL';
  maxdims?: number[];
  creationProperties: Record<string, unknown>;
}

export interface ShapeChoice {
  dims: number[] | null;
  /** null: not extensible. */
  maxdims: number[] | null;
}

/** Shape and maximum shape, with the dimensions `unlimited` lists made extensible from zero (--extend). */
export function shapeOf(md: Metadata, unlimited: ReadonlySet<number> = new Set()): ShapeChoice {
  if (md.shape === null) return { dims: null, maxdims: null };
  const dims = md.shape.map((n, d) => (unlimited.has(d) ? 0 : n));
  const max = (md.maxshape ?? md.shape).map((m, d) => (unlimited.has(d) || m >= Number.MAX_SAFE_INTEGER ? 0 : m));
  // 0 stands for unlimited, which an empty dimension must not be mistaken for.
  const extensible = max.some((m, d) => m === 0 || m !== dims[d]);
  return { dims, maxdims: extensible ? max : null };
}

/** The fill value element in base64 of its binary form, or undefined (none set, or a variable-length type). */
export function fillValueOf(md: Metadata, type: TypeJson, props: DatasetProperties): string | undefined {
  if (props.fill.state !== 'user' || !props.fill.bytes || isVariable(type) || type.class === 'H5T_REFERENCE') return undefined;
  const node = memoryLayout(md, { readByH5wasm: false });
  const bytes = encodeWire(node, props.fill.bytes, 1, { heap: props.fill.bytes, reference: () => '' });
  return Buffer.from(bytes).toString('base64');
}

export function datasetBody(options: {
  md: Metadata;
  type: TypeJson | string;
  shape: ShapeChoice;
  layout: Record<string, unknown> | undefined;
  filters: FilterJson[];
  fill?: string;
}): DatasetBody {
  const cp: Record<string, unknown> = {};
  if (options.layout) cp.layout = options.layout;
  if (options.filters.length) cp.filters = options.filters;
  if (options.fill !== undefined) {
    cp.fillValue = options.fill;
    cp.fillValue_encoding = 'base64';
  }
  const body: DatasetBody = { type: options.type, shape: options.shape.dims ?? 'H5S_NULL', creationProperties: cp };
  if (options.shape.maxdims) body.maxdims = options.shape.maxdims;
  return body;
}

/** The layout of a copied dataset: the source's chunk shape, or its class for contiguous and compact ones. */
export function copyLayout(md: Metadata, props: DatasetProperties, shape: ShapeChoice): Record<string, unknown> | undefined {
  if (shape.dims === null) return undefined;
  if (props.layout === 'chunked' && md.chunks) return { class: 'H5D_CHUNKED', dims: [...md.chunks] };
  if (props.layout === 'compact') return { class: 'H5D_COMPACT' };
  if (props.layout === 'contiguous' && shape.maxdims === null) return { class: 'H5D_CONTIGUOUS' };
  return undefined;
}
