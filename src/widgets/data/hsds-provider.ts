/**
 * DataProvider over the h5lab SDK. Opening costs one request when the server sends `domain_objs` (all
 * metadata, attributes included), and two otherwise (the domain, then one recursive link listing): HSDS
 * omits `domain_objs` from 500 objects on. Values travel in binary; large slices are strided.
 */
import { Attributes, baseName, Connection, Dataset, DomainSession, dtypeName, FetchTransport, File, tracksOrder, type DomainJson } from '../../client/index.js';
import type { DatasetJson } from '../../client/json-types.js';
import { normalizeNested, type TypeJson } from '../../core/types.js';
import { DomainIndex, kindOfId } from './domain-index.js';
import {
  isObjectEntity,
  type AttributeEntry,
  type DataSource,
  type DatasetEntity,
  type DimSelection,
  type Entity,
  type ObjectEntity,
  type TreeNode,
  type ValueOptions,
  type ValueSlice,
} from './models.js';
import type { DataProvider, TreeSource } from './provider.js';
import { planRead } from './read-plan.js';

/** The JSON fields of groups, datasets and datatypes the entities are built from. */
interface ObjectJson {
  id: string;
  created?: number;
  lastModified?: number;
  attributeCount?: number;
  linkCount?: number;
  links?: Record<string, unknown>;
  attributes?: Record<string, AttributeJson>;
  creationProperties?: Record<string, unknown>;
  type?: TypeJson;
  layout?: { class: string; dims?: number[] };
}

interface AttributeJson {
  name?: string;
  type: TypeJson;
  shape: { class: 'H5S_NULL' | 'H5S_SCALAR' | 'H5S_SIMPLE'; dims?: number[] };
  value?: unknown;
  created?: number;
}

/** An SDK connection whose requests go through the source's fetch (and so carry its authentication). */
export function connectionFor(source: DataSource): Connection {
  const fetchThrough = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    source.fetch(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init);
  // Viewers are interactive: a few quick retries, not the CLI's patient ones.
  return new Connection({ endpoint: source.endpoint, bucket: source.bucket, transport: new FetchTransport(fetchThrough), retries: 2 });
}

/** An entity's name: the last component of its path, '/' for the root group. */
const entityName = (path: string): string => (path === '/' ? '/' : baseName(path));

export class HsdsDataProvider implements DataProvider {
  private readonly datasets = new Map<string, Dataset>();

  private constructor(
    private readonly session: DomainSession,
    private readonly index: DomainIndex,
    readonly treeSource: TreeSource,
    private readonly ownedConnection: Connection | undefined,
  ) {}

  /** Opens `domain` read-only through a source (its fetch) or an SDK connection the caller keeps. */
  static async open(source: DataSource | Connection, domain: string, options: { signal?: AbortSignal } = {}): Promise<HsdsDataProvider> {
    const owned = source instanceof Connection ? undefined : connectionFor(source);
    const connection = owned ?? (source as Connection);
    const signal = options.signal;
    try {
      // As h5pyd opens read-only files: every object's metadata and attributes in one answer, when not too many.
      const domainJson = await connection.json<DomainJson>('GET', '/', {
        domain,
        query: { getdnids: 1, getobjs: 'T', include_attrs: 'T' },
        what: `domain ${domain}`,
        signal,
      });
      const rootId = domainJson.root;
      if (!rootId) throw new TypeError(`${domain} is a folder, not a domain`);
      // External links are shown, not followed; the session still needs a way to open their domains.
      const session = new DomainSession(connection, domain, false, domainJson, (other) => File.open(other, 'r', { connection }));
      const objs = domainJson.domain_objs;
      if (objs) return new HsdsDataProvider(session, DomainIndex.fromDomainObjs(rootId, objs), 'domain_objs', owned);
      const listing = await session.json<{ links: Record<string, { title?: string; class?: string }[]> }>('GET', `/groups/${rootId}/links`, {
        query: { follow_links: 1 },
        what: `links of ${domain}`,
        signal,
      });
      return new HsdsDataProvider(session, DomainIndex.fromLinkListing(rootId, listing.links), 'link-listing', owned);
    } catch (e) {
      await owned?.close();
      throw e;
    }
  }

  get domain(): string {
    return this.session.domain;
  }

  get objectCount(): number {
    return this.index.objectCount;
  }

  children(path: string): TreeNode[] {
    return this.index.children(path);
  }

