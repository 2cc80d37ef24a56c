/**
 * The seam between the viewers and the HDF REST service, after H5Web's DataProviderApi: the views ask a
 * DataProvider for the tree, entities, attributes and value slices, and never build requests themselves.
 */
import type { AttributeEntry, DatasetEntity, DimSelection, Entity, TreeNode, ValueOptions, ValueSlice } from './models.js';

/** How the tree came: all metadata in one request (`domain_objs`), or one listing of every group's links. */
export type TreeSource = 'domain_objs' | 'link-listing';

export interface DataProvider {
  /** Path of the open domain. */
  readonly domain: string;
  readonly treeSource: TreeSource;
  /** Number of objects (groups, datasets, datatypes) reachable from the root. */
  readonly objectCount: number;

  /** The links of the group at `path`, in the group's order; [] for anything that is not a group. */
  children(path: string): TreeNode[];
  /** The entity at `path`; soft links inside the domain are followed. Rejects when nothing is there. */
  getEntity(path: string, signal?: AbortSignal): Promise<Entity>;
  /** A dataset by id (dimension scales are referenced this way); its path is the first one it is reached by. */
  getDatasetById(id: string, signal?: AbortSignal): Promise<DatasetEntity>;
  /** Attributes of a group, dataset or datatype, with their values; [] for links. */
  getAttrs(entity: Entity, signal?: AbortSignal): Promise<AttributeEntry[]>;
  /**
   * Values of a selection (everything when omitted), read in binary. With `maxPointsPerAxis`, kept dimensions
   * are read with a stride so that large slices stay small; the result says which positions were read.
   */
  getValue(dataset: DatasetEntity, selection?: DimSelection[], options?: ValueOptions): Promise<ValueSlice>;
  /** Releases what the provider holds (its connection, when it made one). */
  close(): Promise<void>;
}
