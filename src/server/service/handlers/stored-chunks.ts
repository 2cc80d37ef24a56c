/**
 * h5lab's stored-chunk endpoint, which HSDS does not have (the `h5lab-` segment keeps it clear of HSDS
 * paths): `PUT|GET /datasets/{id}/h5lab-chunks/{index}`, index = the chunk's grid coordinates joined by
 * '_' (`3_0`), inside the dataset's extent.
 *
 * A chunk travels in its stored form: the whole chunk (edge chunks padded to the chunk shape) encoded by
 * the dataset's filters exactly as this server stores it (data/filters/pipeline.ts) — for shuffle and
 * deflate, a zlib stream of the byte-shuffled chunk, which is also what HDF5's shuffle+deflate pipeline
 * writes. A client holding chunks in that form (hsload reading an HDF5 file, hsget writing one) skips
 * decoding and re-encoding them. PUT needs the same permission as a value write, and the data node that
 * owns the chunk decodes it before storing: bytes that do not decode to exactly one chunk are refused
 * with 400 and nothing is stored. GET needs read permission; the answer's X-H5lab-Chunk-Filters header
 * names the HDF5 filters the bytes carry in the order they were applied ("shuffle,deflate", "deflate",
 * "none"…), or "blosc" / "bitshuffle" for forms no built-in HDF5 pipeline makes (e.g. chunks HSDS wrote).
 * A chunk never stored (it reads as the fill value) is a 404 carrying that header too, which tells it
 * from a server without the endpoint.
 */
import { isVariable } from '../../../core/types.js';
import type { ChunkSpec } from '../../data/chunk-store.js';
import { isBloscFrame } from '../../data/filters/blosc-frame.js';
import { filterOpsFor } from '../../data/filters/filter-ops.js';
import { badRequest } from '../../http/errors.js';
import type { RequestContext } from '../../http/request-context.js';
import { json, Reply } from '../../http/responses.js';
import type { DatasetJson } from '../../model.js';
import { chunkSpecOf, valueDims } from '../chunk-spec.js';
import type { RouteDef } from '../route-table.js';
import type { DomainRef, ServiceNode } from '../service-node.js';

const CHUNK_FILTERS_HEADER = 'X-H5lab-Chunk-Filters';

interface ChunkTarget {
  ref: DomainRef;
  spec: ChunkSpec;
  index: number[];
  /** Elements of the chunk inside the dataset, per dimension. */
  extent: number[];
}

async function chunkTarget(sn: ServiceNode, ctx: RequestContext, action: 'read' | 'update'): Promise<ChunkTarget> {
  const { ref, obj: dset } = await sn.access<DatasetJson>(ctx, ctx.params.id, 'datasets', action);
  const spec = chunkSpecOf(dset);
  if (spec.linked) throw badRequest('the chunks of a dataset linked to an HDF5 file are not stored by the server');
  if (isVariable(spec.type)) throw badRequest('stored chunks of variable-length types are not supported');
  const dims = valueDims(dset)!;
  const text = ctx.params.index;
  const index = /^\d+(_\d+)*$/.test(text) ? text.split('_').map(Number) : [];
  if (index.length !== dims.length || index.some((i) => !Number.isSafeInteger(i)))
    throw badRequest(`invalid chunk index '${text}': expected ${dims.length} chunk coordinates joined by '_'`);
  if (index.some((i, d) => i * spec.chunkDims[d] >= dims[d]))
    throw badRequest(`chunk index ${text} is outside the dataset's extent [${dims.join(', ')}] (chunks [${spec.chunkDims.join(', ')}])`);
  const extent = index.map((i, d) => Math.min(spec.chunkDims[d], dims[d] - i * spec.chunkDims[d]));
  return { ref, spec, index, extent };
}

/** The HDF5 filters stored bytes carry, in the order applied; a name of their own for other forms. */
function storedForm(spec: ChunkSpec, stored: Uint8Array): string {
  const ops = filterOpsFor(spec.filters, false);
  if (ops.shuffle === 'bit') return 'bitshuffle';
  if (ops.compressor !== undefined && (ops.compressor !== 'zlib' || isBloscFrame(stored))) return 'blosc';
  const names = [...(ops.shuffle === 'byte' ? ['shuffle'] : []), ...(ops.compressor === 'zlib' ? ['deflate'] : [])];
  return names.length ? names.join(',') : 'none';
}

async function putChunk(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const t = await chunkTarget(sn, ctx, 'update');
  if (!ctx.isBinaryRequest) throw badRequest('a stored chunk is sent as application/octet-stream');
  if (!ctx.hasBody()) throw badRequest('PUT chunk with no body');
  const stored = await ctx.body(sn.config.max_request_size);
  await sn.nodes.forChunk(t.spec.datasetId, t.index).writeStoredChunk(t.ref.bucket, t.spec, t.index, stored, t.extent);
  return json({});
}

async function getChunk(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const t = await chunkTarget(sn, ctx, 'read');
  if (t.spec.initializer) throw badRequest('the chunks of this dataset are computed from its initializer');
  const stored = await sn.nodes.forChunk(t.spec.datasetId, t.index).readStoredChunk(t.ref.bucket, t.spec, t.index);
  if (!stored) {
    const body = new TextEncoder().encode('404: chunk not stored (it reads as the fill value)');
    return { status: 404, binary: body, contentType: 'text/plain; charset=utf-8', headers: { [CHUNK_FILTERS_HEADER]: storedForm(t.spec, new Uint8Array(0)) } };
  }
  return { status: 200, binary: stored, headers: { [CHUNK_FILTERS_HEADER]: storedForm(t.spec, stored) } };
}

export const storedChunkRoutes: RouteDef[] = [
  ['PUT', '/datasets/{id}/h5lab-chunks/{index}', putChunk],
  ['GET', '/datasets/{id}/h5lab-chunks/{index}', getChunk],
];
