/**
 * hsmv: moves (renames) a domain as h5pyd does, without copying data: a new domain is created on the root
 * group of the source (`linked_domain`), then the source domain is deleted keeping its objects
 * (`keep_root`). Both must be on the same server and bucket.
 */
import { File, HsError } from '../client/index.js';
import { baseName, parseTarget } from './common/paths.js';
import { UsageError } from './common/options.js';
import { CliError, Tool, ToolContext } from './common/tool.js';

export const hsmv: Tool = {
  name: 'hsmv',
  synopsis: ['[ OPTIONS ]  source_domain  des_domain', '[ OPTIONS ]  source_domain  folder'],
  description: [
    'Move domain from one location to another',
    '   source_domain: domain to be moved',
    '   des_domain: destination domain',
    "   folder: destination folder (ending in '/')",
  ],
  options: [
    { name: 'no_clobber', flags: ['-n', '--no-clobber'], help: 'do not overwrite any domains' },
    { name: 'owner', flags: ['-o', '--owner'], value: 'OWNER', help: 'set owner (must be run as an admin user)' },
  ],
  examples: ['{cmd} /home/myfolder/file1.h5  /home/myfolder/file2.h5', '{cmd} /home/myfolder/file2.h5  /home/anotherfolder/'],
  async run(ctx: ToolContext) {
    if (ctx.positionals.length !== 2) throw new UsageError('give a source domain and a destination');
    const src = parseTarget(ctx.positionals[0], 'source domain');
    const des = parseTarget(ctx.positionals[1], 'destination');
    if (src.isFolder) throw new UsageError('a folder can not be used as source domain');
    if (src.endpoint !== des.endpoint) throw new UsageError('source and destination must be on the same server');
    const desPath = des.isFolder ? `${des.path}${baseName(src.path)}` : des.path;
    if (desPath === src.path) throw new UsageError('source and destination are the same domain');
    const connection = ctx.connect({ endpoint: src.endpoint });

    const source = await File.open(src.path, 'r', { connection, useCache: false });
    ctx.log.info(`source domain: ${src.path}, root id: ${source.id}`);
    const target = await File.open(desPath, ctx.flag('no_clobber') ? 'x' : 'w', { connection, linkedDomain: src.path, owner: ctx.value('owner') }).catch(
      (e) => {
        if (e instanceof HsError && e.status === 409) throw new CliError(`destination domain ${desPath} exists, not moving (--no-clobber)`);
        throw e;
      },
    );
    ctx.log.info(`destination domain: ${desPath}, root id: ${target.id}`);
    // The objects now belong to the destination: remove only the source's domain entry.
    await connection.request({ method: 'DELETE', path: '/', domain: src.path, query: { keep_root: 1 }, what: `domain ${src.path}` });
    if (ctx.verbose) ctx.out(`${src.path} moved to ${desPath}`);
  },
};
