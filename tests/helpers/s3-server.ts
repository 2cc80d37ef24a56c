/**
 * A real S3-compatible server for tests: s3rver (npm devDependency) in a child process on a free loopback
 * port, with a temporary data dir and fresh random credentials (see s3rver-main.ts). Also a plain SDK client
 * to look at and fill buckets independently of the engine's S3 store.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForLine } from './processes.js';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

// The SDK's notice that future releases will need Node 22 is not news in every test run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 's3rver-main.js');

export interface S3TestServer {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** s3rver's data dir (its own format: `<bucket>/<key>._S3rver_object` and metadata files). */
  dir: string;
  proc: ChildProcess;
  /** A plain SDK client with this server's credentials. */
  client: S3Client;
  createBucket(bucket: string): Promise<void>;
  /** Every key of a bucket, through ListObjectsV2 (S3 key order). */
  keys(bucket: string, prefix?: string): Promise<string[]>;
  read(bucket: string, key: string): Promise<Uint8Array | undefined>;
  /** PutObject of every file under `dir`, the key being its relative path. Returns the keys. */
  upload(dir: string, bucket: string): Promise<string[]>;
  /** GetObject of every key of the bucket into a file `<dir>/<key>`. Returns the keys. */
  download(bucket: string, dir: string): Promise<string[]>;
  /** Environment that points `h5lab serve` at this server (`--s3-endpoint` still has to be given). */
  credentialsEnv(): Record<string, string>;
  stop(): Promise<void>;
  /** Stop and remove the data dir. */
  dispose(): Promise<void>;
}

export async function startS3Server(): Promise<S3TestServer> {
  const work = mkdtempSync(path.join(tmpdir(), 'h5lab-s3-'));
  const dir = path.join(work, 'data');
  const accessKeyId = `AK${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString('base64url');
  const proc = spawn(
    process.execPath,
    ['--openssl-legacy-provider', MAIN, dir, path.join(work, 'tmp'), accessKeyId, secretAccessKey],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const port = Number((await waitForLine(proc, /s3rver listening on (\d+)/, 's3rver'))[1]);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const region = 'us-east-1';
  const client = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const keys = async (bucket: string, prefix = '') => {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
      for (const o of page.Contents ?? []) out.push(o.Key!);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  };
  const read = async (bucket: string, key: string) => {
    try {
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return await r.Body!.transformToByteArray();
    } catch (e) {
      if ((e as Error).name === 'NoSuchKey') return undefined;
      throw e;
    }
  };
  const stop = async () => {
    client.destroy();
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  };
  return {
    endpoint,
    region,
    accessKeyId,
    secretAccessKey,
    dir,
    proc,
    client,
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    keys,
    read,
    async upload(from, bucket) {
      const files = (await readdir(from, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
      const keys = files.map((f) => path.relative(from, path.join(f.parentPath, f.name)).split(path.sep).join('/'));
      for (const key of keys) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(path.join(from, key)) }));
      }
      return keys;
    },
    async download(bucket, to) {
      const all = await keys(bucket);
      for (const key of all) {
        const file = path.join(to, ...key.split('/'));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, (await read(bucket, key))!);
      }
      return all;
    },
    credentialsEnv() {
      return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
    },
    stop,
    async dispose() {
      await stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
