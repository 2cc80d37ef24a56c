/**
 * What the viewers know of a domain: tree nodes, entities with their metadata, attributes and value slices.
 * Plain data, independent of the SDK objects and of any view.
 */
import type { ArrayData, FilterJson } from '../../client/index.js';
import type { TypeJson } from '../../core/types.js';

/**
 * Where the HDF REST service is and how to reach it: an endpoint and a fetch that adds the authentication.
 * IH5LabConnection fits; a notebook widget can pass its own.
 */
export interface DataSource {
  readonly endpoint: string;
  readonly bucket?: string | undefined;
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

export type EntityKind = 'group' | 'dataset' | 'datatype' | 'soft-link' | 'external-link';

/** One row of the domain tree. */
export interface TreeNode {
  name: string;
  /** Absolute path of the link ('/' for the root). */
  path: string;
  kind: EntityKind;
  /** Object id of hard links. */
  id?: string;
  /** Groups with at least one link. */
  hasChildren: boolean;
}

interface EntityBase {
  name: string;
  path: string;
  /** The object's JSON as the server sent it (links and attributes included when they came with it). */
  raw: Readonly<Record<string, unknown>>;
}

interface ObjectEntityBase extends EntityBase {
  id: string;
  created?: number;
  lastModified?: number;
  attributeCount: number;
}

export interface GroupEntity extends ObjectEntityBase {
  kind: 'group';
  linkCount: number;
}

export interface DatasetEntity extends ObjectEntityBase {
  kind: 'dataset';
  /** [] for a scalar, null for a null dataspace. */
  shape: number[] | null;
  maxshape: (number | null)[] | null;
  type: TypeJson;
  /** numpy-like name of the type ('float32', 'str', …). */
  dtype: string;
  chunks: number[] | null;
  /** HDF5 layout class ('H5D_CHUNKED', 'H5D_CONTIGUOUS', …) when the server reports one. */
  layout?: string;
  filters: FilterJson[];
  fillValue: unknown;
}

export interface DatatypeEntity extends ObjectEntityBase {
  kind: 'datatype';
  type: TypeJson;
  dtype: string;
}

/** A soft or external link whose target is not an object of this domain's tree. */
export interface LinkEntity extends EntityBase {
  kind: 'soft-link' | 'external-link';
  targetPath: string;
  /** External links only. */
  targetDomain?: string;
}

export type Entity = GroupEntity | DatasetEntity | DatatypeEntity | LinkEntity;
export type ObjectEntity = GroupEntity | DatasetEntity | DatatypeEntity;

export interface AttributeEntry {
  name: string;
  type: TypeJson;
  dtype: string;
  /** [] for a scalar, null for a null dataspace. */
  shape: number[] | null;
  /** A plain value for scalars, an NdArray-like `{data, shape}` for arrays, null for a null dataspace. */
  value: unknown;
}

/** Per dataset dimension: an index (the dimension is dropped) or a range that stays in the result. */
export type DimSelection = number | { start: number; stop: number; step?: number };

/** A kept dimension of a value slice: which dataset dimension, and the positions read along it. */
export interface AxisRead {
  dim: number;
  start: number;
  step: number;
  count: number;
}

export interface ValueSlice {
  /** Flat C-order values: TypedArrays for numeric types, JS values otherwise (objects for compounds). */
  data: ArrayData;
  /** Kept dimensions in dataset order, then the dimensions of array-typed elements. */
  shape: number[];
  /** Type of the elements of `data`. */
  type: TypeJson;
  dtype: string;
  /** One entry per kept dimension, in dataset order. */
  axes: AxisRead[];
}

export interface ValueOptions {
  /** Read every n-th element along kept dimensions so that none has more than this many points. */
  maxPointsPerAxis?: number;
  /** Compound fields to read (all when omitted). */
  fields?: string[];
  signal?: AbortSignal;
}

export function isObjectEntity(entity: Entity): entity is ObjectEntity {
  return entity.kind === 'group' || entity.kind === 'dataset' || entity.kind === 'datatype';
}
