/** A growable little-endian byte builder for the HDF5 structures the writer encodes. */

/** HDF5's "undefined address" (all bits set), for 8-byte addresses. */
export const UNDEFINED_ADDRESS = 0xffffffffffffffffn;

export class ByteBuilder {
  private bytes: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(capacity = 64) {
    this.bytes = new Uint8Array(capacity);
    this.view = new DataView(this.bytes.buffer);
  }

  private reserve(n: number): number {
    const at = this.length;
    if (at + n > this.bytes.length) {
      let size = this.bytes.length * 2;
      while (size < at + n) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length += n;
    return at;
  }

  // Reserve first: growing replaces the buffer and its view.
  u8(v: number): this {
    const at = this.reserve(1);
    this.bytes[at] = v;
    return this;
  }

  u16(v: number): this {
    const at = this.reserve(2);
    this.view.setUint16(at, v, true);
    return this;
  }

  u32(v: number): this {
    const at = this.reserve(4);
    this.view.setUint32(at, v >>> 0, true);
    return this;
  }

  u64(v: number | bigint): this {
    const at = this.reserve(8);
    this.view.setBigUint64(at, BigInt(v), true);
    return this;
  }

  /** An unsigned integer in `width` bytes. */
  uint(v: number, width: number): this {
    let rest = v;
    for (let i = 0; i < width; i++) {
      this.u8(rest % 256);
      rest = Math.floor(rest / 256);
    }
    return this;
  }

  /** An 8-byte file address; undefined → HDF5's undefined address. */
  address(v: number | undefined): this {
    return this.u64(v === undefined ? UNDEFINED_ADDRESS : v);
  }

  raw(data: Uint8Array): this {
    const at = this.reserve(data.length);
    this.bytes.set(data, at);
    return this;
  }

  zeros(n: number): this {
    const at = this.reserve(n);
    this.bytes.fill(0, at, this.length);
    return this;
  }

  /** Text as UTF-8, optionally NUL-terminated. */
  text(s: string, nul = true): this {
    this.raw(new TextEncoder().encode(s));
    if (nul) this.u8(0);
    return this;
  }

  /** Pads with zeros to a multiple of `n` bytes. */
  align(n: number): this {
    return this.zeros((n - (this.length % n)) % n);
  }

  /** Overwrites 4 bytes at `at`. */
  setU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
