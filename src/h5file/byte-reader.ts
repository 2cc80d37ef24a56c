/**
 * A bounds-checked little-endian cursor over one metadata structure already read into memory. All HDF5
 * metadata fields are little-endian; addresses and lengths have the per-file widths from the superblock.
 */
import { Hdf5FormatError } from './errors.js';

export interface FieldSizes {
  readonly offsetSize: number;
  readonly lengthSize: number;
}

export class ByteReader {
  position = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly sizes: FieldSizes,
    /** What these bytes are and where they came from, for error messages. */
    readonly what: string,
    readonly origin: number,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  private take(count: number): number {
    if (count < 0 || this.position + count > this.bytes.length) {
      throw new Hdf5FormatError(
        `${this.what} at address ${this.origin} ends unexpectedly: needed ${count} bytes at offset ` +
          `${this.position} of ${this.bytes.length}`,
      );
    }
    const at = this.position;
    this.position += count;
    return at;
  }

  skip(count: number): void {
    this.take(count);
  }

  seek(position: number): void {
    if (position < 0 || position > this.bytes.length) {
      throw new Hdf5FormatError(`${this.what} at address ${this.origin}: offset ${position} is out of range`);
    }
    this.position = position;
  }

  u8(): number {
    return this.bytes[this.take(1)];
  }

  u16(): number {
    const at = this.take(2);
    return this.bytes[at] | (this.bytes[at + 1] << 8);
  }

  u32(): number {
    const at = this.take(4);
    const b = this.bytes;
    return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
  }

  /** An unsigned integer of 1..8 bytes; null when every byte is 0xff (HDF5's "undefined" / "unlimited"). */
  uintOrUndefined(size: number): number | null {
    const at = this.take(size);
    let value = 0;
    let allOnes = true;
    for (let i = size - 1; i >= 0; i--) {
      const byte = this.bytes[at + i];
      if (byte !== 0xff) allOnes = false;
      value = value * 256 + byte;
    }
    if (allOnes) return null;
    if (!Number.isSafeInteger(value)) {
      throw new Hdf5FormatError(
        `${this.what} at address ${this.origin}: value at offset ${at} is too large (over 2^53)`,
      );
    }
    return value;
  }

  uint(size: number): number {
    const at = this.position;
    const value = this.uintOrUndefined(size);
    if (value === null) {
      if (size < 8) return 2 ** (8 * size) - 1;
      throw new Hdf5FormatError(`${this.what} at address ${this.origin}: value at offset ${at} is too large`);
    }
    return value;
  }

  u64(): number {
    return this.uint(8);
  }

  /** A file address (relative to the base address), or null for HDF5's undefined address. */
  address(): number | null {
    return this.uintOrUndefined(this.sizes.offsetSize);
  }

  length(): number {
    return this.uint(this.sizes.lengthSize);
  }

  /** A length field that may hold the "unlimited" marker (all bits set), returned as null. */
  lengthOrUnlimited(): number | null {
    return this.uintOrUndefined(this.sizes.lengthSize);
  }

  bytesOf(count: number): Uint8Array {
    const at = this.take(count);
    return this.bytes.subarray(at, at + count);
  }

  /** Consumes a 4-byte ASCII signature and fails with a clear message when it is not the expected one. */
  signature(expected: string): void {
    const at = this.take(expected.length);
    const found = String.fromCharCode(...this.bytes.subarray(at, at + expected.length));
    if (found !== expected) {
      const printable = /^[\x20-\x7e]*$/.test(found) ? `"${found}"` : 'non-text bytes';
      throw new Hdf5FormatError(
        `expected ${this.what} (signature "${expected}") at address ${this.origin}, found ${printable}`,
      );
    }
  }

  /** A NUL-terminated string starting at the current position (the terminator is consumed). */
  cString(): string {
    const end = this.bytes.indexOf(0, this.position);
    if (end < 0) throw new Hdf5FormatError(`${this.what} at address ${this.origin}: unterminated string`);
    const text = new TextDecoder().decode(this.bytes.subarray(this.position, end));
    this.position = end + 1;
    return text;
  }

  text(count: number): string {
    return new TextDecoder().decode(this.bytesOf(count)).replace(/\0+$/, '');
  }
}
