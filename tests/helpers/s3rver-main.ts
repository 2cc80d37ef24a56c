/**
 * Child-process entry of the S3 test server: s3rver (a real S3 HTTP server: SigV4 authentication, S3 XML,
 * ranged GETs, ListObjectsV2) on a loopback port, serving DATA_DIR, with two defects of its filesystem store
 * corrected so that it behaves like S3 where the engine depends on it:
 *  - listings: s3rver yields keys in directory-walk order (`a/x` before `a-b/x`), which is not S3's byte
 *    order and loses keys across pages; here every page is cut from the sorted key list;
 *  - puts: s3rver writes the object file in place, so a concurrent GET can see a torn object; here it is
 *    written beside the tree and renamed into place, as S3's PutObject is atomic;
 *  - a ranged GET of an empty object: s3rver promises one byte and closes the connection; S3 answers 416.
 * Its continuation tokens use DES, so this process runs with --openssl-legacy-provider.
 *
 * Usage: node --openssl-legacy-provider s3rver-main.js DATA_DIR TEMP_DIR ACCESS_KEY SECRET_KEY
 * Prints `s3rver listening on PORT` once ready; exits on SIGTERM or when its standard input closes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any */
const S3rver = require('s3rver') as any;
const FilesystemStore = require('s3rver/lib/stores/filesystem') as any;
const S3Object = require('s3rver/lib/models/object') as any;
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as any;

const OBJECT_SUFFIX = '._S3rver_object';

interface ListOptions {
  delimiter?: string;
  startAfter?: string;
  prefix?: string;
  maxKeys?: number;
}

class SortedAtomicStore extends FilesystemStore {
  constructor(
    root: string,
    private readonly tempDir: string,
  ) {
    super(root);
  }

  /** Every key of the bucket under the directory part of the prefix. */
  private async keysUnder(bucket: string, prefix: string): Promise<string[]> {
    const bucketPath: string = this.getBucketPath(bucket);
    const dirPart = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const keys: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${rel}${entry.name}/`);
        else if (entry.name.endsWith(OBJECT_SUFFIX)) keys.push(rel + entry.name.slice(0, -OBJECT_SUFFIX.length));
      }
    };
    await walk(path.join(bucketPath, ...dirPart.split('/').filter(Boolean)), dirPart);
    return keys;
  }

  async listObjects(bucket: string, options: ListOptions) {
    const { delimiter = '', startAfter = '', prefix = '', maxKeys = Infinity } = options;
    const sorted = (await this.keysUnder(bucket, prefix))
      .filter((k) => k.startsWith(prefix) && byteOrder(k, startAfter) > 0)
      .sort(byteOrder);
    const keys: string[] = [];
    const commonPrefixes = new Set<string>();
    let isTruncated = false;
    for (const key of sorted) {
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) {
        commonPrefixes.add(key.slice(0, cut + delimiter.length));
        continue;
      }
      // s3rver's controller takes the next page's token from the last object, so only objects count.
      if (keys.length === maxKeys) {
        isTruncated = true;
        break;
      }
      keys.push(key);
    }
    const last = keys[keys.length - 1];
    const objects = [];
    for (const key of keys) {
      try {
        objects.push(new S3Object(bucket, key, null, await this.getMetadata(bucket, key)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    // Prefixes past the cut belong to the next page.
    const prefixes = [...commonPrefixes].filter((p) => !isTruncated || byteOrder(p, last) < 0).sort(byteOrder);
    return { objects, commonPrefixes: prefixes, isTruncated };
  }

  async getObject(bucket: string, key: string, options?: { start?: number; end?: number }) {
    const object = await super.getObject(bucket, key, options);
    // No content with a range makes s3rver's controller answer 416 InvalidRange.
    if (object?.range && object.size === 0) {
      object.content?.destroy();
      object.content = null;
    }
    return object;
  }

  async putObject(object: { bucket: string; key: string; content: Readable | Buffer; metadata: Record<string, string> }) {
    const temp = path.join(this.tempDir, randomBytes(12).toString('hex'));
    const md5 = createHash('md5');
    let size = 0;
    const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        md5.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, count, createWriteStream(temp));
      const target: string = this.getResourcePath(object.bucket, object.key, 'object');
      // A concurrent delete may prune the directory between mkdir and rename: retry.
      for (let attempt = 0; ; attempt++) {
        await mkdir(path.dirname(target), { recursive: true });
        try {
          await rename(temp, target);
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 5) throw e;
        }
      }
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    const digest = md5.digest('hex');
    await this.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  }
}

/** S3 key order: UTF-8 bytes. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function main(): Promise<void> {
  const [dataDir, tempDir, accessKey, secretKey] = process.argv.slice(2);
  await mkdir(dataDir, { recursive: true });
  await mkdir(tempDir, { recursive: true });
  DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dataDir });
  server.store = server.context.store = new SortedAtomicStore(dataDir, tempDir);
  const address = await server.run();
  process.stdout.write(`s3rver listening on ${address.port}\n`);
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
  // The parent holds our stdin: when it goes away, without a SIGTERM, so do we.
  process.stdin.on('end', () => process.exit(0)).resume();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
