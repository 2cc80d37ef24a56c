/**
 * What hsdiff compares, whichever side it comes from: a group's links, dataset and datatype descriptions,
 * attributes and values in the HDF REST binary form. One implementation reads an HDF5 file (h5wasm), the
 * other a domain (the SDK). Objects are identified by a key (address or id); object references are
 * compared by the path of the object they lead to (the first path it is found by).
 */
import { decodeValues, trimStream } from '../../core/codec.js';
import { isVariable, normalizeNested, type TypeJson } from '../../core/types.js';
import type { File } from '../../client/index.js';
import type { DatasetJson, DatatypeJson } from '../../client/json-types.js';
import { H5Reader } from '../../h5file/h5-reader.js';
import { restType } from '../../h5file/h5-rest-types.js';
import { attributesOf, kindOf, walkDomain, type DomainObject } from '../get/domain-walk.js';

export type DiffLink =
  | { kind: 'hard'; key: string; objectKind: 'group' | 'dataset' | 'datatype' }
  | { kind: 'soft'; path: string }
  | { kind: 'external'; file: string; path: string };

export interface DiffDataset {
  type: TypeJson;
  /** null: null dataspace; []: scalar. */
  dims: number[] | null;
  /** The chunk shape values are read in. */
  chunks?: number[];
}

export interface DiffAttribute {
  type: TypeJson;
  dims: number[] | null;
  wire: Uint8Array | null;
}

export interface DiffTree {
  readonly label: string;
  readonly rootKey: string;
  links(key: string, path: string): Map<string, DiffLink>;
  dataset(key: string, path: string): DiffDataset;
  datatype(key: string, path: string): TypeJson;
  attributes(key: string, path: string): Promise<Map<string, DiffAttribute>>;
  /** Values of a hyperslab (empty lists for a scalar), REST binary form. */
  read(key: string, path: string, ds: DiffDataset, start: number[], count: number[]): Promise<Uint8Array>;
  /** The path a REST reference string of this tree leads to ('' for a null reference). */
  referencePath(reference: string): string;
  close(): Promise<void>;
}

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** Values as JSON with references replaced by the paths they lead to, for types holding references. */
export function comparableValues(tree: DiffTree, type: TypeJson, wire: Uint8Array, count: number): unknown[] {
  const mapRefs = (t: TypeJson, v: unknown): unknown => {
    const n = normalizeNested(t);
    if (n.class === 'H5T_REFERENCE') return tree.referencePath(String(v ?? ''));
    if (n.class === 'H5T_COMPOUND' && Array.isArray(v)) return n.fields.map((f, i) => mapRefs(f.type, v[i]));
    if ((n.class === 'H5T_ARRAY' || n.class === 'H5T_VLEN') && Array.isArray(v)) return v.map((x) => mapRefs(n.base, x));
    return v;
  };
  return decodeValues(type, wire, count).map((v) => mapRefs(type, v));
}

export class FileTree implements DiffTree {
  readonly rootKey: string;
  private readonly paths = new Map<string, string>();

  private constructor(
    private readonly reader: H5Reader,
    readonly label: string,
  ) {
    this.rootKey = reader.address('/').toString();
    this.paths.set(this.rootKey, '/');
    // First paths of all objects, breadth first, for references.
    const queue = ['/'];
    for (let i = 0; i < queue.length; i++) {
      for (const m of reader.members(queue[i])) {
        if (m.kind !== 'group' && m.kind !== 'dataset' && m.kind !== 'datatype') continue;
        const key = m.address.toString();
        if (this.paths.has(key)) continue;
        const path = queue[i] === '/' ? `/${m.name}` : `${queue[i]}/${m.name}`;
        this.paths.set(key, path);
        if (m.kind === 'group') queue.push(path);
      }
    }
  }

  static async open(path: string, label = path): Promise<FileTree> {
    return new FileTree(await H5Reader.open(path), label);
  }

  links(_key: string, path: string): Map<string, DiffLink> {
    const out = new Map<string, DiffLink>();
    for (const m of this.reader.members(path)) {
      if (m.kind === 'soft') out.set(m.name, { kind: 'soft', path: m.target });
      else if (m.kind === 'external') out.set(m.name, { kind: 'external', file: m.file, path: m.path });
      else if (m.kind !== 'other') out.set(m.name, { kind: 'hard', key: m.address.toString(), objectKind: m.kind });
    }
    return out;
  }

