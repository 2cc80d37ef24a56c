/**
 * Shapes of the JSON objects the engine stores (obj_store_schema v2) and passes between its service and data
 * layers. Field names and forms are HSDS's, so stored objects are interchangeable with HSDS buckets.
 */
import type { TypeJson } from '../core/types.js';

export const ACL_KEYS = ['create', 'read', 'update', 'delete', 'readACL', 'updateACL'] as const;
export type AclAction = (typeof ACL_KEYS)[number];
export type Acl = Record<AclAction, boolean>;

export interface DomainJson {
  owner: string;
  acls: Record<string, Acl & Record<string, unknown>>;
  /** Absent for folders. */
  root?: string;
  created: number;
  lastModified: number;
  [key: string]: unknown;
}

export type LinkJson =
  | { class: 'H5L_TYPE_HARD'; id: string; created: number }
  | { class: 'H5L_TYPE_SOFT'; h5path: string; created: number }
  | { class: 'H5L_TYPE_EXTERNAL'; h5path: string; h5domain: string; created: number };

export interface ShapeJson {
  class: 'H5S_NULL' | 'H5S_SCALAR' | 'H5S_SIMPLE';
  dims?: number[];
  maxdims?: number[];
}

export interface AttributeJson {
  type: TypeJson;
  shape: ShapeJson;
  value: unknown;
  created: number;
  encoding?: 'base64';
}

interface ObjectBase {
  id: string;
  root: string;
  created: number;
  lastModified: number;
  attributes: Record<string, AttributeJson>;
  [key: string]: unknown;
}

export interface GroupJson extends ObjectBase {
  links: Record<string, LinkJson>;
  creationProperties?: Record<string, unknown>;
}

export interface LayoutJson {
  class: string;
  dims?: number[];
  partition_count?: number;
  [key: string]: unknown;
}

export interface DatasetJson extends ObjectBase {
  type: TypeJson;
  shape: ShapeJson;
  creationProperties?: Record<string, unknown>;
  layout?: LayoutJson;
}

export interface DatatypeJson extends ObjectBase {
  type: TypeJson;
}

export type ObjectJson = GroupJson | DatasetJson | DatatypeJson;

/** Seconds since the epoch with sub-second precision, as Python's time.time(). */
export const now = () => Date.now() / 1000;
