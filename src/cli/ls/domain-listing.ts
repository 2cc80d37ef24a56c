/**
 * hsls of a domain: the members of the root group (or of the group a path names), or with -r every object
 * once (later hard links print "same as"), in h5pyd's layout; -v adds ids, chunk layout and storage use,
 * filters and types; --showattrs the attributes; --showacls the domain's ACLs.
 *
 * A path below a domain is accepted as h5pyd does: `/home/u/f.h5/g1/dset` lists /g1/dset of /home/u/f.h5.
 */
import { AclEntry, Connection, Dataset, File, Group, HsError, LinkInfo, Member } from '../../client/index.js';
import { count, pyList } from '../common/format.js';
import { CliError, ToolContext } from '../common/tool.js';
import { Progress } from '../common/progress.js';
import { elementBytes } from '../common/element-bytes.js';
import { attributeText, className, permissionText, shapeText } from './display.js';
import { numpyTypeText } from './numpy-text.js';

export interface DomainListingOptions {
  recursive: boolean;
  verbose: boolean;
  human: boolean;
  showAttrs: boolean;
  showAcls: boolean;
  namesOnly: boolean;
  groupPath?: string;
  datasetPath?: string;
  datatypePath?: string;
}

/** The domain holding `path` and the HDF5 path inside it; 'folder' when `path` is a folder. */
export async function locateDomain(connection: Connection, path: string): Promise<{ file: File; h5path: string } | 'folder'> {
  const whole = await tryOpen(connection, path);
  if (whole === 'folder') return 'folder';
  if (whole) return { file: whole, h5path: '' };
  const parts = path.split('/');
  for (let i = parts.length - 1; i >= 2; i--) {
    const found = await tryOpen(connection, parts.slice(0, i).join('/'));
    if (found === 'folder') break;
    if (found) return { file: found, h5path: parts.slice(i).filter(Boolean).join('/') };
  }
  throw new CliError(`Domain ${path} not found`);
}

async function tryOpen(connection: Connection, path: string): Promise<File | 'folder' | undefined> {
  try {
    return await File.open(path, 'r', { connection });
  } catch (e) {
    if (e instanceof HsError && e.isNotFound) return undefined;
    if (e instanceof TypeError && /is a folder/.test(e.message)) return 'folder';
    throw e;
  }
}

export async function listDomain(ctx: ToolContext, file: File, h5path: string, opts: DomainListingOptions): Promise<void> {
  const lister = new DomainLister(ctx, opts);
  let grp: Group = file;
  if (h5path) {
    const obj = await member(file, h5path, `h5path: ${h5path} not found in domain: ${file.filename}`);
    if (!(obj instanceof Group)) return lister.dump(h5path, obj);
    grp = obj;
  }
  if (opts.groupPath) {
    if (h5path) throw new CliError("group_path option can't be used when h5path is specified");
    const obj = await member(grp, opts.groupPath, `group_path: ${opts.groupPath} not found`);
    if (!(obj instanceof Group)) {
      const hint = obj instanceof Dataset ? ' (use --dataset option to display)' : ' (use --datatype option to display)';
      throw new CliError(`group_path: ${opts.groupPath} points to a ${className(obj)}${hint}`);
    }
    grp = obj;
  }
  for (const [path, wanted] of [[opts.datasetPath, 'dataset'], [opts.datatypePath, 'datatype']] as const) {
    if (!path) continue;
    if (path.startsWith('/') && grp.name !== '/') throw new CliError(`--group can't be used with an absolute --${wanted} path`);
    const obj = await member(grp, path, `${wanted} path: ${path} not found`);
    const isWanted = wanted === 'dataset' ? obj instanceof Dataset : !(obj instanceof Group || obj instanceof Dataset);
    if (!isWanted) throw new CliError(`was expecting a ${wanted === 'dataset' ? 'Dataset' : 'Datatype'} object but found: ${className(obj)}`);
    return lister.dump(obj.name ?? path, obj);
  }

  if (opts.showAttrs) await lister.dumpAttrs(grp);
  if (opts.recursive) {
    const visited = new Map<string, string>([[grp.id, grp.name ?? '/']]);
    await lister.visitItems(grp.name ?? '/', grp, visited);
  } else {
    for (const link of await grp.links()) {
      if (opts.namesOnly) ctx.out(link.name);
      else await lister.dumpLink(link.name, grp, link, false);
    }
  }
  lister.finish();
  if (opts.showAcls) await dumpAcls(ctx, () => file.getAcls());
}

async function member(grp: Group, path: string, missing: string): Promise<Member> {
  try {
    return await grp.get(path);
  } catch (e) {
    if (e instanceof HsError && e.isNotFound) throw new CliError(missing);
    throw e;
  }
}

