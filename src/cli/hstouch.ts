/**
 * hstouch: creates domains, or folders (paths ending in '/'); touching an existing domain updates its
 * last-modified time (through a root attribute `hstouch`, as h5pyd does).
 */
import { Connection, File, Folder, HsError } from '../client/index.js';
import { parentFolder, parseTarget, Target } from './common/paths.js';
import { UsageError } from './common/options.js';
import { CliError, Tool, ToolContext } from './common/tool.js';

export const hstouch: Tool = {
  name: 'hstouch',
  synopsis: ['[ OPTIONS ]  domain', '[ OPTIONS ]  folder'],
  description: [
    'Create a new domain or folder',
    "   domain: domain (absolute path with or without 'hdf5:// prefix)",
    "   folder: folder (path as above ending in '/')",
  ],
  options: [{ name: 'owner', flags: ['-o', '--owner'], value: 'OWNER', help: 'set owner (must be run as an admin user)' }],
  examples: ['{cmd} /home/myfolder/emptydomain.h5', '{cmd} /home/myfolder/newfolder/'],
  async run(ctx: ToolContext) {
    if (!ctx.positionals.length) throw new UsageError('no domain or folder given');
    for (const arg of ctx.positionals) {
      try {
        await touch(ctx, parseTarget(arg));
      } catch (e) {
        ctx.recover(e);
      }
    }
  },
};

async function touch(ctx: ToolContext, target: Target): Promise<void> {
  const connection = ctx.connect({ endpoint: target.endpoint });
  const path = target.path;
  const parent = parentFolder(path);
  if (parent === '/') {
    if (path.replace(/\/$/, '').length < 4) throw new CliError('Top-level folders must be at least three characters');
  } else {
    await Folder.open(parent, 'r', { connection }).catch((e) => {
      if (e instanceof HsError && e.isNotFound) throw new CliError(`Parent folder ${parent} not found`);
      throw e;
    });
  }
  const owner = ctx.value('owner');
  if (target.isFolder) {
    if (await exists(connection, path)) throw new CliError(`Folder ${path} exists: cannot update the timestamp of a folder`);
    const folder = await Folder.open(path, 'x', { connection, owner });
    await folder.close();
    if (ctx.verbose) ctx.out(`folder created ${path}`);
    return;
  }
  if (await exists(connection, path)) {
    const file = await File.open(path, 'a', { connection });
    await file.attrs.set('hstouch', 1);
    if (ctx.verbose) ctx.out(`updated timestamp for domain: ${path}`);
    return;
  }
  const file = await File.open(path, 'x', { connection, owner });
  if (ctx.verbose) ctx.out(`domain created: ${path}, root id: ${file.id}`);
}

async function exists(connection: Connection, path: string): Promise<boolean> {
  try {
    await (path.endsWith('/') ? Folder.open(path, 'r', { connection }) : File.open(path, 'r', { connection, useCache: false }));
    return true;
  } catch (e) {
    if (e instanceof HsError && e.isNotFound) return false;
    if (e instanceof TypeError) throw new CliError(e.message);
    throw e;
  }
}
