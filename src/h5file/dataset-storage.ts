/** Assembles a DatasetInfo from a dataset's object header messages. */
import { readChunkLocations } from './chunk-locations.js';
import { Hdf5FormatError } from './errors.js';
import type { FileContext } from './file-context.js';
import {
  ChunkIndexType,
  decodeDataspace,
  decodeDatatypeSize,
  decodeFilterPipeline,
  decodeLayout,
  decodeSharedMessage,
} from './messages.js';
import { MESSAGE_FLAG_SHARED, MessageType, type HeaderMessage } from './object-header.js';
import type { ChunkIndexKind, DatasetInfo, DatasetStorage } from './storage-layout.js';

const CHUNK_INDEX_KINDS: Record<number, ChunkIndexKind> = {
  [ChunkIndexType.btreeV1]: 'btree-v1',
  [ChunkIndexType.singleChunk]: 'single-chunk',
  [ChunkIndexType.implicit]: 'implicit',
  [ChunkIndexType.fixedArray]: 'fixed-array',
  [ChunkIndexType.extensibleArray]: 'extensible-array',
  [ChunkIndexType.btreeV2]: 'btree-v2',
};

const MESSAGE_NAMES: Record<number, string> = {
  [MessageType.dataspace]: 'dataspace',
  [MessageType.datatype]: 'datatype',
  [MessageType.filterPipeline]: 'filter pipeline',
};

/** Layout message (version 4) flag bit 0. */
const LAYOUT_DONT_FILTER_PARTIAL_CHUNKS = 0x01;

/** Committed datatypes point to another object; chains of such pointers are short in real files. */
const MAX_SHARED_DEPTH = 8;

export type HeaderLoader = (address: number) => Promise<HeaderMessage[]>;

/** The body of a message of `type`, following a shared-message pointer to another object header. */
async function messageBody(
  ctx: FileContext,
  loadHeader: HeaderLoader,
  messages: HeaderMessage[],
  type: number,
  owner: number,
  depth = 0,
): Promise<Uint8Array | undefined> {
  const message = messages.find((m) => m.type === type);
  if (!message) return undefined;
  if (!(message.flags & MESSAGE_FLAG_SHARED)) return message.data;
  const name = MESSAGE_NAMES[type] ?? `type ${type}`;
  if (depth >= MAX_SHARED_DEPTH) throw new Hdf5FormatError(`shared ${name} message of object ${owner} loops`);
  const pointer = decodeSharedMessage(message.data, ctx, owner);
  if (pointer.where === 'shared-message-heap') {
    throw new Hdf5FormatError(
      `the ${name} message of object ${owner} is kept in the file's shared object header message heap, ` +
        'which is not supported',
    );
  }
  return messageBody(ctx, loadHeader, await loadHeader(pointer.address), type, pointer.address, depth + 1);
}

export async function readDatasetInfo(
  ctx: FileContext,
  loadHeader: HeaderLoader,
  path: string,
  address: number,
  messages: HeaderMessage[],
): Promise<DatasetInfo> {
  const body = (type: number) => messageBody(ctx, loadHeader, messages, type, address);
  const layoutMessage = messages.find((m) => m.type === MessageType.layout);
  const [spaceData, typeData, pipelineData] = await Promise.all([
    body(MessageType.dataspace),
    body(MessageType.datatype),
    body(MessageType.filterPipeline),
  ]);
  if (!layoutMessage || !spaceData || !typeData) {
    throw new Hdf5FormatError(`dataset '${path}' (object ${address}) lacks a layout, dataspace or datatype message`);
  }
  if (messages.some((m) => m.type === MessageType.externalFiles)) {
    throw new Hdf5FormatError(`dataset '${path}' keeps its raw data in external files, which is not supported`);
  }
  const space = decodeDataspace(spaceData, ctx, address);
  const elementSize = decodeDatatypeSize(typeData, ctx, address);
  const filters = pipelineData ? decodeFilterPipeline(pipelineData, ctx, address) : [];
  const layout = decodeLayout(layoutMessage.data, ctx, address);

  let storage: DatasetStorage;
  switch (layout.kind) {
    case 'compact':
      storage = { kind: 'compact', data: layout.data.slice() };
      break;
    case 'contiguous':
      storage = {
        kind: 'contiguous',
        offset: layout.address === null ? null : ctx.absolute(layout.address),
        size: layout.size ?? space.dims.reduce((a, b) => a * b, elementSize),
      };
      break;
    case 'chunked':
      storage = {
        kind: 'chunked',
        index: CHUNK_INDEX_KINDS[layout.indexType],
        chunkDims: layout.dims.slice(0, -1),
        filters,
        partialEdgeChunksUnfiltered: (layout.flags & LAYOUT_DONT_FILTER_PARTIAL_CHUNKS) !== 0,
        chunks: await readChunkLocations(ctx, layout, space),
      };
      break;
    case 'virtual':
      storage = { kind: 'virtual' };
      break;
  }
  checkInsideFile(ctx, path, storage);
  return { path, dims: space.dims, maxDims: space.maxDims, elementSize, storage };
}

/** Raw data past the end of the file means the file was truncated; linking to it would give broken reads. */
function checkInsideFile(ctx: FileContext, path: string, storage: DatasetStorage): void {
  const fileSize = ctx.src.size;
  const fail = (what: string, offset: number, size: number) => {
    throw new Hdf5FormatError(
      `${what} of dataset '${path}' (${size} bytes at ${offset}) lies past the end of the file ` +
        `(${fileSize} bytes): the file is truncated`,
    );
  };
  if (storage.kind === 'contiguous' && storage.offset !== null && storage.offset + storage.size > fileSize) {
    fail('raw data', storage.offset, storage.size);
  }
  if (storage.kind === 'chunked') {
    for (const chunk of storage.chunks) {
      if (chunk.offset + chunk.size > fileSize) fail(`chunk [${chunk.coords}]`, chunk.offset, chunk.size);
    }
  }
}
