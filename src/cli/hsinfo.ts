/** hsinfo: the server's name, state, version, node count and uptime, and who the configured user is. */
import { readFileSync } from 'node:fs';
import { Connection, Folder } from '../client/index.js';
import { UsageError } from './common/options.js';
import { Tool, ToolContext } from './common/tool.js';

export const hsinfo: Tool = {
  name: 'hsinfo',
  synopsis: ['[ OPTIONS ]'],
  description: ['Get status information from server'],
  options: [],
  examples: ['{cmd} -e http://127.0.0.1:5101', '{cmd} -e local'],
  async run(ctx: ToolContext) {
    if (ctx.positionals.length) throw new UsageError('hsinfo takes no domain: use hsstat to get information about a folder or domain');
    const connection = ctx.connect();
    const info = await connection.about();
    ctx.out(`server name: ${info.name ?? ''}`);
    ctx.out(`server state: ${info.state}`);
    ctx.out(`endpoint: ${connection.endpoint}`);
    const user = typeof info.username === 'string' ? info.username : (connection.username ?? '');
    ctx.out(`username: ${user}${info.isadmin ? ' (admin)' : ''}`);
    const password = connection.config.password;
    ctx.out(`password: ${password ? '*'.repeat(password.length) : ''}`);
    if (info.state === 'READY' && connection.username) {
      const home = await homeFolder(connection, connection.username).catch((e) => {
        ctx.log.info(`home folder lookup failed: ${(e as Error).message}`);
        return 'NO ACCESS';
      });
      if (home) ctx.out(`home: ${home}`);
    }
    if (info.hsds_version) ctx.out(`server version: ${info.hsds_version}`);
    if (info.node_count !== undefined) ctx.out(`node count: ${info.node_count}`);
    if (typeof info.start_time === 'number') ctx.out(`up: ${uptime(Math.floor(Date.now() / 1000) - info.start_time)}`);
    ctx.out(`h5lab version: ${clientVersion()}`);
  },
};

/**
 * The user's folder in /home, as h5pyd finds it: a folder the user owns whose name starts the user name
 * (`/home/bob/` for `bob@acme.com`).
 */
async function homeFolder(connection: Connection, username: string): Promise<string | undefined> {
  const home = await Folder.open('/home/', 'r', { connection });
  for await (const entry of home.entries()) {
    if (entry.class === 'folder' && entry.owner === username && username.startsWith(entry.basename)) return `/home/${entry.basename}/`;
  }
  return undefined;
}

/** `2 days, 3 hours 4 min 5 sec`, `4 min 5 sec`, `5 sec` (h5pyd's layout). */
export function uptime(totalSeconds: number): string {
  let sec = Math.max(0, totalSeconds);
  const days = Math.floor(sec / 86400);
  sec -= days * 86400;
  const hrs = Math.floor(sec / 3600);
  sec -= hrs * 3600;
  const mins = Math.floor(sec / 60);
  sec -= mins * 60;
  if (days) return `${days} days, ${hrs} hours ${mins} min ${sec} sec`;
  if (hrs) return `${hrs} hours ${mins} min ${sec} sec`;
  if (mins) return `${mins} min ${sec} sec`;
  return `${sec} sec`;
}

function clientVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
