/**
 * What every structure reader needs: the byte source, the file's address and length widths, and the base
 * address that all stored addresses are relative to (non-zero when the file starts with a user block).
 */
import type { ByteSource } from './byte-source.js';
import { ByteReader, type FieldSizes } from './byte-reader.js';
import { Hdf5FormatError } from './errors.js';

export class FileContext implements FieldSizes {
  constructor(
    readonly src: ByteSource,
    readonly offsetSize: number,
    readonly lengthSize: number,
    readonly baseAddress: number,
  ) {}

  /** The absolute byte position in the file of a stored (base-relative) address. */
  absolute(address: number): number {
    return this.baseAddress + address;
  }

  /** Reads `length` bytes of the structure at a stored address, failing clearly if it is past the end. */
  async read(address: number, length: number, what: string): Promise<ByteReader> {
    const position = this.absolute(address);
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new Hdf5FormatError(`${what} at address ${address} has an invalid size (${length} bytes)`);
    }
    if (position + length > this.src.size) {
      throw new Hdf5FormatError(
        `${what} at address ${address} (${length} bytes) lies past the end of the file ` +
          `(${this.src.size} bytes): the file is truncated or corrupt`,
      );
    }
    return new ByteReader(await this.src.read(position, length), this, what, address);
  }
}
