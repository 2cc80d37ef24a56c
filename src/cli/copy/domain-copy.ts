/**
 * Domain → domain copy through the SDK: every object reachable from the source root by hard links is
 * created once in the destination (groups with their link-order setting, committed datatypes, datasets with
 * their type, shape, maximum shape, chunk shape, filters and fill value), every link is recreated (hard
 * links to objects with several names, soft and external links as they are), then attributes and dataset
 * values are copied, with object references pointing to the new objects.
 *
 * Objects are created at their first path of a depth-first walk in link order, so groups that list members
 * in creation order list them in the same order as the source. Committed datatypes are created first, since
 * datasets and attributes may use them.
 */
import { CreateDatasetOptions, Dataset, Datatype, File, Group, HsError, LinkInfo, Member } from '../../client/index.js';
import type { TypeJson } from '../../core/types.js';
import { elementBytes } from '../common/element-bytes.js';
import { copyDatasetValues } from './dataset-data.js';
import { holdsReferences, remapReferences } from './references.js';

export interface CopyOptions {
  /** Copy dataset values (default true; hscopy --nodata: structure and attributes only). */
  data?: boolean;
  /** Compress every non-scalar dataset of the copy with gzip at this level (1-9), instead of its own filters. */
  gzipLevel?: number;
  onProgress?: (progress: CopyProgress) => void;
  /** Called with what failed; rethrow to stop (the default), return to go on with the rest. */
  onError?: (error: unknown, what: string) => void;
  /** Debug-level notes (each object created). */
  log?: (message: string) => void;
}

export interface CopyProgress {
  objects: number;
  totalObjects: number;
  bytes: number;
  totalBytes: number;
}

export interface CopySummary extends CopyProgress {
  links: number;
  attributes: number;
}

interface Origin {
  obj: Member;
  /** Group holding the first link to the object, and the link's name (none for the root). */
  parent?: Group;
  name?: string;
}

export async function copyDomain(src: File, des: File, options: CopyOptions = {}): Promise<CopySummary> {
  return new DomainCopier(src, des, options).run();
}

class DomainCopier {
  /** Source objects in walk order, with where they were first found. */
  private readonly origins = new Map<string, Origin>();
  /** Source group id → its links, in member order. */
  private readonly groupLinks = new Map<string, LinkInfo[]>();
  /** Source id → destination object. */
  private readonly created = new Map<string, Member>();
  private readonly idMap = new Map<string, string>();
  private readonly progress: CopyProgress = { objects: 0, totalObjects: 0, bytes: 0, totalBytes: 0 };
  private links = 0;
  private attributes = 0;

  constructor(
    private readonly src: File,
    private readonly des: File,
    private readonly options: CopyOptions,
  ) {}

  async run(): Promise<CopySummary> {
    await this.discover(this.src);
    this.progress.totalObjects = this.origins.size;
    this.progress.totalBytes = this.options.data === false ? 0 : [...this.origins.values()].reduce((n, o) => n + dataBytes(o.obj), 0);
    this.created.set(this.src.id, this.des);
    this.idMap.set(this.src.id, this.des.id);
    this.advance(1);

    for (const [id, origin] of this.origins) if (origin.obj instanceof Datatype) await this.attempt(`datatype ${origin.obj.name}`, () => this.create(id));
    await this.copyLinks(this.src);
    for (const [id, origin] of this.origins) {
      const target = this.created.get(id);
      if (target) await this.attempt(`attributes of ${origin.obj.name}`, () => this.copyAttributes(origin.obj, target));
    }
    if (this.options.data !== false) {
      for (const [id, origin] of this.origins) {
        const target = this.created.get(id);
        if (origin.obj instanceof Dataset && target instanceof Dataset)
          await this.attempt(`values of ${origin.obj.name}`, () => copyDatasetValues(origin.obj as Dataset, target, this.idMap, (n) => this.addBytes(n)));
      }
    }
    return { ...this.progress, links: this.links, attributes: this.attributes };
  }

  /** Walks the source depth first in link order, noting each object's first link. */
  private async discover(group: Group): Promise<void> {
    if (!this.origins.has(group.id)) this.origins.set(group.id, { obj: group });
    const links = await group.links();
    this.groupLinks.set(group.id, links);
    for (const link of links) {
      if (link.class !== 'hard' || this.origins.has(link.id)) continue;
      let obj: Member;
      try {
        obj = await group.get(link.name);
      } catch (e) {
        // A hard link whose object is gone (HDF5 files can hold such links): there is nothing to copy.
        if (!(e instanceof HsError && e.isNotFound)) throw e;
        this.options.log?.(`skipping ${joinName(group.name, link.name)}: its object does not exist`);
        continue;
      }
      this.origins.set(link.id, { obj, parent: group, name: link.name });
      if (obj instanceof Group) await this.discover(obj);
    }
  }

