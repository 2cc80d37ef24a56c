/**
 * hsstat: owner and times of a folder; for a domain also its object and chunk counts and storage sizes
 * from the server's scan (--rescan asks for a fresh scan first, which needs write permission).
 */
import { File, Folder } from '../client/index.js';
import { humanSize, localTimestamp } from './common/format.js';
import { parseTarget } from './common/paths.js';
import { UsageError } from './common/options.js';
import { Tool, ToolContext } from './common/tool.js';

export const hsstat: Tool = {
  name: 'hsstat',
  synopsis: ['[ OPTIONS ]  domain', '[ OPTIONS ]  folder'],
  description: [
    'Get domain stats for domain or folder',
    "   domain: domain (absolute path with or without 'hdf5:// prefix)",
    "   folder: folder (path as above ending in '/')",
  ],
  options: [
    { name: 'human', flags: ['-H', '--human-readable'], help: 'print human readable sizes (e.g. 123M)' },
    { name: 'rescan', flags: ['--rescan'], help: 'refresh domain stats (for use when domain is provided)' },
  ],
  examples: ['{cmd} /home/test_user1/tall.h5', '{cmd} -H --rescan /home/test_user1/tall.h5'],
  async run(ctx: ToolContext) {
    if (!ctx.positionals.length) throw new UsageError('no domain or folder given');
    for (const arg of ctx.positionals) {
      try {
        await stat(ctx, arg);
      } catch (e) {
        ctx.recover(e);
      }
    }
  },
};

async function stat(ctx: ToolContext, arg: string): Promise<void> {
  const target = parseTarget(arg);
  const connection = ctx.connect({ endpoint: target.endpoint });
  const size = (n: unknown) => (typeof n !== 'number' ? '' : ctx.flag('human') ? humanSize(n) : String(n));
  if (target.isFolder) {
    const folder = await Folder.open(target.path, 'r', { connection });
    ctx.out(`folder: ${target.path}`);
    ctx.out(`    owner:           ${folder.owner ?? ''}`);
    ctx.out(`    last modified:   ${localTimestamp(folder.modified)}`);
    return;
  }
  const rescan = ctx.flag('rescan');
  const file = await File.open(target.path, rescan ? 'r+' : 'r', { connection, useCache: false });
  if (rescan) await file.session.request({ method: 'PUT', path: '/', query: { rescan: 1 }, what: `domain ${target.path}` });
  const s = await file.summary();
  const objects = (s.num_groups ?? 0) + (s.num_datatypes ?? 0) + (s.num_datasets ?? 0);
  // Older scan formats have no chunk count: the rest of the object count is chunks.
  const chunks = (s.num_chunks ?? 0) > 0 ? s.num_chunks! : Math.max(0, (s.num_objects ?? objects) - objects);
  const scanned = (s.scan_info as { scan_complete?: number } | undefined)?.scan_complete;
  ctx.out(`domain: ${target.path}`);
  ctx.out(`    owner:           ${file.owner ?? ''}`);
  ctx.out(`    id:              ${file.id}`);
  ctx.out(`    last modified:   ${localTimestamp(Math.max(s.lastModified ?? 0, file.modified ?? 0))}`);
  if (scanned) ctx.out(`    last scan:       ${localTimestamp(scanned)}`);
  if (s.md5_sum) ctx.out(`    md5 sum:         ${s.md5_sum}`);
  ctx.out(`    total_size:      ${size(s.total_size ?? 0)}`);
  ctx.out(`    allocated_bytes: ${size(s.allocated_bytes ?? 0)}`);
  if (s.metadata_bytes) ctx.out(`    metadata_bytes:  ${size(s.metadata_bytes)}`);
  if (s.linked_bytes) ctx.out(`    linked_bytes:    ${size(s.linked_bytes)}`);
  ctx.out(`    num objects:     ${objects}`);
  ctx.out(`    num chunks:      ${chunks}`);
  if (s.num_linked_chunks) ctx.out(`    linked chunks:   ${s.num_linked_chunks}`);
}
