/**
 * Read-your-writes over object stores that may keep serving an older version for a while after a write
 * (eventually consistent S3 implementations, replicated gateways, caching proxies).
 *
 * Every acknowledged put remembers the version it created (the ETag the store returned) and every delete
 * remembers "absent", for `windowMs`. A read of such a key that observes another version is stale: the store
 * re-reads it, with backoff, until the remembered version shows up, and fails (rather than hand back old
 * bytes that a read-modify-write would build on) if it has not by the end of the window. Listings are
 * corrected with the remembered keys. Past the window the store is trusted. Memory is bounded: beyond
 * `maxEntries` the oldest records are forgotten first.
 */

/** The version a read must observe: an ETag (quotes stripped) and size, or `null` for a deleted key. */
export interface ExpectedVersion {
  etag: string | null;
  size: number;
  /** Milliseconds since the epoch at which the record is forgotten. */
  expiresAt: number;
}

export class RecentWrites {
  /** Insertion order is expiry order: a key written again is moved to the end. */
  private readonly records = new Map<string, ExpectedVersion>();

  constructor(
    readonly windowMs: number,
    private readonly maxEntries = 100_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.windowMs > 0;
  }

  wrote(bucket: string, key: string, etag: string | undefined, size: number): void {
    // Without an ETag there is nothing to tell versions apart by: drop any older record instead.
    if (etag === undefined) this.records.delete(recordKey(bucket, key));
    else this.remember(bucket, key, normalizeEtag(etag), size);
  }

  deleted(bucket: string, key: string): void {
    this.remember(bucket, key, null, 0);
  }

  private remember(bucket: string, key: string, etag: string | null, size: number): void {
    if (!this.enabled) return;
    const k = recordKey(bucket, key);
    this.records.delete(k);
    this.records.set(k, { etag, size, expiresAt: this.clock() + this.windowMs });
    this.prune();
  }

  /** The version a read of the key must see, or undefined when any answer of the store is current. */
  expected(bucket: string, key: string): ExpectedVersion | undefined {
    this.prune();
    return this.records.get(recordKey(bucket, key));
  }

  /** Remembered writes and deletes of keys starting with the prefix. */
  under(bucket: string, prefix: string): [string, ExpectedVersion][] {
    this.prune();
    const start = recordKey(bucket, prefix);
    const out: [string, ExpectedVersion][] = [];
    for (const [k, v] of this.records) if (k.startsWith(start)) out.push([k.slice(bucket.length + 1), v]);
    return out;
  }

  /** Whether an observation (undefined: the key is missing) is the expected version. */
  static matches(want: ExpectedVersion, seen: { etag?: string } | undefined): boolean {
    if (want.etag === null) return seen === undefined;
    if (seen === undefined) return false;
    // A store that sends no ETag on reads cannot be checked: take its answer.
    return seen.etag === undefined || normalizeEtag(seen.etag) === want.etag;
  }

  private prune(): void {
    const now = this.clock();
    for (const [k, v] of this.records) {
      if (v.expiresAt > now && this.records.size <= this.maxEntries) break;
      this.records.delete(k);
    }
  }
}

function recordKey(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}

/** `"abc"` and `W/"abc"` → `abc`. */
export function normalizeEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}