  /** Recreates the links of a group in member order (creating objects at their first link), then below. */
  private async copyLinks(group: Group): Promise<void> {
    const target = this.created.get(group.id) as Group | undefined;
    if (!target) return;
    for (const link of this.groupLinks.get(group.id) ?? []) {
      await this.attempt(`link ${joinName(group.name, link.name)}`, async () => {
        if (link.class === 'hard' && !this.origins.has(link.id)) return;
        if (link.class === 'soft') await target.createSoftLink(link.name, link.path);
        else if (link.class === 'external') await target.createExternalLink(link.name, link.domain, link.path);
        else {
          // The first link to an object is made with it; the others point to it.
          const origin = this.origins.get(link.id)!;
          const obj = await this.create(link.id);
          if (origin.parent?.id !== group.id || origin.name !== link.name) await target.createHardLink(link.name, obj);
        }
        this.links++;
      });
      if (link.class === 'hard') {
        const origin = this.origins.get(link.id);
        if (origin && origin.obj instanceof Group && origin.parent?.id === group.id && origin.name === link.name) await this.copyLinks(origin.obj);
      }
    }
  }

  /** The destination object for a source id, created at the source object's first path when needed. */
  private async create(id: string): Promise<Member> {
    const done = this.created.get(id);
    if (done) return done;
    const { obj, parent, name } = this.origins.get(id)!;
    const where = (await this.create(parent!.id)) as Group;
    let made: Member;
    if (obj instanceof Group) made = await where.createGroup(name!, { trackOrder: obj.trackOrder });
    else if (obj instanceof Datatype) made = await where.commitDatatype(name!, obj.type);
    else made = await where.createDataset(name!, await this.datasetOptions(obj as Dataset));
    this.created.set(id, made);
    this.idMap.set(id, made.id);
    this.options.log?.(`created ${made.name} (${made.id})`);
    this.advance(1);
    return made;
  }

  private async datasetOptions(dset: Dataset): Promise<CreateDatasetOptions> {
    const cpl = dset.creationProperties;
    const committed = (dset.info.type as { id?: string }).id;
    const options: CreateDatasetOptions = {
      shape: dset.shape ?? undefined,
      dtype: committed && this.origins.has(committed) ? ((await this.create(committed)) as Datatype) : inlineType(dset.type),
      trackOrder: cpl.CreateOrder !== undefined && cpl.CreateOrder !== 0,
    };
    if (cpl.fillValue !== undefined) options.fillvalue = dset.fillvalue;
    if (!dset.shape?.length) return options;
    if (dset.info.shape.maxdims) options.maxshape = dset.maxshape!;
    // Datasets with an empty extent may report empty chunks: the server picks their chunk shape again.
    const chunks = dset.chunks?.every((n) => n > 0) ? dset.chunks : null;
    if (chunks) options.chunks = chunks;
    if (this.options.gzipLevel) {
      options.compression = 'gzip';
      options.compressionOpts = this.options.gzipLevel;
      options.shuffle = dset.shuffle;
      if (!chunks) options.chunks = true;
    } else {
      if (dset.compression) {
        options.compression = dset.compression;
        if (dset.compressionOpts !== null) options.compressionOpts = dset.compressionOpts;
      }
      if (dset.shuffle) options.shuffle = true;
      else if (dset.filters.some((f) => f.class === 'H5Z_FILTER_BITSHUFFLE')) options.shuffle = 'bitshuffle';
      if (dset.fletcher32) options.fletcher32 = true;
    }
    return options;
  }

  private async copyAttributes(from: Member, to: Member): Promise<void> {
    for (const name of await from.attrs.keys()) {
      const info = await from.attrs.getInfo(name);
      if (info.shape === null) {
        await setNullAttribute(to, name, inlineType(info.type));
        this.attributes++;
        continue;
      }
      const value = holdsReferences(info.type) ? remapReferences(info.value, this.idMap) : info.value;
      await to.attrs.set(name, value, { dtype: inlineType(info.type), shape: info.shape });
      this.attributes++;
    }
  }

  private async attempt(what: string, step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (e) {
      if (!this.options.onError) throw e;
      this.options.onError(e, what);
    }
  }

  private advance(objects: number): void {
    this.progress.objects += objects;
    this.options.onProgress?.({ ...this.progress });
  }

  private addBytes(bytes: number): void {
    this.progress.bytes += bytes;
    this.options.onProgress?.({ ...this.progress });
  }
}

/** An attribute with a null dataspace (a type and no value), which Attributes.set cannot express. */
async function setNullAttribute(obj: Member, name: string, type: unknown): Promise<void> {
  await obj.session.request({
    method: 'PUT',
    path: `/${obj.collection}/${obj.id}/attributes/${encodeURIComponent(name)}`,
    query: { replace: 1 },
    json: { type, shape: 'H5S_NULL' },
    what: `attribute '${name}' of ${obj.name}`,
  });
}

/** A type without the id of the committed datatype it came from (an id of the source domain). */
function inlineType(type: TypeJson): TypeJson {
  if (!('id' in type)) return type;
  const { id: _committed, ...inline } = type as TypeJson & { id?: string };
  return inline as TypeJson;
}

function dataBytes(obj: Member): number {
  if (!(obj instanceof Dataset) || obj.shape === null) return 0;
  return obj.size * elementBytes(obj.type);
}

function joinName(base: string | null, name: string): string {
  return !base || base === '/' ? `/${name}` : `${base}/${name}`;
}