  dataset(_key: string, path: string): DiffDataset {
    const md = this.reader.dataset(path);
    return { type: restType(md), dims: md.shape, chunks: md.chunks ?? undefined };
  }

  datatype(_key: string, path: string): TypeJson {
    return restType(this.reader.datatype(path));
  }

  async attributes(_key: string, path: string): Promise<Map<string, DiffAttribute>> {
    const out = new Map<string, DiffAttribute>();
    for (const name of this.reader.attributeNames(path)) {
      const md = this.reader.attribute(path, name);
      out.set(name, { type: restType(md), dims: md.shape, wire: this.reader.readAttribute(path, name, md, this) });
    }
    return out;
  }

  async read(_key: string, path: string, ds: DiffDataset, start: number[], count: number[]): Promise<Uint8Array> {
    return this.reader.readHyperslab(path, this.reader.dataset(path), start, count, this);
  }

  /** References are read as "@address" strings and resolved here. */
  reference(address: bigint): string {
    return `@${address}`;
  }

  referencePath(reference: string): string {
    return reference ? (this.paths.get(reference.slice(1)) ?? reference) : '';
  }

  async close(): Promise<void> {
    this.reader.close();
  }
}

export class DomainTree implements DiffTree {
  readonly rootKey: string;
  private readonly objects = new Map<string, DomainObject>();
  private readonly linksByGroup = new Map<string, Map<string, DiffLink>>();

  private constructor(
    private readonly file: File,
    readonly label: string,
  ) {
    this.rootKey = file.id;
  }

  static async open(file: File): Promise<DomainTree> {
    const tree = new DomainTree(file, file.domain);
    const { root, objects, links } = await walkDomain(file);
    for (const o of [root, ...objects]) tree.objects.set(o.id, o);
    for (const l of links) {
      let group = tree.linksByGroup.get(l.groupId);
      if (!group) tree.linksByGroup.set(l.groupId, (group = new Map()));
      if ('id' in l.target) group.set(l.name, { kind: 'hard', key: l.target.id, objectKind: kindOf(l.target.id) });
      else if ('soft' in l.target) group.set(l.name, { kind: 'soft', path: l.target.soft });
      else group.set(l.name, { kind: 'external', file: l.target.external, path: l.target.path });
    }
    return tree;
  }

  links(key: string): Map<string, DiffLink> {
    return this.linksByGroup.get(key) ?? new Map();
  }

  dataset(key: string): DiffDataset {
    const json = this.objects.get(key)!.json as DatasetJson;
    const shape = json.shape;
    const dims = shape.class === 'H5S_NULL' ? null : shape.class === 'H5S_SCALAR' ? [] : [...(shape.dims ?? [])];
    return { type: normalizeNested(json.type), dims, chunks: json.layout?.dims };
  }

  datatype(key: string): TypeJson {
    return normalizeNested((this.objects.get(key)!.json as DatatypeJson).type);
  }

  async attributes(key: string): Promise<Map<string, DiffAttribute>> {
    const out = new Map<string, DiffAttribute>();
    for (const a of await attributesOf(this.file.session, this.objects.get(key)!)) out.set(a.name, { type: a.type, dims: a.dims, wire: a.wire });
    return out;
  }

  async read(key: string, path: string, ds: DiffDataset, start: number[], count: number[]): Promise<Uint8Array> {
    const select = start.length ? `[${start.map((s, d) => `${s}:${s + count[d]}`).join(',')}]` : undefined;
    const res = await this.file.session.request({ method: 'GET', path: `/datasets/${key}/value`, query: { select }, acceptBinary: true, what: path });
    // Variable-length answers may end with HSDS's zero padding.
    return isVariable(ds.type) ? trimStream(ds.type, res.body, product(count)) : res.body;
  }

  referencePath(reference: string): string {
    if (!reference) return '';
    return this.objects.get(reference.slice(reference.indexOf('/') + 1))?.path ?? reference;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

