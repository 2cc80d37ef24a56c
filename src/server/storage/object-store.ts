/**
 * The one storage interface of the engine. Objects are immutable byte strings addressed by (bucket, key);
 * a completed `put` is durable and atomic (readers see the old bytes or the new, never a mix).
 */
export interface ObjectInfo {
  key: string;
  size: number;
  /** Seconds since the epoch. */
  lastModified: number;
  etag?: string;
}

export interface ByteRange {
  offset: number;
  length: number;
}

export interface ListOptions {
  /** With '/', list one level: objects directly under the prefix plus the sub-prefixes ("folders"). */
  delimiter?: '/';
  /** Only keys sorting after this one (S3 StartAfter). */
  startAfter?: string;
}

export interface ListResult {
  objects: ObjectInfo[];
  /** Sub-prefixes ending in the delimiter; empty without a delimiter. */
  prefixes: string[];
}

export interface ObjectStore {
  readonly kind: string;
  /**
   * What one more request costs, in bytes that could have been read instead: small on a local disk, large
   * on S3 where latency dominates. Decides between reading parts of a chunk and the whole chunk.
   */
  readonly rangeRequestCost: number;
  get(bucket: string, key: string): Promise<Uint8Array | undefined>;
  /** Bytes [offset, offset+length); shorter at the end of the object; throws if the object is missing. */
  getRange(bucket: string, key: string, offset: number, length: number): Promise<Uint8Array>;
  /**
   * Several byte ranges of one object in one call (undefined when the object is missing); each result is
   * shorter than asked only at the end of the object.
   */
  getRanges(bucket: string, key: string, ranges: readonly ByteRange[]): Promise<Uint8Array[] | undefined>;
  put(bucket: string, key: string, data: Uint8Array): Promise<void>;
  /** Deleting a missing key is not an error. */
  delete(bucket: string, key: string): Promise<void>;
  stat(bucket: string, key: string): Promise<ObjectInfo | undefined>;
  /** Keys in lexicographic (byte) order, like S3. */
  list(bucket: string, prefix: string, options?: ListOptions): Promise<ListResult>;
  bucketExists(bucket: string): Promise<boolean>;
  createBucket(bucket: string): Promise<void>;
  close(): Promise<void>;
}

export class StorageError extends Error {}

/** Deletes in flight at once when many objects go (a dataset's chunks, a domain's tree): on S3 each is a request. */
export const PARALLEL_DELETES = 16;

/** HSDS accepts `[A-Za-z0-9_.-]+` bucket names (after an optional s3:// or file:// prefix). */
export function isValidBucketName(bucket: string): boolean {
  return /^[A-Za-z0-9_.-]+$/.test(bucket) && bucket !== '.' && bucket !== '..' && bucket.length <= 255;
}