/** Prints ACL lines, or h5pyd's note when reading them is not allowed. */
export async function dumpAcls(ctx: ToolContext, read: () => Promise<AclEntry[]>): Promise<void> {
  let acls;
  try {
    acls = await read();
  } catch (e) {
    if (e instanceof HsError && (e.status === 403 || e.status === 401)) {
      ctx.out('read ACLs is not permitted');
      return;
    }
    throw e;
  }
  for (const acl of acls) ctx.out(`    acl: ${acl.userName.padEnd(24)} ${permissionText(acl)}`);
}

class DomainLister {
  private objects = 0;
  private progress?: Progress;

  constructor(
    private readonly ctx: ToolContext,
    private readonly opts: DomainListingOptions,
  ) {
    if (opts.recursive) this.progress = ctx.progress();
  }

  finish(): void {
    if (this.progress) this.ctx.endProgress(this.progress);
  }

  /** One link of a group: hard links print their object, soft and external links their target. */
  async dumpLink(name: string, grp: Group, link: LinkInfo, recursive: boolean, visited?: Map<string, string>): Promise<void> {
    const pad = (s: string) => (recursive ? s.padEnd(24) : s);
    if (link.class === 'soft') return this.ctx.out(`${pad(name)} SoftLink {${link.path}}`);
    // h5pyd writes the two parts of an external link in a different order when listing recursively.
    if (link.class === 'external')
      return this.ctx.out(`${pad(name)} ExternalLink {${recursive ? `${link.path}//${link.domain}` : `${link.domain}//${link.path}`}}`);
    let obj: Member;
    try {
      obj = await grp.get(link.name);
    } catch (e) {
      if (!(e instanceof HsError && e.isNotFound)) throw e;
      return this.ctx.out(`${name.padEnd(24)} HardLink {Missing hardlink object}`);
    }
    await this.dump(name, obj, visited);
  }

  async visitItems(base: string, grp: Group, visited: Map<string, string>): Promise<void> {
    for (const link of await grp.links()) {
      const name = base.endsWith('/') ? `${base}${link.name}` : `${base}/${link.name}`;
      await this.dumpLink(name, grp, link, true, visited);
    }
  }

  async dump(name: string, obj: Member, visited?: Map<string, string>): Promise<void> {
    const cls = className(obj);
    const seenAs = visited?.get(obj.id);
    if (seenAs !== undefined) return this.ctx.out(`${name.padEnd(24)} ${cls}, same as ${seenAs}`);
    this.progress?.update(`${++this.objects} objects`);
    this.ctx.out(obj instanceof Dataset ? `${name} ${cls} ${shapeText(obj, this.opts.verbose)}` : `${name} ${cls}`);
    if (this.opts.verbose) {
      this.ctx.out(`    ${'UUID'.padStart(32)}: ${obj.id}`);
      if (obj instanceof Dataset) await this.dumpStorage(obj);
    }
    if (this.opts.showAttrs) await this.dumpAttrs(obj);
    if (visited) {
      visited.set(obj.id, name);
      if (obj instanceof Group) await this.visitItems(name, obj, visited);
    }
  }

  /** Chunk layout, storage use, filters and type of a dataset (-v). */
  private async dumpStorage(dset: Dataset): Promise<void> {
    const shape = dset.shape;
    const layout = dset.info.layout;
    const chunkDims = layout?.dims;
    if (shape === null || !chunkDims) return;
    const human = this.opts.human;
    const line = (label: string, text: string) => this.ctx.out(`    ${label.padStart(32)}: ${text}`);
    const itemSize = elementBytes(dset.type);
    let chunkBytes = itemSize;
    let maxChunks = 1;
    shape.forEach((extent, i) => {
      chunkBytes *= chunkDims[i];
      maxChunks *= Math.ceil(extent / chunkDims[i]);
    });
    const logical = shape.reduce((a, b) => a * b, itemSize);
    const { numChunks, allocatedSize } = await dset.storageInfo();
    line('Chunks', `${pyList(chunkDims)} ${count(chunkBytes, human)} bytes, ${count(numChunks, human)}/${count(maxChunks, human)} allocated chunks`);
    const storage = `Storage ${layout.class ?? 'H5D_CHUNKED'}`;
    const used = `${count(logical, human)} logical bytes, ${count(allocatedSize, human)} allocated bytes`;
    line(storage, logical > 0 ? `${used}, ${((allocatedSize / logical) * 100).toFixed(2)}% utilization` : used);
    const opts = dset.compressionOpts ?? '';
    let n = 0;
    if (dset.shuffle) this.ctx.out(`    ${'Filter'.padStart(30)}-${n++}: shuffle OPT {${opts}}`);
    if (dset.compression) this.ctx.out(`    ${'Filter'.padStart(30)}-${n++}: ${dset.compression} OPT {${opts}}`);
    line('Type', numpyTypeText(dset.type));
  }

  async dumpAttrs(obj: Member): Promise<void> {
    for (const name of await obj.attrs.keys()) {
      const info = await obj.attrs.getInfo(name);
      this.ctx.out(`   attr: ${name.padEnd(24)} ${attributeText(info.value, info.type)}`);
    }
  }
}
