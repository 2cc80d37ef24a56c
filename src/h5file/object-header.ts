/**
 * Object headers (versions 1 and 2): collects the header messages of one object, following continuation
 * blocks. Message bodies are returned undecoded; messages.ts decodes the types this reader needs.
 */
import { ByteReader } from './byte-reader.js';
import { verifyChecksum } from './checksum.js';
import { Hdf5FormatError } from './errors.js';
import type { FileContext } from './file-context.js';

export const MessageType = {
  dataspace: 0x01,
  linkInfo: 0x02,
  datatype: 0x03,
  link: 0x06,
  externalFiles: 0x07,
  layout: 0x08,
  filterPipeline: 0x0b,
  continuation: 0x10,
  symbolTable: 0x11,
} as const;

/** Message flag bit 1: the body is a pointer to a message stored elsewhere (shared/committed). */
export const MESSAGE_FLAG_SHARED = 0x02;

export interface HeaderMessage {
  readonly type: number;
  readonly flags: number;
  readonly data: Uint8Array;
}

interface Continuation {
  readonly address: number;
  readonly length: number;
}

/** Bounds the work on a corrupt header whose continuation messages form a cycle or never end. */
const MAX_CONTINUATIONS = 10_000;

function continuationOf(message: HeaderMessage, ctx: FileContext, headerAddress: number): Continuation {
  const r = new ByteReader(message.data, ctx, 'object header continuation message', headerAddress);
  const blockAddress = r.address();
  const length = r.length();
  if (blockAddress === null) {
    throw new Hdf5FormatError(`object header at address ${headerAddress} continues at an undefined address`);
  }
  return { address: blockAddress, length };
}

async function readVersion1(ctx: FileContext, address: number): Promise<HeaderMessage[]> {
  const prefix = await ctx.read(address, 16, 'object header (version 1)');
  prefix.skip(4); // version, reserved, number of messages (the block sizes bound the parsing instead)
  prefix.skip(4); // reference count
  const firstChunkSize = prefix.u32();

  const messages: HeaderMessage[] = [];
  const pending: Continuation[] = [{ address: address + 16, length: firstChunkSize }];
  for (let chunkIndex = 0; chunkIndex < pending.length; chunkIndex++) {
    if (chunkIndex > MAX_CONTINUATIONS) {
      throw new Hdf5FormatError(`object header at address ${address} has too many continuation blocks`);
    }
    const chunk = pending[chunkIndex];
    const r = await ctx.read(chunk.address, chunk.length, `object header block of object ${address}`);
    // Version 1 messages are 8-byte aligned: an 8-byte message header, then the padded body.
    while (r.remaining >= 8) {
      const type = r.u16();
      const size = r.u16();
      const flags = r.u8();
      r.skip(3);
      const message = { type, flags, data: r.bytesOf(size) };
      if (type === MessageType.continuation) pending.push(continuationOf(message, ctx, address));
      else messages.push(message);
    }
  }
  return messages;
}

async function readVersion2(ctx: FileContext, address: number): Promise<HeaderMessage[]> {
  // Longest fixed prefix: signature, version, flags, four times, attribute phase change values, 8-byte size.
  const probeLength = Math.min(4 + 1 + 1 + 16 + 4 + 8, ctx.src.size - ctx.absolute(address));
  const probe = await ctx.read(address, probeLength, 'object header (version 2)');
  probe.signature('OHDR');
  const version = probe.u8();
  if (version !== 2) throw new Hdf5FormatError(`object header at address ${address} has unknown version ${version}`);
  const flags = probe.u8();
  if (flags & 0x20) probe.skip(16); // access, modification, change and birth times
  if (flags & 0x10) probe.skip(4); // attribute storage phase change values
  const chunkSize = probe.uint(1 << (flags & 0x03));
  const messageHeaderSize = flags & 0x04 ? 6 : 4; // with creation order when attribute order is tracked

  const messages: HeaderMessage[] = [];
  const prefixLength = probe.position;
  const pending: Continuation[] = [];
  const parseChunk = (start: number, end: number, r: ByteReader) => {
    r.seek(start);
    // Messages fill the chunk; a gap smaller than a message header may precede the checksum.
    while (end - r.position >= messageHeaderSize) {
      const type = r.u8();
      const size = r.u16();
      const messageFlags = r.u8();
      if (messageHeaderSize === 6) r.skip(2);
      if (r.position + size > end) {
        throw new Hdf5FormatError(`object header at address ${address}: message of ${size} bytes overruns its block`);
      }
      const message = { type, flags: messageFlags, data: r.bytesOf(size) };
      if (type === MessageType.continuation) pending.push(continuationOf(message, ctx, address));
      else messages.push(message);
    }
  };

  const first = await ctx.read(address, prefixLength + chunkSize + 4, 'object header (version 2)');
  verifyChecksum(first.bytes, prefixLength + chunkSize, 'object header', address);
  parseChunk(prefixLength, prefixLength + chunkSize, first);

  for (let i = 0; i < pending.length; i++) {
    if (i > MAX_CONTINUATIONS) {
      throw new Hdf5FormatError(`object header at address ${address} has too many continuation blocks`);
    }
    const { address: blockAddress, length } = pending[i];
    const r = await ctx.read(blockAddress, length, `object header continuation block of object ${address}`);
    r.signature('OCHK');
    verifyChecksum(r.bytes, length - 4, 'object header continuation block', blockAddress);
    parseChunk(4, length - 4, r);
  }
  return messages;
}

/** All messages of the object header at a stored address, continuation messages resolved and dropped. */
export async function readObjectHeader(ctx: FileContext, address: number): Promise<HeaderMessage[]> {
  const start = await ctx.read(address, 4, 'object header');
  const bytes = start.bytes;
  if (bytes[0] === 0x4f && bytes[1] === 0x48 && bytes[2] === 0x44 && bytes[3] === 0x52) {
    return readVersion2(ctx, address);
  }
  if (bytes[0] === 1) return readVersion1(ctx, address);
  throw new Hdf5FormatError(
    `no object header at address ${address}: found neither an "OHDR" signature nor version 1 (first byte ${bytes[0]})`,
  );
}
