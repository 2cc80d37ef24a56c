/** hsls: list a folder (path ending in '/') or the contents of a domain, as h5pyd's hsls does. */
import { parseTarget } from './common/paths.js';
import { Tool, ToolContext } from './common/tool.js';
import { listDomain, locateDomain } from './ls/domain-listing.js';
import { listFolder } from './ls/folder-listing.js';

export const hsls: Tool = {
  name: 'hsls',
  synopsis: ['[ OPTIONS ]  domain', '[ OPTIONS ]  folder'],
  description: [
    'List contents of a domain or folder',
    "   domain: domain (absolute path with or without 'hdf5:// prefix)",
    "   folder: folder (path as above ending in '/')",
  ],
  options: [
    { name: 'showacls', flags: ['--showacls'], help: 'display domain ACLs' },
    { name: 'showattrs', flags: ['--showattrs'], help: 'display domain attributes' },
    { name: 'pattern', flags: ['--pattern'], value: 'PATTERN', help: 'list domains that match the given glob pattern' },
    { name: 'query', flags: ['--query'], value: 'QUERY', help: 'list domains where the attributes of the root group match the given query string' },
    { name: 'recursive', flags: ['-r', '--recursive'], help: 'recursively list sub-folders or sub-groups' },
    { name: 'dataset', flags: ['-d', '--dataset'], value: 'H5PATH', help: 'display specified dataset' },
    { name: 'group', flags: ['-g', '--group'], value: 'H5PATH', help: 'display specified group' },
    { name: 'datatype', flags: ['-t', '--datatype'], value: 'H5PATH', help: 'display specified datatype' },
    { name: 'names', flags: ['-n', '--names'], help: 'list just folder names or link titles' },
    { name: 'human', flags: ['-H', '--human-readable'], help: 'with -v, print human readable sizes (e.g. 123M)' },
  ],
  examples: ['{cmd} /home/', '{cmd} -r -v /home/test_user1/tall.h5', '{cmd} -e http://127.0.0.1:5101 --pattern "*.h5" /shared/'],
  async run(ctx: ToolContext) {
    const targets = ctx.positionals.length ? ctx.positionals : ['/'];
    const common = { recursive: ctx.flag('recursive'), verbose: ctx.verbose, human: ctx.flag('human'), showAcls: ctx.flag('showacls'), namesOnly: ctx.flag('names') };
    const folderOptions = { ...common, pattern: ctx.value('pattern'), query: ctx.value('query') };
    for (const arg of targets) {
      try {
        const target = parseTarget(arg);
        const connection = ctx.connect({ endpoint: target.endpoint });
        if (target.isFolder) {
          await listFolder(ctx, connection, target.path, folderOptions);
          continue;
        }
        const found = await locateDomain(connection, target.path);
        if (found === 'folder') {
          await listFolder(ctx, connection, target.path, folderOptions);
          continue;
        }
        try {
          await listDomain(ctx, found.file, found.h5path, {
            ...common,
            showAttrs: ctx.flag('showattrs'),
            groupPath: ctx.value('group'),
            datasetPath: ctx.value('dataset'),
            datatypePath: ctx.value('datatype'),
          });
        } finally {
          await found.file.close();
        }
      } catch (e) {
        ctx.recover(e);
      }
    }
  },
};
