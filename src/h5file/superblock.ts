/**
 * The superblock: finds the HDF5 signature, then reads the field widths, the base address and the root
 * group's object header address (versions 0-3).
 */
import type { ByteSource } from './byte-source.js';
import { ByteReader } from './byte-reader.js';
import { verifyChecksum } from './checksum.js';
import { Hdf5FormatError } from './errors.js';
import { FileContext } from './file-context.js';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** Largest superblock: version 0/1 with 8-byte offsets and the root symbol table entry. */
const MAX_SUPERBLOCK_SIZE = 8 + 16 + 4 + 4 * 8 + (2 * 8 + 24);

export interface Superblock {
  readonly context: FileContext;
  readonly version: number;
  /** Byte position of the signature (the user block size). */
  readonly position: number;
  /** Object header address (base-relative) of the root group. */
  readonly rootObjectAddress: number;
  /** Superblock extension object header address, versions 2 and 3 only. */
  readonly extensionAddress: number | null;
}

async function findSignature(src: ByteSource): Promise<number> {
  // The signature is at 0, or at 512, 1024, 2048... when the file starts with a user block.
  for (let position = 0; position + SIGNATURE.length <= src.size; position = position === 0 ? 512 : position * 2) {
    const bytes = await src.read(position, SIGNATURE.length);
    if (SIGNATURE.every((byte, i) => bytes[i] === byte)) return position;
  }
  throw new Hdf5FormatError(
    `not an HDF5 file: no HDF5 signature at byte 0 or at any power-of-two offset from 512 (file size ${src.size})`,
  );
}

function checkWidth(name: string, width: number): void {
  if (![2, 4, 8].includes(width)) {
    throw new Hdf5FormatError(`superblock has an unsupported size of ${name} (${width} bytes)`);
  }
}

export async function readSuperblock(src: ByteSource): Promise<Superblock> {
  const position = await findSignature(src);
  const available = Math.min(MAX_SUPERBLOCK_SIZE, src.size - position);
  const bytes = await src.read(position, available);
  const probe = new ByteReader(bytes, { offsetSize: 8, lengthSize: 8 }, 'superblock', position);
  probe.skip(SIGNATURE.length);
  const version = probe.u8();

  if (version === 0 || version === 1) {
    probe.skip(4); // free-space, root symbol table entry and shared header versions, reserved
    const offsetSize = probe.u8();
    const lengthSize = probe.u8();
    checkWidth('offsets', offsetSize);
    checkWidth('lengths', lengthSize);
    const r = new ByteReader(bytes, { offsetSize, lengthSize }, 'superblock', position);
    r.seek(probe.position + 1);
    r.skip(4 + 4); // group leaf/internal node K, file consistency flags
    if (version === 1) r.skip(4); // indexed storage internal node K, reserved
    const baseAddress = r.address() ?? 0;
    r.skip(3 * offsetSize); // free-space info, end-of-file and driver info addresses
    // Root group symbol table entry: link name offset, then the object header address.
    r.skip(offsetSize);
    const rootObjectAddress = r.address();
    if (rootObjectAddress === null) throw new Hdf5FormatError('superblock has no root group address');
    return {
      context: new FileContext(src, offsetSize, lengthSize, baseAddress),
      version,
      position,
      rootObjectAddress,
      extensionAddress: null,
    };
  }

  if (version === 2 || version === 3) {
    const offsetSize = probe.u8();
    const lengthSize = probe.u8();
    checkWidth('offsets', offsetSize);
    checkWidth('lengths', lengthSize);
    const r = new ByteReader(bytes, { offsetSize, lengthSize }, 'superblock', position);
    r.seek(probe.position + 1); // file consistency flags
    const baseAddress = r.address() ?? 0;
    const extensionAddress = r.address();
    r.skip(offsetSize); // end-of-file address
    const rootObjectAddress = r.address();
    verifyChecksum(bytes, r.position, 'superblock', position);
    if (rootObjectAddress === null) throw new Hdf5FormatError('superblock has no root group address');
    return {
      context: new FileContext(src, offsetSize, lengthSize, baseAddress),
      version,
      position,
      rootObjectAddress,
      extensionAddress,
    };
  }

  throw new Hdf5FormatError(`unsupported superblock version ${version} at byte ${position}`);
}