  async getEntity(path: string): Promise<Entity> {
    const resolved = this.index.resolve(path);
    if (!resolved) throw new Error(`nothing at '${path}' in ${this.domain}`);
    const name = entityName(path);
    if (resolved.kind === 'external')
      return { kind: 'external-link', name, path, targetPath: resolved.targetPath, targetDomain: resolved.targetDomain, raw: { h5path: resolved.targetPath, h5domain: resolved.targetDomain } };
    if (resolved.kind === 'dangling') return { kind: 'soft-link', name, path, targetPath: resolved.targetPath, raw: { h5path: resolved.targetPath } };
    return this.objectEntity(resolved.id, path);
  }

  async getDatasetById(id: string): Promise<DatasetEntity> {
    if (kindOfId(id) !== 'dataset') throw new TypeError(`${id} is not a dataset id`);
    return (await this.objectEntity(id, this.index.pathOf(id) ?? id)) as DatasetEntity;
  }

  async getAttrs(entity: Entity, signal?: AbortSignal): Promise<AttributeEntry[]> {
    if (!isObjectEntity(entity)) return [];
    const json = entity.raw as unknown as ObjectJson;
    let stored = json.attributes;
    if (!stored) {
      if (entity.attributeCount === 0) return [];
      const listing = await this.session.json<{ attributes: AttributeJson[] }>('GET', `/${collectionOf(entity)}/${entity.id}/attributes`, {
        query: { IncludeData: 1 },
        what: `attributes of ${entity.path}`,
        signal,
      });
      stored = Object.fromEntries(listing.attributes.map((a) => [a.name!, a]));
    }
    const attrs = new Attributes(this.session, entity.id, stored, tracksOrder(json));
    const entries: AttributeEntry[] = [];
    for (const name of await attrs.keys()) {
      const info = await attrs.getInfo(name);
      entries.push({ name, type: info.type, dtype: info.dtype, shape: info.shape, value: info.value });
    }
    return entries;
  }

  async getValue(dataset: DatasetEntity, selection?: DimSelection[], options: ValueOptions = {}): Promise<ValueSlice> {
    if (!dataset.shape) throw new TypeError(`${dataset.path} has a null dataspace: it holds no values`);
    const plan = planRead(dataset.shape, selection, options.maxPointsPerAxis);
    const array = await this.sdkDataset(dataset).read(plan.index, { fields: options.fields, signal: options.signal });
    return { data: array.data, shape: array.shape, type: array.type, dtype: array.dtype, axes: plan.axes };
  }

  async close(): Promise<void> {
    await this.ownedConnection?.close();
  }

  private async objectEntity(id: string, path: string): Promise<ObjectEntity> {
    const json = await this.session.object<ObjectJson & { type: TypeJson }>(id);
    const common = {
      name: entityName(path),
      path,
      id,
      created: json.created,
      lastModified: json.lastModified,
      attributeCount: json.attributeCount ?? Object.keys(json.attributes ?? {}).length,
      raw: json as unknown as Record<string, unknown>,
    };
    switch (kindOfId(id)) {
      case 'group':
        return { ...common, kind: 'group', linkCount: json.linkCount ?? Object.keys(json.links ?? {}).length };
      case 'datatype': {
        const type = normalizeNested(json.type);
        return { ...common, kind: 'datatype', type, dtype: dtypeName(type) };
      }
      case 'dataset': {
        const sdk = new Dataset(this.session, json as unknown as DatasetJson, path);
        this.datasets.set(id, sdk);
        return {
          ...common,
          kind: 'dataset',
          shape: sdk.shape,
          maxshape: sdk.maxshape,
          type: sdk.type,
          dtype: sdk.dtype,
          chunks: sdk.chunks,
          layout: json.layout?.class,
          filters: sdk.filters,
          fillValue: sdk.fillvalue,
        };
      }
    }
  }

  private sdkDataset(entity: DatasetEntity): Dataset {
    let sdk = this.datasets.get(entity.id);
    if (!sdk) {
      sdk = new Dataset(this.session, entity.raw as unknown as DatasetJson, entity.path);
      this.datasets.set(entity.id, sdk);
    }
    return sdk;
  }
}

function collectionOf(entity: ObjectEntity): 'groups' | 'datasets' | 'datatypes' {
  return entity.kind === 'group' ? 'groups' : entity.kind === 'dataset' ? 'datasets' : 'datatypes';
}
