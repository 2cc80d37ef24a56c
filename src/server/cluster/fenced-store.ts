/**
 * The object store of a data-node process, writing only while the node's fence allows (fence.ts): the last
 * check before a write reaches storage, for calls that were already running when the lease lapsed.
 */
import type { ByteRange, ListOptions, ListResult, ObjectInfo, ObjectStore } from '../storage/object-store.js';
import type { Fence } from './fence.js';

export class FencedStore implements ObjectStore {
  constructor(
    private readonly store: ObjectStore,
    private readonly fence: Fence,
  ) {}

  get kind(): string {
    return this.store.kind;
  }

  get rangeRequestCost(): number {
    return this.store.rangeRequestCost;
  }

  get(bucket: string, key: string): Promise<Uint8Array | undefined> {
    return this.store.get(bucket, key);
  }

  getRange(bucket: string, key: string, offset: number, length: number): Promise<Uint8Array> {
    return this.store.getRange(bucket, key, offset, length);
  }

  getRanges(bucket: string, key: string, ranges: readonly ByteRange[]): Promise<Uint8Array[] | undefined> {
    return this.store.getRanges(bucket, key, ranges);
  }

  async put(bucket: string, key: string, data: Uint8Array): Promise<void> {
    this.fence.check();
    return this.store.put(bucket, key, data);
  }

  async delete(bucket: string, key: string): Promise<void> {
    this.fence.check();
    return this.store.delete(bucket, key);
  }

  stat(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    return this.store.stat(bucket, key);
  }

  list(bucket: string, prefix: string, options?: ListOptions): Promise<ListResult> {
    return this.store.list(bucket, prefix, options);
  }

  bucketExists(bucket: string): Promise<boolean> {
    return this.store.bucketExists(bucket);
  }

  async createBucket(bucket: string): Promise<void> {
    this.fence.check();
    return this.store.createBucket(bucket);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
