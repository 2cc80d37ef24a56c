/**
 * hscopy (hscp): copies a domain to a new domain, on the same server or another one (--src-* / --des-*
 * settings), with its whole structure, attributes and (unless --nodata) dataset values; -z compresses the
 * copy's datasets with gzip.
 */
import { File, HsError } from '../client/index.js';
import { humanSize } from './common/format.js';
import { UsageError } from './common/options.js';
import { baseName, parseTarget } from './common/paths.js';
import { CliError, describeError, Tool, ToolContext } from './common/tool.js';
import { copyDomain, CopyProgress } from './copy/domain-copy.js';

export const hscopy: Tool = {
  name: 'hscopy',
  synopsis: ['[ OPTIONS ]  SOURCE DEST'],
  description: [
    'Copy a domain to another domain',
    "   SOURCE: domain (absolute path with or without 'hdf5:// prefix)",
    "   DEST: domain or folder (path as above ending in '/')",
  ],
  options: [
    { name: 'no_clobber', flags: ['-n', '--no-clobber'], help: 'do not overwrite any domains' },
    { name: 'src_endpoint', flags: ['--src-endpoint'], value: 'ENDPOINT', help: 'server endpoint for source domain' },
    { name: 'src_user', flags: ['--src-user'], value: 'USERNAME', help: 'user name credential for source domain' },
    { name: 'src_password', flags: ['--src-password'], value: 'PASSWORD', help: 'password credential for source domain' },
    { name: 'src_bucket', flags: ['--src-bucket'], value: 'BUCKET', help: 'storage bucket for source domain' },
    { name: 'des_endpoint', flags: ['--des-endpoint'], value: 'ENDPOINT', help: 'server endpoint for dest domain' },
    { name: 'des_user', flags: ['--des-user'], value: 'USERNAME', help: 'user name credential for dest domain' },
    { name: 'des_password', flags: ['--des-password'], value: 'PASSWORD', help: 'password credential for dest domain' },
    { name: 'des_bucket', flags: ['--des-bucket'], value: 'BUCKET', help: 'storage bucket for dest domain' },
    { name: 'compress', flags: ['-z'], value: 'LEVEL', help: 'compression level from 0 (no compression) to 9 (highest)' },
    { name: 'nodata', flags: ['--nodata'], help: 'do not copy dataset data' },
  ],
  examples: ['{cmd} /myfolder/orig.h5 /myfolder/copy.h5', '{cmd} /myfolder/orig.h5 /anotherfolder/', '{cmd} -z 5 /myfolder/uncompressed.h5 /myfolder/compressed.h5'],
  async run(ctx: ToolContext) {
    if (ctx.positionals.length !== 2) throw new UsageError('give a source domain and a destination');
    const src = parseTarget(ctx.positionals[0], 'source domain');
    const des = parseTarget(ctx.positionals[1], 'target domain');
    if (src.isFolder) throw new UsageError("source domain can't be a folder");
    const level = ctx.value('compress') === undefined ? 0 : Number(ctx.value('compress'));
    if (!Number.isInteger(level) || level < 0 || level > 9) throw new UsageError('compression level (-z) must be an integer from 0 to 9');
    const desPath = des.isFolder ? `${des.path}${baseName(src.path)}` : des.path;
    if (des.isFolder && ctx.verbose) ctx.out(`using ${desPath} for destination`);

    const srcConnection = ctx.connect({
      endpoint: ctx.value('src_endpoint') ?? src.endpoint,
      username: ctx.value('src_user'),
      password: ctx.value('src_password'),
      bucket: ctx.value('src_bucket'),
    });
    const desConnection = ctx.connect({
      endpoint: ctx.value('des_endpoint') ?? des.endpoint,
      username: ctx.value('des_user'),
      password: ctx.value('des_password'),
      bucket: ctx.value('des_bucket'),
    });
    if (srcConnection.endpoint === desConnection.endpoint && srcConnection.bucket === desConnection.bucket && src.path === desPath)
      throw new UsageError('source and destination are the same domain');

    const source = await File.open(src.path, 'r', { connection: srcConnection });
    const target = await File.open(desPath, ctx.flag('no_clobber') ? 'x' : 'w', { connection: desConnection, trackOrder: source.trackOrder }).catch((e) => {
      if (e instanceof HsError && e.status === 409) throw new CliError(`destination domain ${desPath} exists, not copying (--no-clobber)`);
      throw e;
    });

    const progress = ctx.progress();
    const summary = await copyDomain(source, target, {
      data: !ctx.flag('nodata'),
      gzipLevel: level || undefined,
      onProgress: (p) => progress.update(describeProgress(p)),
      onError: ctx.flag('ignore') ? (e, what) => ctx.recover(new CliError(`${what}: ${describeError(e)}`)) : undefined,
      log: (m) => ctx.log.debug(m),
    }).catch((e) => {
      throw new CliError(`copy to ${desPath} failed (the destination is incomplete): ${describeError(e)}`);
    });
    ctx.endProgress(progress);
    ctx.log.info(`${summary.objects} objects, ${summary.links} links, ${summary.attributes} attributes, ${summary.bytes} bytes copied`);
    if (ctx.verbose) ctx.out(`File ${src.path} copied to domain: ${desPath}`);
  },
};

function describeProgress(p: CopyProgress): string {
  const objects = `${p.objects}/${p.totalObjects} objects`;
  if (!p.totalBytes) return objects;
  return `${objects}, ${humanSize(p.bytes)} of ${humanSize(p.totalBytes)} (${Math.floor((p.bytes / p.totalBytes) * 100)}%)`;
}
