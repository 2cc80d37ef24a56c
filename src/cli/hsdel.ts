/** hsdel (hsrm): deletes domains, and empty folders (paths ending in '/'). */
import { Folder, HsError } from '../client/index.js';
import { baseName, parentFolder, parseTarget } from './common/paths.js';
import { UsageError } from './common/options.js';
import { CliError, Tool, ToolContext } from './common/tool.js';

export const hsdel: Tool = {
  name: 'hsdel',
  synopsis: ['[ OPTIONS ]  target'],
  description: ['Delete given domains', '   target: one or more domains or folders to be deleted'],
  options: [],
  examples: ['{cmd} /home/myfolder/file1.h5  /home/myfolder/file2.h5', '{cmd} hdf5://home/myfolder/file2.h5  hdf5://home/afolder/'],
  async run(ctx: ToolContext) {
    if (!ctx.positionals.length) throw new UsageError('no domain or folder given');
    for (const arg of ctx.positionals) {
      try {
        await remove(ctx, arg);
      } catch (e) {
        ctx.recover(e);
      }
    }
  },
};

async function remove(ctx: ToolContext, arg: string): Promise<void> {
  const target = parseTarget(arg);
  if (target.path === '/') throw new CliError('the top-level folder cannot be deleted');
  const connection = ctx.connect({ endpoint: target.endpoint });
  const parent = parentFolder(target.path);
  const folder = await Folder.open(parent, 'a', { connection }).catch((e) => {
    if (e instanceof HsError && e.isNotFound) throw new CliError(`Parent folder ${parent} not found`);
    throw e;
  });
  try {
    await folder.delete(baseName(target.path));
  } catch (e) {
    if (e instanceof HsError && e.isNotFound) throw new CliError(`${target.isFolder ? 'folder' : 'domain'}: ${target.path} not found`);
    if (e instanceof HsError && e.status === 409) throw new CliError(`folder ${target.path} has sub-items: delete them first`);
    throw e;
  }
  if (ctx.verbose) ctx.out(`${target.isFolder ? 'Folder' : 'Domain'}: ${target.path} deleted`);
}
