/**
 * hsacl: shows a domain's or folder's ACLs, and adds or removes permissions of users:
 * `hsacl DOMAIN [+crudep] [-crudep] [user …]` (c create, r read, u update, d delete, e read ACL,
 * p update ACL; `g:name` for groups, `default` for everyone else).
 */
import { Acl, AclEntry, File, Folder, HsError } from '../client/index.js';
import { parseTarget } from './common/paths.js';
import { UsageError } from './common/options.js';
import { CliError, Tool, ToolContext } from './common/tool.js';

const FLAGS: Record<string, keyof Acl> = { c: 'create', r: 'read', u: 'update', d: 'delete', e: 'readACL', p: 'updateACL' };
const COLUMNS = ['username', 'create', 'read', 'update', 'delete', 'readACL', 'updateACL'];

export const hsacl: Tool = {
  name: 'hsacl',
  synopsis: ['[ OPTIONS ]  domain [+crudep] [-crudep] [userid1 userid2 ...]'],
  description: [
    'Display, add, or change ACLs for a domain or folder',
    '   domain: domain or folder (ending in /) to show or update',
    '   +/-: add or remove permissions',
    '   crudep: permission flags: Create, Read, Update, Delete, rEadacl, uPdateacl',
    "   userid1, userid2, ...: user names, group names ('g:' prefix), or 'default' for everyone not listed",
  ],
  options: [],
  positionalsEndOptions: true,
  examples: [
    'list acls: {cmd} /home/jill/myfile.h5',
    "list ted's acl: {cmd} /home/jill/myfile.h5 ted",
    'give ted read & update permissions: {cmd} /home/jill/myfile.h5 +ru ted',
    'remove all permissions except read for jill: {cmd} /home/jill/myfile.h5 -cudep jill',
    'let anyone read the domain and its ACLs: {cmd} /home/jill/myfile.h5 +re default',
  ],
  async run(ctx: ToolContext) {
    const [domainArg, ...rest] = ctx.positionals;
    if (!domainArg) throw new UsageError('no domain or folder given');
    const target = parseTarget(domainArg);
    const change: Partial<Acl> = {};
    const users: string[] = [];
    for (const arg of rest) {
      if (arg.startsWith('+') || arg.startsWith('-')) {
        if (users.length) throw new UsageError(`permission flags (${arg}) must come before the user names`);
        for (const c of arg.slice(1)) {
          const flag = FLAGS[c];
          if (!flag) throw new UsageError(`permission flag '${c}' is not valid: must be one of crudep`);
          const value = arg[0] === '+';
          if (change[flag] === !value) throw new UsageError(`permission flag '${c}' is set for both add and remove`);
          change[flag] = value;
        }
      } else {
        if (arg.includes('/')) throw new UsageError(`invalid user name: ${arg}`);
        users.push(arg);
      }
    }
    const updating = Object.keys(change).length > 0;
    if (updating && !users.length) throw new UsageError('at least one user name must be given to add or remove permissions');

    const connection = ctx.connect({ endpoint: target.endpoint });
    const holder = target.isFolder
      ? await Folder.open(target.path, updating ? 'a' : 'r', { connection })
      : await File.open(target.path, updating ? 'r+' : 'r', { connection, useCache: false });
    for (const user of users) if (updating) await holder.setAcl(user, change);

    const acls: AclEntry[] = [];
    if (!users.length) acls.push(...(await holder.getAcls()));
    for (const user of users) {
      try {
        acls.push(await holder.getAcl(user));
      } catch (e) {
        if (e instanceof HsError && e.status === 404) throw new CliError(`${user} has no ACL on ${target.path}`);
        throw e;
      }
    }
    ctx.out(row(COLUMNS));
    ctx.out('-'.repeat(80));
    for (const acl of acls) ctx.out(row([acl.userName, ...Object.values(FLAGS).map((k) => (acl[k] ? 'True' : 'False'))]));
  },
};

/** h5pyd's `%015s   %08s  %08s …` layout: right-aligned columns. */
function row(cells: string[]): string {
  const [first, ...rest] = cells;
  return `${first.padStart(15)}   ${rest.map((c) => c.padStart(8)).join('  ')} `;
}
