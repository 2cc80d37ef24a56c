/**
 * Global heap collections ("GCOL"), where variable-length strings and sequences keep their bytes. Each
 * collection's space is reserved when it is opened, so objects get their final address (collection
 * address, object index) at once; a full collection is written out and the next one opened, twice as big
 * (4 KiB, HDF5's minimum, up to 1 MiB). The unused tail of a collection is its free-space object.
 */
import { ByteBuilder } from './h5-write-buffer.js';

const MIN_COLLECTION = 4096;
const MAX_COLLECTION = 1024 * 1024;
/** Collection header: signature, version, reserved, size. */
const COLLECTION_HEADER = 16;
/** Object header: index, reference count, reserved, size. */
const OBJECT_HEADER = 16;
const MAX_OBJECTS = 0xffff;

export interface HeapId {
  address: number;
  index: number;
}

interface Collection {
  address: number;
  size: number;
  used: number;
  objects: Uint8Array[];
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

export class GlobalHeapWriter {
  private current?: Collection;
  private nextSize = MIN_COLLECTION;

  constructor(
    /** Reserves `size` bytes of the file; returns their address. */
    private readonly allocate: (size: number) => number,
    /** Writes bytes at an address. */
    private readonly write: (address: number, bytes: Uint8Array) => void,
  ) {}

  /** Stores an object; returns where it is. */
  add(data: Uint8Array): HeapId {
    const need = OBJECT_HEADER + align8(data.length);
    let c = this.current;
    if (!c || c.used + need > c.size || c.objects.length >= MAX_OBJECTS) {
      this.flush();
      const size = Math.max(this.nextSize, COLLECTION_HEADER + need + OBJECT_HEADER);
      this.nextSize = Math.min(MAX_COLLECTION, this.nextSize * 2);
      c = this.current = { address: this.allocate(size), size, used: COLLECTION_HEADER, objects: [] };
    }
    c.objects.push(data);
    c.used += need;
    return { address: c.address, index: c.objects.length };
  }

  /** Writes out the open collection. */
  flush(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    const b = new ByteBuilder(c.size);
    b.raw(new TextEncoder().encode('GCOL')).u8(1).zeros(3).u64(c.size);
    c.objects.forEach((data, i) => {
      b.u16(i + 1).u16(0).u32(0).u64(data.length).raw(data).align(8);
    });
    const free = c.size - b.length;
    // The free-space object's size counts its own header; a tail too small for one is just zeros.
    if (free >= OBJECT_HEADER) b.u16(0).u16(0).u32(0).u64(free).zeros(free - OBJECT_HEADER);
    else b.zeros(free);
    this.write(c.address, b.result());
  }
}
