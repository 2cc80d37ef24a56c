/**
 * Reading an HDF5 file with h5wasm, in place (only the byte ranges HDF5 needs are read): the members of
 * groups with their link kinds, object addresses (an object's identity, shared by all hard links to it),
 * dataset and datatype descriptions, attributes, and dataset values by hyperslab, each re-encoded in the
 * HDF REST binary form.
 */
import type { Metadata } from 'h5wasm/node';
import { h5call, h5wasmModule, H5Module, Hdf5LibraryError } from './h5wasm-runtime.js';
import { memoryLayout, type MemoryNode } from './h5-memory-layout.js';
import { hasVariablePart } from './h5-rest-types.js';
import { encodeWire } from './h5-wire-values.js';

export type H5Member =
  | { kind: 'group' | 'dataset' | 'datatype'; name: string; address: bigint }
  | { kind: 'soft'; name: string; target: string }
  | { kind: 'external'; name: string; file: string; path: string }
  /** User-defined links other than external ones: reported, not followed. */
  | { kind: 'other'; name: string };

/** h5wasm's H5G object codes (H5Gget_objinfo). */
const OBJECT_KINDS: Record<number, 'group' | 'dataset' | 'datatype'> = { 0: 'group', 1: 'dataset', 2: 'datatype' };

export const childPath = (group: string, name: string) => (group === '/' ? `/${name}` : `${group}/${name}`);

export interface ReadContext {
  /** The REST form of an object reference (a file address): "groups/g-…", or '' when unknown. */
  reference(address: bigint): string;
  /** Send numeric members of variable-length compounds little-endian (HSDS's request convention). */
  littleEndianVariableCompounds?: boolean;
}

export class H5Reader {
  private constructor(
    private readonly h5: H5Module,
    private readonly fileId: bigint,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<H5Reader> {
    const h5 = await h5wasmModule();
    let fileId: bigint;
    try {
      fileId = h5call(`cannot open ${path}`, () => h5.open(path, h5.H5F_ACC_RDONLY, false, -1, -1), (id) => id < 0n);
    } catch (e) {
      if (e instanceof Hdf5LibraryError && /signature/.test(e.message)) throw new Hdf5LibraryError(`${path} is not an HDF5 file`);
      throw e;
    }
    return new H5Reader(h5, fileId, path);
  }

  close(): void {
    h5call(`closing ${this.path}`, () => this.h5.close_file(this.fileId));
  }

  /** The links of a group, in the group's order (creation order when it tracks it, else by name). */
  members(group: string): H5Member[] {
    const h5 = this.h5;
    const names = h5call(`listing group ${group}`, () => h5.get_names(this.fileId, group, false)) as string[];
    return names.map((name): H5Member => {
      const path = childPath(group, name);
      const soft = h5call(`reading link ${path}`, () => h5.get_symbolic_link(this.fileId, path));
      if (soft !== null) return { kind: 'soft', name, target: soft };
      const external = h5call(`reading link ${path}`, () => h5.get_external_link(this.fileId, path));
      if (external.filename !== undefined) return { kind: 'external', name, file: external.filename, path: external.obj_path };
      const kind = OBJECT_KINDS[h5call(`reading link ${path}`, () => h5.get_type(this.fileId, path))];
      if (!kind) return { kind: 'other', name };
      return { kind, name, address: this.address(path) };
    });
  }

  /** The object's header address: equal for every path that leads to the same object. */
  address(path: string): bigint {
    const ref = h5call(`locating ${path}`, () => this.h5.create_object_reference(this.fileId, path));
    return new DataView(Uint8Array.from(ref).buffer).getBigUint64(0, true);
  }

  dataset(path: string): Metadata {
    return h5call(`reading dataset ${path}`, () => this.h5.get_dataset_metadata(this.fileId, path));
  }

  datatype(path: string): Metadata {
    return h5call(`reading datatype ${path}`, () => this.h5.get_datatype_metadata(this.fileId, path));
  }

  attributeNames(path: string): string[] {
    return h5call(`listing attributes of ${path}`, () => this.h5.get_attribute_names(this.fileId, path)) as string[];
  }

  attribute(path: string, name: string): Metadata {
    return h5call(`reading attribute '${name}' of ${path}`, () => this.h5.get_attribute_metadata(this.fileId, path, name));
  }

  /** Paths of the dimension scales attached to dimension `dim` of a dataset. */
  dimensionScales(path: string, dim: number): string[] {
    return h5call(`reading dimension scales of ${path}`, () => this.h5.get_attached_scales(this.fileId, path, dim)) as string[];
  }

  /** An attribute's value in the REST binary form (null for a null dataspace). */
  readAttribute(path: string, name: string, md: Metadata, ctx: ReadContext): Uint8Array | null {
    if (md.shape === null) return null;
    const node = memoryLayout(md, { readByH5wasm: true });
    const h5 = this.h5;
    return this.withBuffer(md.size * md.total_size, (ptr) => {
      h5call(`reading attribute '${name}' of ${path}`, () => h5.get_attribute_data(this.fileId, path, name, BigInt(ptr)), (s) => s < 0);
      try {
        return this.encode(node, ptr, md.size * md.total_size, md.total_size, ctx);
      } finally {
        if (hasVariablePart(md)) h5.reclaim_vlen_memory(this.fileId, path, name, BigInt(ptr));
      }
    });
  }

  /**
   * The values of the hyperslab `start`/`count` (unit stride) of a dataset in the REST binary form; for a
   * scalar dataset pass empty lists.
   */
  readHyperslab(path: string, md: Metadata, start: number[], count: number[], ctx: ReadContext): Uint8Array {
    const node = memoryLayout(md, { readByH5wasm: true, littleEndianVariableCompounds: ctx.littleEndianVariableCompounds });
    const h5 = this.h5;
    const elements = count.reduce((a, b) => a * b, 1);
    const nbytes = md.size * elements;
    const whole = count.length === 0;
    const bigCount = count.map(BigInt);
    return this.withBuffer(nbytes, (ptr) => {
      h5call(
        `reading dataset ${path}`,
        () =>
          whole
            ? h5.get_dataset_data(this.fileId, path, null, null, null, BigInt(ptr))
            : h5.get_dataset_data(this.fileId, path, bigCount, start.map(BigInt), count.map(() => 1n), BigInt(ptr)),
        (s) => s < 0,
      );
      try {
        return this.encode(node, ptr, nbytes, elements, ctx);
      } finally {
        if (hasVariablePart(md)) {
          if (whole) h5.reclaim_vlen_memory(this.fileId, path, '', BigInt(ptr));
          else h5.reclaim_vlen_memory_count(this.fileId, path, '', BigInt(ptr), bigCount);
        }
      }
    });
  }

  private encode(node: MemoryNode, ptr: number, nbytes: number, count: number, ctx: ReadContext): Uint8Array {
    const heap = this.h5.HEAPU8;
    return encodeWire(node, heap.subarray(ptr, ptr + nbytes), count, { heap, reference: (address) => ctx.reference(address) });
  }

  private withBuffer<T>(nbytes: number, use: (ptr: number) => T): T {
    const ptr = this.h5._malloc(Math.max(1, nbytes));
    if (ptr === 0) throw new Error(`out of wasm memory allocating ${nbytes} bytes`);
    try {
      return use(ptr);
    } finally {
      this.h5._free(ptr);
    }
  }
}
