/**
 * POSIX object store: object = file `<root>/<bucket>/<key>`, exactly HSDS's FileClient layout, so a directory
 * written by HSDS is served as is and the reverse. Writes go to a temp file that is fsync'ed and renamed into
 * place, then the directory is fsync'ed: an acknowledged write survives a crash and no reader ever sees a
 * torn object.
 */
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { ByteRange, isValidBucketName, ListOptions, ListResult, ObjectInfo, ObjectStore, StorageError } from './object-store.js';

/** Range reads up to this many bytes in total are done synchronously (see readRangesSync). */
const SYNC_READ_MAX = 256 * 1024;

/** Temp files live beside the buckets (same filesystem, so rename is atomic) in a name no bucket can take. */
const TEMP_DIR = '.h5lab-tmp';

export class PosixStore implements ObjectStore {
  readonly kind = 'posix';
  readonly rangeRequestCost = 4096;
  private readonly tempDir: string;
  private readonly dirSync = new DirSyncer();
  /** Read-only descriptors of recently read files; dropped when the file is replaced or deleted. */
  private readonly fds = new FdCache(256);

  private constructor(readonly root: string) {
    // Each process writes through its own temp folder: several processes (data nodes) share a root.
    this.tempDir = path.join(root, TEMP_DIR, `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  static async open(root: string): Promise<PosixStore> {
    const store = new PosixStore(path.resolve(root));
    await mkdir(store.root, { recursive: true });
    await removeDeadTempDirs(path.join(store.root, TEMP_DIR));
    await mkdir(store.tempDir, { recursive: true });
    return store;
  }

  private bucketDir(bucket: string): string {
    if (!isValidBucketName(bucket) || bucket === TEMP_DIR) throw new StorageError(`invalid bucket name: ${bucket}`);
    return path.join(this.root, bucket);
  }

  private filePath(bucket: string, key: string): string {
    const parts = key.split('/');
    if (key.length === 0 || parts.some((p) => p === '' || p === '.' || p === '..') || key.includes('\0'))
      throw new StorageError(`invalid storage key: ${key}`);
    return path.join(this.bucketDir(bucket), ...parts);
  }

  async get(bucket: string, key: string): Promise<Uint8Array | undefined> {
    let fh;
    try {
      fh = await open(this.filePath(bucket, key), 'r');
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
    try {
      // One read of the whole file (readFile would read in 512 KiB pieces).
      const { size } = await fh.stat();
      return await readFully(fh, 0, size);
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    } finally {
      await fh.close();
    }
  }

  async getRange(bucket: string, key: string, offset: number, length: number): Promise<Uint8Array> {
    const fh = await open(this.filePath(bucket, key), 'r');
    try {
      return await readFully(fh, offset, length);
    } finally {
      await fh.close();
    }
  }

  async getRanges(bucket: string, key: string, ranges: readonly ByteRange[]): Promise<Uint8Array[] | undefined> {
    const file = this.filePath(bucket, key);
    const total = ranges.reduce((n, r) => n + r.length, 0);
    if (total <= SYNC_READ_MAX) return this.readRangesSync(file, ranges);
    let fh;
    try {
      fh = await open(file, 'r');
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
    try {
      return await Promise.all(ranges.map((r) => readFully(fh, r.offset, r.length)));
    } finally {
      await fh.close();
    }
  }

  /**
   * Small reads (a plane or a column out of a chunk) are served synchronously from a cache of open file
   * descriptors: from the page cache such a read takes microseconds, far less than a thread-pool round trip
   * and an open/close pair.
   */
  private readRangesSync(file: string, ranges: readonly ByteRange[]): Uint8Array[] | undefined {
    const fd = this.fds.get(file);
    if (fd === undefined) return undefined;
    return ranges.map((r) => {
      const buf = new Uint8Array(r.length);
      let done = 0;
      while (done < r.length) {
        const n = readSync(fd, buf, done, r.length - done, r.offset + done);
        if (n === 0) break;
        done += n;
      }
      return done === r.length ? buf : buf.subarray(0, done);
    });
  }

  async put(bucket: string, key: string, data: Uint8Array): Promise<void> {
    const target = this.filePath(bucket, key);
    const temp = path.join(this.tempDir, randomBytes(12).toString('hex'));
    const fh = await open(temp, 'w');
    try {
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await fh.write(data, done, data.length - done);
        done += bytesWritten;
      }
      // Data and size reach the disk before the rename makes the object visible.
      await fh.datasync();
    } catch (e) {
      await fh.close();
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    await fh.close();
    const dir = path.dirname(target);
    // A concurrent delete may prune the directory between mkdir and rename: retry.
    for (let attempt = 0; ; attempt++) {
      await mkdir(dir, { recursive: true });
      try {
        await rename(temp, target);
        this.fds.forget(target);
        break;
      } catch (e) {
        if (isMissing(e) && attempt < 5) continue;
        await unlink(temp).catch(() => undefined);
        throw e;
      }
    }
    await this.dirSync.sync(dir);
  }

  async delete(bucket: string, key: string): Promise<void> {
    const file = this.filePath(bucket, key);
    this.fds.forget(file);
    try {
      await unlink(file);
    } catch (e) {
      if (isMissing(e)) return;
      throw e;
    }
    await this.pruneEmptyDirs(path.dirname(file), this.bucketDir(bucket));
  }

  // Empty directories would otherwise show up as phantom folders in listings.
  private async pruneEmptyDirs(dir: string, stopAt: string): Promise<void> {
    while (dir.startsWith(stopAt + path.sep)) {
      try {
        await rmdir(dir);
      } catch {
        return;
      }
      dir = path.dirname(dir);
    }
  }

  async stat(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    try {
      const s = await stat(this.filePath(bucket, key));
      if (!s.isFile()) return undefined;
      return { key, size: s.size, lastModified: s.mtimeMs / 1000 };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async list(bucket: string, prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const base = this.bucketDir(bucket);
    // Directory part of the prefix, plus a name-start filter for the rest.
    const slash = prefix.lastIndexOf('/');
    const dirPart = prefix.slice(0, slash + 1);
    const namePart = prefix.slice(slash + 1);
    const dir = dirPart ? this.filePath(bucket, dirPart.slice(0, -1)) : base;
    const result: ListResult = { objects: [], prefixes: [] };
    const after = options.startAfter;
    const walk = async (d: string, rel: string, filter: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(d, { withFileTypes: true });
      } catch (e) {
        if (isMissing(e) || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
        throw e;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (!entry.name.startsWith(filter)) continue;
        const key = rel + entry.name;
        if (entry.isDirectory()) {
          if (options.delimiter) {
            const p = key + '/';
            if (after === undefined || p > after) result.prefixes.push(p);
          } else {
            await walk(path.join(d, entry.name), key + '/', '');
          }
        } else if (entry.isFile()) {
          if (after !== undefined && key <= after) continue;
          const s = await stat(path.join(d, entry.name)).catch(() => undefined);
          if (s) result.objects.push({ key, size: s.size, lastModified: s.mtimeMs / 1000 });
        }
      }
    };
    await walk(dir, dirPart, namePart);
    // readdir order per directory is by name, but "a/" vs "a.b" interleave differently in S3 key order.
    result.objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return result;
  }

  async bucketExists(bucket: string): Promise<boolean> {
    try {
      return (await stat(this.bucketDir(bucket))).isDirectory();
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  async createBucket(bucket: string): Promise<void> {
    await mkdir(this.bucketDir(bucket), { recursive: true });
  }

  async close(): Promise<void> {
    this.fds.clear();
  }
}

/**
 * Leftovers of writes cut short by a crash were never acknowledged: drop the temp folders of processes of
 * this host that no longer run (another host's folders on a shared filesystem are its own business).
 */
async function removeDeadTempDirs(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const host = hostname();
  for (const name of names) {
    const m = /^(.*)-(\d+)-[0-9a-f]+$/.exec(name);
    if (m && m[1] !== host) continue;
    if (m && isRunning(Number(m[2]))) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readFully(fh: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** LRU of read-only file descriptors keyed by path (opened on first use, closed on eviction). */
class FdCache {
  private readonly map = new Map<string, number>();
  constructor(private readonly max: number) {}

  get(file: string): number | undefined {
    let fd = this.map.get(file);
    if (fd !== undefined) {
      this.map.delete(file);
      this.map.set(file, fd);
      return fd;
    }
    try {
      fd = openSync(file, 'r');
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
    this.map.set(file, fd);
    if (this.map.size > this.max) {
      const [oldest, oldFd] = this.map.entries().next().value as [string, number];
      this.map.delete(oldest);
      closeSync(oldFd);
    }
    return fd;
  }

  forget(file: string): void {
    const fd = this.map.get(file);
    if (fd === undefined) return;
    this.map.delete(file);
    closeSync(fd);
  }

  clear(): void {
    for (const fd of this.map.values()) closeSync(fd);
    this.map.clear();
  }
}

/**
 * Group commit for directory fsyncs: renames into one directory that arrive while its fsync runs share the
 * next fsync, so N concurrent chunk writes cost about two directory syncs, not N.
 */
class DirSyncer {
  private readonly state = new Map<string, { running: Promise<void>; next?: Promise<void> }>();

  sync(dir: string): Promise<void> {
    const st = this.state.get(dir);
    if (!st) {
      const running = syncDir(dir).finally(() => this.finish(dir));
      this.state.set(dir, { running });
      return running;
    }
    // A sync already started may have missed our rename: wait for the one after it.
    st.next ??= st.running.catch(() => undefined).then(() => {
      const s = this.state.get(dir)!;
      s.running = syncDir(dir).finally(() => this.finish(dir));
      s.next = undefined;
      return s.running;
    });
    return st.next;
  }

  private finish(dir: string): void {
    const st = this.state.get(dir);
    if (st && !st.next) this.state.delete(dir);
  }
}
