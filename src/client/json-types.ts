/** Shapes of the HDF REST JSON the SDK reads (the fields it uses; servers may send more). */
import { TypeJson } from '../core/types.js';

export type Collection = 'groups' | 'datasets' | 'datatypes';

export interface Limits {
  min_chunk_size?: number;
  max_chunk_size?: number;
  max_request_size?: number;
}

export interface ShapeJson {
  class: 'H5S_NULL' | 'H5S_SCALAR' | 'H5S_SIMPLE';
  dims?: number[];
  maxdims?: (number | 'H5S_UNLIMITED')[];
}

export interface StoredLinkJson {
  class: 'H5L_TYPE_HARD' | 'H5L_TYPE_SOFT' | 'H5L_TYPE_EXTERNAL' | string;
  id?: string;
  h5path?: string;
  h5domain?: string;
  created?: number;
  title?: string;
  collection?: Collection;
}

export interface AttributeJson {
  name?: string;
  type: TypeJson;
  shape: ShapeJson;
  value?: unknown;
  encoding?: 'base64';
  created?: number;
}

export interface ObjectJson {
  id: string;
  root?: string;
  created?: number;
  lastModified?: number;
  attributeCount?: number;
  creationProperties?: Record<string, unknown>;
  /** Present in `domain_objs` entries (stored form, keyed by name). */
  attributes?: Record<string, AttributeJson>;
}

export interface GroupJson extends ObjectJson {
  linkCount?: number;
  /** Present in `domain_objs` entries (stored form, keyed by title). */
  links?: Record<string, StoredLinkJson>;
}

export interface DatasetJson extends ObjectJson {
  type: TypeJson;
  shape: ShapeJson;
  layout?: { class: string; dims?: number[] };
  num_chunks?: number;
  allocated_size?: number;
}

export interface DatatypeJson extends ObjectJson {
  type: TypeJson;
}

export interface DomainJson {
  root?: string;
  class?: 'domain' | 'folder';
  owner?: string;
  created?: number;
  lastModified?: number;
  limits?: Limits;
  compressors?: string[];
  version?: string;
  dn_ids?: string[];
  domain_objs?: Record<string, GroupJson | DatasetJson | DatatypeJson>;
}

export interface Acl {
  create: boolean;
  read: boolean;
  update: boolean;
  delete: boolean;
  readACL: boolean;
  updateACL: boolean;
}

export interface AclEntry extends Acl {
  userName: string;
}

export const ACL_FLAGS: (keyof Acl)[] = ['create', 'read', 'update', 'delete', 'readACL', 'updateACL'];

export function collectionOf(id: string): Collection {
  if (id.startsWith('g-')) return 'groups';
  if (id.startsWith('d-')) return 'datasets';
  if (id.startsWith('t-')) return 'datatypes';
  throw new TypeError(`not an object id: ${id}`);
}
