/**
 * Counts the requests an engine makes of its object store (reported in /info per data node): the figure
 * behind "storage requests per read" in the scale-out benchmark, and a check that caches and range merging
 * do their job.
 */
import type { ByteRange, ListOptions, ListResult, ObjectInfo, ObjectStore } from './object-store.js';

export interface StoreCounts {
  get: number;
  range: number;
  put: number;
  delete: number;
  stat: number;
  list: number;
  bytesRead: number;
  bytesWritten: number;
}

export class CountingStore implements ObjectStore {
  readonly counts: StoreCounts = { get: 0, range: 0, put: 0, delete: 0, stat: 0, list: 0, bytesRead: 0, bytesWritten: 0 };

  constructor(readonly inner: ObjectStore) {}

  get kind(): string {
    return this.inner.kind;
  }

  get rangeRequestCost(): number {
    return this.inner.rangeRequestCost;
  }

  async get(bucket: string, key: string): Promise<Uint8Array | undefined> {
    this.counts.get++;
    const b = await this.inner.get(bucket, key);
    this.counts.bytesRead += b?.length ?? 0;
    return b;
  }

  async getRange(bucket: string, key: string, offset: number, length: number): Promise<Uint8Array> {
    this.counts.range++;
    const b = await this.inner.getRange(bucket, key, offset, length);
    this.counts.bytesRead += b.length;
    return b;
  }

  async getRanges(bucket: string, key: string, ranges: readonly ByteRange[]): Promise<Uint8Array[] | undefined> {
    this.counts.range++;
    const parts = await this.inner.getRanges(bucket, key, ranges);
    for (const p of parts ?? []) this.counts.bytesRead += p.length;
    return parts;
  }

  put(bucket: string, key: string, data: Uint8Array): Promise<void> {
    this.counts.put++;
    this.counts.bytesWritten += data.length;
    return this.inner.put(bucket, key, data);
  }

  delete(bucket: string, key: string): Promise<void> {
    this.counts.delete++;
    return this.inner.delete(bucket, key);
  }

  stat(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    this.counts.stat++;
    return this.inner.stat(bucket, key);
  }

  list(bucket: string, prefix: string, options?: ListOptions): Promise<ListResult> {
    this.counts.list++;
    return this.inner.list(bucket, prefix, options);
  }

  bucketExists(bucket: string): Promise<boolean> {
    return this.inner.bucketExists(bucket);
  }

  createBucket(bucket: string): Promise<void> {
    return this.inner.createBucket(bucket);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
