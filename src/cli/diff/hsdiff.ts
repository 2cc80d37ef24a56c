/**
 * hsdiff: compares an HDF5 file with a domain, or two domains (h5pyd's hsdiff): structure, link targets,
 * types, shapes, attributes and values. Prints each difference (unless --quiet) and exits with status 1
 * when there is any.
 */
import { existsSync } from 'node:fs';
import { File } from '../../client/index.js';
import { UsageError } from '../common/options.js';
import { parseTarget } from '../common/paths.js';
import { CliError, Tool, ToolContext } from '../common/tool.js';
import { resolveSource } from '../common/source-file.js';
import { DiffTree, DomainTree, FileTree } from './diff-tree.js';
import { compareTrees } from './tree-compare.js';

/** The first argument names a domain rather than a file (hdf5://, a URL, or an absolute path that is no local file). */
const isDomainArgument = (arg: string) => arg.startsWith('hdf5://') || /^https?:\/\//.test(arg) || (arg.startsWith('/') && !existsSync(arg));

export const hsdiff: Tool = {
  name: 'hsdiff',
  synopsis: ['[ OPTIONS ]  hdf5_file  domain', '[ OPTIONS ]  domain  domain'],
  description: ['Compare an HDF5 file (or a domain) with a domain', '   hdf5_file: local HDF5 file, or s3://bucket/key of the server\'s store', '   domain: domain path'],
  options: [
    { name: 'nodata', flags: ['--nodata'], help: 'do not compare dataset data' },
    { name: 'noattr', flags: ['--noattr'], help: 'do not compare attributes' },
    { name: 'quiet', flags: ['--quiet'], help: 'suppress normal output' },
  ],
  examples: ['{cmd} myfile.h5 /home/myfolder/myfile.h5', '{cmd} /home/me/a.h5 /home/me/b.h5'],
  async run(ctx: ToolContext) {
    if (ctx.positionals.length !== 2) throw new UsageError('give an HDF5 file (or a domain) and a domain');
    if (ctx.flag('quiet') && ctx.verbose) throw new UsageError("--quiet and --verbose options can't be used together");
    const [first, second] = ctx.positionals;
    const target = parseTarget(second);
    if (target.isFolder) throw new UsageError("domain can't be a folder");
    const connection = ctx.connect(target.endpoint ? { endpoint: target.endpoint } : {});
    const trees: DiffTree[] = [];
    let cleanup: () => Promise<void> = async () => undefined;
    try {
      if (isDomainArgument(first)) {
        const other = parseTarget(first);
        const otherConnection = other.endpoint ? ctx.connect({ endpoint: other.endpoint }) : connection;
        trees.push(await DomainTree.open(await File.open(other.path, 'r', { connection: otherConnection })));
      } else {
        const source = await resolveSource(first, { link: false, connection, targetDomain: target.path });
        cleanup = source.cleanup;
        trees.push(await FileTree.open(source.localPath, first));
      }
      trees.push(await DomainTree.open(await File.open(target.path, 'r', { connection })));
      const quiet = ctx.flag('quiet');
      const differences = await compareTrees(trees[0], trees[1], {
        nodata: ctx.flag('nodata'),
        noattr: ctx.flag('noattr'),
        report: (message) => {
          ctx.log.info(message);
          if (!quiet) ctx.out(message);
        },
      });
      if (differences > 0) throw new CliError(`${differences} difference${differences === 1 ? '' : 's'} found`);
      if (ctx.verbose) ctx.out(`no differences between ${first} and ${second}`);
    } finally {
      await Promise.allSettled(trees.map((t) => t.close()));
      await cleanup();
    }
  },
};
