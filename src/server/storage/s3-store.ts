/**
 * S3 object store: bucket = S3 bucket, key = S3 key, the same keys as the POSIX store (HSDS's obj_store_schema
 * v2), so a tree copied between a root dir and a bucket serves the same domains. A put is one PutObject
 * (atomic in S3); reads use ranged GETs; listings follow ListObjectsV2 continuation tokens to the end.
 * Throttling, 5xx answers and connection errors are retried by the SDK's standard strategy (exponential
 * backoff with jitter). Read-your-writes on stores that do not promise it: see RecentWrites.
 */
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { ByteRange, ListOptions, ListResult, ObjectInfo, ObjectStore, StorageError } from './object-store.js';
import { RecentWrites } from './recent-writes.js';

export interface S3StoreOptions {
  /** S3-compatible endpoint URL; AWS's regional endpoint when undefined. */
  endpoint?: string;
  region: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key`. */
  forcePathStyle: boolean;
  /** Static credentials; the SDK's default chain (environment, shared files, instance roles) when undefined. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per request, the first included (default 5). */
  maxAttempts?: number;
  /** How long an acknowledged write is checked for by reads (default 10 s; 0 trusts the store). */
  consistencyWindowMs?: number;
  /** Keys per ListObjectsV2 page (default 1000, S3's maximum). */
  listPageSize?: number;
  /** Concurrent connections to the endpoint (default 64). */
  maxSockets?: number;
}

/** Ranges of one object closer than this are fetched in one GET (one round trip beats a few wasted bytes). */
const COALESCE_GAP = 64 * 1024;
/** Re-read delays while a store serves an older version than the one we wrote. */
const STALE_RETRY_FIRST_MS = 10;
const STALE_RETRY_MAX_MS = 250;

/** One version of an object as a read observed it. */
interface Observed<T> {
  etag?: string;
  value: T;
}

export class S3Store implements ObjectStore {
  readonly kind = 's3';
  // A few ms of latency per request is worth about a megabyte of transfer.
  readonly rangeRequestCost = 1024 * 1024;
  readonly client: S3Client;
  private readonly recent: RecentWrites;
  private readonly pageSize: number;

  constructor(readonly options: S3StoreOptions) {
    const maxSockets = options.maxSockets ?? 64;
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      maxAttempts: options.maxAttempts ?? 5,
      retryMode: 'standard',
      // Many S3-compatible servers reject the SDK's default aws-chunked uploads with trailing checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: {
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
        connectionTimeout: 10_000,
        requestTimeout: 120_000,
      },
    };
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.credentials) config.credentials = options.credentials;
    this.client = new S3Client(config);
    this.recent = new RecentWrites(options.consistencyWindowMs ?? 10_000);
    this.pageSize = options.listPageSize ?? 1000;
  }

  async get(bucket: string, key: string): Promise<Uint8Array | undefined> {
    const seen = await this.consistentRead(bucket, key, () => this.fetch(bucket, key));
    return seen?.value;
  }

  async getRange(bucket: string, key: string, offset: number, length: number): Promise<Uint8Array> {
    const parts = await this.getRanges(bucket, key, [{ offset, length }]);
    if (!parts) throw new StorageError(`object not found: ${bucket}/${key}`);
    return parts[0];
  }

  async getRanges(bucket: string, key: string, ranges: readonly ByteRange[]): Promise<Uint8Array[] | undefined> {
    const spans = coalesce(ranges);
    const seen = await this.consistentRead(bucket, key, () => this.fetchSpans(bucket, key, spans));
    if (!seen) return undefined;
    const bodies = seen.value;
    return ranges.map((r) => {
      const i = spans.findIndex((s) => r.offset >= s.offset && r.offset + r.length <= s.offset + s.length);
      const start = Math.min(r.offset - spans[i].offset, bodies[i].length);
      return bodies[i].subarray(start, Math.min(start + r.length, bodies[i].length));
    });
  }

  /** Parallel GETs of several spans of one version of an object. */
  private async fetchSpans(bucket: string, key: string, spans: ByteRange[]): Promise<Observed<Uint8Array[]> | undefined> {
    for (let attempt = 1; ; attempt++) {
      const got = await Promise.all(spans.map((s) => this.fetch(bucket, key, s)));
      if (got.some((g) => g === undefined)) return undefined;
      const etag = got[0]!.etag;
      if (got.every((g) => g!.etag === etag)) return { etag, value: got.map((g) => g!.value) };
      // The object was replaced between two span reads: read again rather than mix versions.
      if (attempt === 5) throw new StorageError(`${bucket}/${key} kept changing while being read`);
    }
  }

  /** One GET (ranged when `range` is given); undefined when the object or its bucket does not exist. */
  private async fetch(bucket: string, key: string, range?: ByteRange): Promise<Observed<Uint8Array> | undefined> {
    if (range && range.length === 0) {
      const info = await this.head(bucket, key);
      return info && { etag: info.etag, value: new Uint8Array(0) };
    }
    try {
      const r = await this.client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          Range: range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined,
        }),
      );
      return { etag: r.ETag, value: r.Body ? await r.Body.transformToByteArray() : new Uint8Array(0) };
    } catch (e) {
      if (isMissing(e)) return undefined;
      // A range starting at or past the end: the object exists and that part of it is empty.
      if (errorName(e) === 'InvalidRange') {
        const info = await this.head(bucket, key);
        return info && { etag: info.etag, value: new Uint8Array(0) };
      }
      throw storageError(e, `GET ${bucket}/${key}`);
    }
  }

  private async head(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { key, size: r.ContentLength ?? 0, lastModified: seconds(r.LastModified), etag: r.ETag };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw storageError(e, `HEAD ${bucket}/${key}`);
    }
  }

  /**
   * Runs a read until it observes the version this store last wrote or deleted (see RecentWrites); a
   * read of a key without a recent write is taken as is.
   */
  private async consistentRead<T>(
    bucket: string,
    key: string,
    read: () => Promise<Observed<T> | undefined>,
  ): Promise<Observed<T> | undefined> {
    let stale = false;
    for (let delay = STALE_RETRY_FIRST_MS; ; delay = Math.min(delay * 2, STALE_RETRY_MAX_MS)) {
      const seen = await read();
      const want = this.recent.expected(bucket, key);
      if (want ? RecentWrites.matches(want, seen) : !stale) return seen;
      if (!want)
        throw new StorageError(`${bucket}/${key}: the store still serves an older version ${this.recent.windowMs} ms after a write`);
      stale = true;
      await sleep(Math.max(1, Math.min(delay, want.expiresAt - Date.now())));
    }
  }

  async put(bucket: string, key: string, data: Uint8Array): Promise<void> {
    let etag: string | undefined;
    try {
      const r = await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data, ContentLength: data.length }));
      etag = r.ETag;
    } catch (e) {
      throw storageError(e, `PUT ${bucket}/${key}`);
    }
    this.recent.wrote(bucket, key, etag, data.length);
  }

  async delete(bucket: string, key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (e) {
      if (!isMissing(e)) throw storageError(e, `DELETE ${bucket}/${key}`);
    }
    this.recent.deleted(bucket, key);
  }

  async stat(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    const seen = await this.consistentRead(bucket, key, async () => {
      const info = await this.head(bucket, key);
      return info && { etag: info.etag, value: info };
    });
    return seen?.value;
  }

  async list(bucket: string, prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const objects = new Map<string, ObjectInfo>();
    const prefixes = new Set<string>();
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix || undefined,
            Delimiter: options.delimiter,
            StartAfter: token ? undefined : options.startAfter,
            ContinuationToken: token,
            MaxKeys: this.pageSize,
          }),
        );
      } catch (e) {
        if (isMissing(e)) return { objects: [], prefixes: [] };
        throw storageError(e, `LIST ${bucket}/${prefix}`);
      }
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        objects.set(o.Key, { key: o.Key, size: o.Size ?? 0, lastModified: seconds(o.LastModified), etag: o.ETag });
      }
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix !== undefined) prefixes.add(p.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    this.correctListing(bucket, prefix, options, objects, prefixes);
    return { objects: sortKeys([...objects.values()], (o) => o.key), prefixes: sortKeys([...prefixes], (p) => p) };
  }

  /**
   * A listing may lag behind our own writes and deletes: apply the remembered ones. (A sub-prefix that only
   * deleted keys kept alive may still be listed: which other keys it holds is not known here.)
   */
  private correctListing(bucket: string, prefix: string, options: ListOptions, objects: Map<string, ObjectInfo>, prefixes: Set<string>): void {
    for (const [key, want] of this.recent.under(bucket, prefix)) {
      if (options.startAfter !== undefined && key <= options.startAfter) continue;
      const slash = options.delimiter ? key.indexOf('/', prefix.length) : -1;
      if (slash >= 0) {
        if (want.etag !== null) prefixes.add(key.slice(0, slash + 1));
        continue;
      }
      if (want.etag === null) objects.delete(key);
      else if (!RecentWrites.matches(want, objects.get(key)))
        objects.set(key, { key, size: want.size, lastModified: (want.expiresAt - this.recent.windowMs) / 1000, etag: `"${want.etag}"` });
    }
  }

  async bucketExists(bucket: string): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw storageError(e, `HEAD bucket ${bucket}`);
    }
  }

  async createBucket(bucket: string): Promise<void> {
    // Outside us-east-1, S3 wants the region restated in the request.
    const region = this.options.region;
    try {
      await this.client.send(
        new CreateBucketCommand({
          Bucket: bucket,
          CreateBucketConfiguration: region && region !== 'us-east-1' ? { LocationConstraint: region as BucketLocationConstraint } : undefined,
        }),
      );
    } catch (e) {
      if (errorName(e) === 'BucketAlreadyOwnedByYou') return;
      throw storageError(e, `create bucket ${bucket}`);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

/** Sorted, merged spans covering the ranges; nearby ranges share a span. */
function coalesce(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.offset - b.offset);
  const spans: ByteRange[] = [];
  for (const r of sorted) {
    const last = spans[spans.length - 1];
    if (last && r.offset <= last.offset + last.length + COALESCE_GAP) {
      last.length = Math.max(last.length, r.offset + r.length - last.offset);
    } else {
      spans.push({ offset: r.offset, length: r.length });
    }
  }
  return spans;
}

/** S3 key order: by UTF-8 bytes (which differs from JavaScript's UTF-16 order above U+FFFF). */
function sortKeys<T>(items: T[], keyOf: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, bytes: Buffer.from(keyOf(item)) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((x) => x.item);
}

function seconds(d: Date | undefined): number {
  return d ? d.getTime() / 1000 : 0;
}

function errorName(e: unknown): string | undefined {
  return (e as { name?: string }).name;
}

/** Missing key or bucket (HEAD answers carry no error code, only the status). */
function isMissing(e: unknown): boolean {
  const name = errorName(e);
  if (name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') return true;
  return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
}

function storageError(e: unknown, what: string): StorageError {
  // HEAD answers have no body, so the status is all there is to tell a refusal from a failure.
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const err = new StorageError(`${what}: ${status ? `HTTP ${status} ` : ''}${errorName(e) ?? 'error'}: ${(e as Error).message}`);
  err.cause = e;
  return err;
}
