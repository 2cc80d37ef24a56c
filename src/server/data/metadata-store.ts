/**
 * JSON objects in storage (domains, groups, datasets, datatypes) with an LRU cache and per-key
 * read-modify-write. Updates are copy-on-write: readers holding an object never see it change, and the cache
 * only ever holds what storage holds (write-through, so an acknowledged update is durable).
 */
import { parseJson, stringifyJson } from '../../core/json.js';
import type { ObjectStore } from '../storage/object-store.js';
import { KeyLock } from './key-lock.js';
import { LruCache } from './lru-cache.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class MetadataStore {
  readonly cache: LruCache<object>;
  private readonly locks = new KeyLock();

  constructor(
    private readonly store: ObjectStore,
    cacheBytes: number,
  ) {
    this.cache = new LruCache(cacheBytes);
  }

  private cacheKey(bucket: string, key: string): string {
    return `${bucket}/${key}`;
  }

  /** The stored object, or undefined. Treat the result as immutable. */
  async read<T extends object>(bucket: string, key: string): Promise<T | undefined> {
    const ck = this.cacheKey(bucket, key);
    const hit = this.cache.get(ck);
    if (hit) return hit as T;
    const bytes = await this.store.get(bucket, key);
    if (!bytes) return undefined;
    let obj: T;
    try {
      obj = parseJson(decoder.decode(bytes)) as T;
    } catch (e) {
      throw new Error(`stored object ${bucket}/${key} is not valid JSON: ${(e as Error).message}`);
    }
    this.cache.set(ck, obj, bytes.length);
    return obj;
  }

  private async write(bucket: string, key: string, obj: object): Promise<void> {
    const bytes = encoder.encode(stringifyJson(obj));
    const ck = this.cacheKey(bucket, key);
    try {
      await this.store.put(bucket, key, bytes);
    } catch (e) {
      this.cache.delete(ck);
      throw e;
    }
    this.cache.set(ck, obj, bytes.length);
  }

  /** Writes a new object; returns false (and writes nothing) when the key already holds one. */
  create(bucket: string, key: string, obj: object): Promise<boolean> {
    return this.locks.run(this.cacheKey(bucket, key), async () => {
      if (await this.read(bucket, key)) return false;
      await this.write(bucket, key, obj);
      return true;
    });
  }

  /** Unconditional write (used where the caller already holds the semantics, e.g. restoring state). */
  put(bucket: string, key: string, obj: object): Promise<void> {
    return this.locks.run(this.cacheKey(bucket, key), () => this.write(bucket, key, obj));
  }

  /**
   * Read-modify-write under the key's lock. `change` gets a shallow copy of the current object and must
   * replace (not mutate) any nested container it changes; it returns the result to hand back, and may set
   * `unchanged` to skip the write. Returns undefined when the object does not exist.
   */
  update<T extends object, R>(
    bucket: string,
    key: string,
    change: (copy: T, ctl: { unchanged: boolean }) => R,
  ): Promise<{ result: R; object: T } | undefined> {
    return this.locks.run(this.cacheKey(bucket, key), async () => {
      const current = await this.read<T>(bucket, key);
      if (!current) return undefined;
      const copy = { ...current };
      const ctl = { unchanged: false };
      const result = change(copy, ctl);
      if (!ctl.unchanged) await this.write(bucket, key, copy);
      return { result, object: ctl.unchanged ? current : copy };
    });
  }

  remove(bucket: string, key: string): Promise<void> {
    return this.locks.run(this.cacheKey(bucket, key), async () => {
      this.cache.delete(this.cacheKey(bucket, key));
      await this.store.delete(bucket, key);
    });
  }

  evict(bucket: string, key: string): void {
    this.cache.delete(this.cacheKey(bucket, key));
  }
}
