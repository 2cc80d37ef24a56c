/**
 * Dataset values: `GET|PUT|POST /datasets/{id}/value` — hyperslabs, coordinate lists and point selections,
 * JSON or binary, compound field subsets, row queries, appends and broadcasts, as HSDS serves them. Large
 * binary reads and writes are streamed page by page, so they are never refused for size.
 */
import { decodeValues, encodeValues, fromHsdsVlenByteOrder, nest, trimStream, ValueError } from '../../../core/codec.js';
import { paginate, product, Selection, selectionShape, type SliceSel } from '../../../core/selection.js';
import { estimatedItemSize, fixedSize, isVariable, TypeJson } from '../../../core/types.js';
import { badRequest, conflict, tooLarge } from '../../http/errors.js';
import type { RequestContext } from '../../http/request-context.js';
import { json, Reply, VALUE_JSON_TYPE } from '../../http/responses.js';
import type { DatasetJson } from '../../model.js';
import { checkQuery, queryResultType } from '../../data/chunk-query.js';
import { QueryError } from '../../query/expression.js';
import { chunkSpecOf, isScalar, valueDims } from '../chunk-spec.js';
import { forEachLimited } from '../../async-pool.js';
import { checkExtent } from '../extent-limits.js';
import type { RouteDef } from '../route-table.js';
import type { DomainRef, ServiceNode } from '../service-node.js';
import { chunkAlignedPages, planChunks, type ChunkTask } from '../values/chunk-plan.js';
import { fieldSubset, FieldSubset } from '../values/fields.js';
import { readHyperslab, readPoints, ValueBlock, ValueSource } from '../values/value-read.js';
import { writeHyperslab, writePoints } from '../values/value-write.js';
import {
  Body,
  broadcast,
  broadcastCount,
  elementCountOf,
  hasSelect,
  jsonValueBytes,
  pointsFromBinary,
  pointsFromJson,
  selectionOf,
} from '../values/value-input.js';
import { BodyReader } from '../values/body-reader.js';
import type { CompoundType } from '../../../core/types.js';

/** Page size of streamed binary writes: large enough for whole chunks, small enough to overlap I/O. */
const STREAM_PAGE_BYTES = 8 * 1024 * 1024;

interface Target {
  ref: DomainRef;
  dset: DatasetJson;
  dims: number[];
  src: ValueSource;
}

async function target(sn: ServiceNode, ctx: RequestContext, action: 'read' | 'update'): Promise<Target> {
  const { ref, obj: dset } = await sn.access<DatasetJson>(ctx, ctx.params.id, 'datasets', action);
  const dims = valueDims(dset);
  if (!dims) throw badRequest('Null space datasets can not be used as target for value requests');
  return { ref, dset, dims, src: { sn, ref, spec: chunkSpecOf(dset) } };
}

function valueHrefs(sn: ServiceNode, ref: DomainRef, dset: DatasetJson) {
  return [
    { rel: 'self', href: sn.href(ref, `/datasets/${dset.id}/value`) },
    { rel: 'root', href: sn.href(ref, `/groups/${dset.root}`) },
    { rel: 'home', href: sn.href(ref, '/') },
    { rel: 'owner', href: sn.href(ref, `/datasets/${dset.id}`) },
  ];
}

function fieldsOf(ctx: RequestContext, body: Body, type: TypeJson): FieldSubset | undefined {
  const spec = (body?.fields as string | undefined) ?? ctx.query('fields');
  return spec ? fieldSubset(type, String(spec)) : undefined;
}

/** JSON form of a block: nested lists, the bare value for scalar datasets, squeezed with reduce_dim. */
function jsonValue(block: ValueBlock, scalar: boolean, reduceDim: boolean): unknown {
  let flat: unknown[];
  try {
    flat = decodeValues(block.type, block.bytes, product(block.shape));
  } catch (e) {
    if (e instanceof ValueError) throw badRequest(`Cannot decode bytes to list: ${e.message}`);
    throw e;
  }
  // HSDS answers an empty (never written) variable-length sequence as 0 in JSON; clients expect that.
  if (block.type.class === 'H5T_VLEN') flat = flat.map((e) => (Array.isArray(e) && e.length === 0 ? 0 : e));
  if (scalar) return flat[0];
  const shape = reduceDim ? block.shape.filter((n) => n !== 1) : block.shape;
  return nest(flat, shape);
}

function valueReply(sn: ServiceNode, ctx: RequestContext, t: Target, block: ValueBlock): Reply {
  if (ctx.wantsBinary) return { status: 200, binary: block.bytes };
  const value = jsonValue(block, isScalar(t.dset), ctx.bool('reduce_dim'));
  return json({ value, hrefs: valueHrefs(sn, t.ref, t.dset) }, 200, { ignoreNan: ctx.bool('ignore_nan'), contentType: VALUE_JSON_TYPE });
}

// ------------------------------------------------------------------ GET

async function getValue(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const t = await target(sn, ctx, 'read');
  const fields = fieldsOf(ctx, undefined, t.dset.type);
  const query = ctx.query('query');
  if (query !== undefined) return queryRows(sn, ctx, t, query, fields, undefined);
  const sel = selectionOf(ctx, undefined, t.dims);
  const type = fields?.type ?? t.dset.type;
  const shape = selectionShape(sel);
  const size = product(shape) * estimatedItemSize(type);
  const max = sn.config.max_request_size;
  if (ctx.wantsBinary && !isScalar(t.dset) && sn.config.http_streaming) {
    // Binary reads stream page by page: never refused for size.
    const pages = paginate(sel, estimatedItemSize(type), max);
    if (pages.length === 1) return { status: 200, binary: (await readHyperslab(t.src, sel, fields)).bytes };
    const fixed = !isVariable(type);
    return {
      status: 200,
      contentLength: fixed ? product(shape) * fixedSize(type) : undefined,
      stream: (async function* () {
        // The next page is read while this one is sent.
        let next = readHyperslab(t.src, pages[0], fields);
        for (let i = 0; i < pages.length; i++) {
          const current = next;
          if (i + 1 < pages.length) {
            next = readHyperslab(t.src, pages[i + 1], fields);
            // Awaited on the next turn; if the client goes away first, its failure concerns nobody.
            next.catch(() => undefined);
          }
          yield (await current).bytes;
        }
      })(),
    };
  }
  if (size >= max) throw tooLarge(`GET value request of about ${size} bytes is too large; read in pages or use binary`);
  return valueReply(sn, ctx, t, await readHyperslab(t.src, sel, fields));
}

// ------------------------------------------------------------------ POST (points, long selections)

async function postValue(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const t = await target(sn, ctx, 'read');
  if (!ctx.hasBody()) throw badRequest('POST Value with no body');
  if (isScalar(t.dset)) throw badRequest('POST value not supported for datasets with SCALAR shape');
  let body: Body;
  let points: number[][] | undefined;
  if (ctx.isBinaryRequest) {
    points = pointsFromBinary(await ctx.body(sn.config.max_request_size), t.dims);
  } else {
    body = await ctx.jsonObject(sn.config.max_json_body, 'POST value');
    if (hasSelect(ctx, body) && body.points !== undefined) throw badRequest('Unexpected points and select key in request body');
    if (body.points !== undefined) points = pointsFromJson(body.points, t.dims);
    else if (!hasSelect(ctx, body)) throw badRequest('Expected points or select key in request body');
  }
  const fields = fieldsOf(ctx, body, t.dset.type);
  const type = fields?.type ?? t.dset.type;
  const sel = points ? undefined : selectionOf(ctx, body, t.dims);
  const count = points ? points.length : product(selectionShape(sel!));
  if (count * estimatedItemSize(type) >= sn.config.max_request_size) throw tooLarge('POST value request too large');
  const block = points ? await readPoints(t.src, points, fields) : await readHyperslab(t.src, sel!, fields);
  if (ctx.wantsBinary) return { status: 200, binary: block.bytes };
  const value = nest(decodeValues(block.type, block.bytes, count), block.shape);
  return json({ value, hrefs: valueHrefs(sn, t.ref, t.dset) }, 200, { ignoreNan: ctx.bool('ignore_nan'), contentType: VALUE_JSON_TYPE });
}

// ------------------------------------------------------------------ PUT

function checkContentType(ctx: RequestContext): void {
  const ct = (ctx.header('content-type') ?? '').toLowerCase();
  if (ct === '' || ct.includes('application/json') || ct.includes('application/octet-stream') || ct.startsWith('text/plain')) return;
  throw badRequest(`unsupported Content-Type: ${ct}`);
}

/** `append=n&append_dim=k`: checks that the dataset can grow so, and returns the shape of the new region. */
function appendShape(t: Target, rows: number, dim: number): number[] {
  const shape = t.dset.shape;
  const maxdims = shape.maxdims;
  if (isScalar(t.dset)) throw badRequest("append can't be used in scalar or null space datasets");
  if (!maxdims || !maxdims.some((m, i) => m === 0 || m > t.dims[i])) throw badRequest('Dataset shape must be extensible for packet updates');
  if (!Number.isInteger(dim) || dim < 0 || dim >= t.dims.length) throw badRequest('invalid append_dim');
  if (maxdims[dim] !== 0 && t.dims[dim] + rows > maxdims[dim]) throw conflict('unable to append to dataspace');
  t.dims.forEach((n, d) => {
    if (d !== dim && n === 0) throw badRequest(`zero-extent datashape in dimension ${d} must be extended before appending values`);
  });
  checkExtent(t.dims.map((n, d) => (d === dim ? n + rows : n)));
  return t.dims.map((n, d) => (d === dim ? rows : n));
}

/**
 * Grows the dataset for an append whose values have been checked (a refused body leaves the shape as it was)
 * and returns the selection of the new region.
 */
async function growForAppend(sn: ServiceNode, t: Target, rows: number, dim: number): Promise<Selection> {
  const { oldDims, dims } = await sn.nodes.forObject(t.dset.id).resizeDataset(t.ref.bucket, t.src.spec, { extend: rows, dim });
  if (dims.some((n, d) => d !== dim && n !== t.dims[d])) throw conflict('the dataset was resized while appending');
  return dims.map((n, d) => (d === dim ? { kind: 'slice', start: oldDims[d], stop: n, step: 1 } : { kind: 'slice', start: 0, stop: n, step: 1 }));
}

async function putValue(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const t = await target(sn, ctx, 'update');
  if (!ctx.hasBody()) throw badRequest('PUT Value with no body');
  checkContentType(ctx);
  if (t.src.spec.linked) throw badRequest('datasets linked to an HDF5 file are read-only');
  const binaryInput = ctx.isBinaryRequest;
  const body: Body = binaryInput ? undefined : await ctx.jsonObject(sn.config.max_json_body, 'PUT value');
  const query = (body?.query as string | undefined) ?? ctx.query('query');
  if (query !== undefined && !binaryInput) return queryRows(sn, ctx, t, query, fieldsOf(ctx, undefined, t.dset.type), body);

  const fields = fieldsOf(ctx, body, t.dset.type);
  const type = fields?.type ?? t.dset.type;
  const appendRaw = body?.append ?? ctx.query('append');
  const appendRows = appendRaw === undefined || appendRaw === '' ? 0 : Number(appendRaw);
  if (!Number.isInteger(appendRows) || appendRows < 0) throw badRequest('invalid append value');
  let points: number[][] | undefined;
  if (body?.points !== undefined) {
    if (appendRows) throw badRequest('points not valid with append update');
    if (fields) throw badRequest('fields cannot be written at a point selection');
    points = pointsFromJson(body.points, t.dims);
  }
  let sel: Selection | undefined;
  let shape: number[];
  const appendDim = Number(body?.append_dim ?? ctx.query('append_dim') ?? 0);
  if (appendRows) {
    if (hasSelect(ctx, body)) throw badRequest("append can't be used with selection");
    shape = appendShape(t, appendRows, appendDim);
  } else if (points) {
    shape = [points.length];
  } else {
    sel = selectionOf(ctx, body, t.dims);
    shape = selectionShape(sel);
  }
  const total = product(shape);
  if (total === 0) throw badRequest('Selection is empty');
  const elementCount = elementCountOf(ctx, body);
  const expected = elementCount === undefined ? total : broadcastCount(shape, elementCount);
  const variable = isVariable(type);
  const itemSize = variable ? 0 : fixedSize(type);

  const declared = ctx.header('content-length');
  if (binaryInput && !variable && declared !== undefined && Number(declared) !== expected * itemSize)
    throw badRequest(`expected ${expected * itemSize} bytes but got ${declared}`);
  if (binaryInput && !variable && !points && expected === total) {
    // Fixed-size binary writes are read from the request stream in chunk-aligned pages, and each page's
    // chunks are written while the next page arrives; a multi-GB write never sits in memory whole.
    const region = appendRows ? await growForAppend(sn, t, appendRows, appendDim) : sel!;
    const reader = new BodyReader(ctx.bodyStream());
    const inflight: Promise<void>[] = [];
    try {
      for (const page of chunkAlignedPages(region, t.src.spec.chunkDims, itemSize, STREAM_PAGE_BYTES)) {
        const bytes = await reader.read(product(selectionShape(page)) * itemSize);
        const written = writeHyperslab(t.src, page, bytes, fields);
        // Awaited below; a page that fails while the next one is read must not count as unhandled meanwhile.
        written.catch(() => undefined);
        inflight.push(written);
        if (inflight.length >= 2) await inflight.shift();
      }
      await reader.expectEnd(`expected ${total * itemSize} bytes`);
    } finally {
      await Promise.allSettled(inflight);
    }
    await Promise.all(inflight);
    return json({});
  }

  let data: Uint8Array;
  if (binaryInput) {
    data = await ctx.body(sn.config.max_request_size);
    if (!variable && data.length !== expected * itemSize)
      throw badRequest(`expected ${expected * itemSize} bytes but got ${data.length}`);
  } else if (body && 'value' in body) {
    data = jsonValueBytes(type, expected === total ? shape : [expected], body.value);
  } else if (body && typeof body.value_base64 === 'string') {
    data = new Uint8Array(Buffer.from(body.value_base64, 'base64'));
    if (!variable && data.length !== expected * itemSize)
      throw badRequest(`expected ${expected * itemSize} bytes but got ${data.length}`);
  } else {
    throw badRequest('request has no value or value_base64 key in body');
  }
  // A stream must hold exactly the expected elements (400 otherwise).
  if (variable) data = trimStream(type, data, expected);
  if (variable && (binaryInput || body?.value_base64 !== undefined)) data = fromHsdsVlenByteOrder(type, data, expected);
  data = broadcast(type, data, expected, total);
  if (appendRows) sel = await growForAppend(sn, t, appendRows, appendDim);
  if (points) await writePoints(t.src, points, data);
  else await writeHyperslab(t.src, sel!, data, fields);
  return json({});
}

// ------------------------------------------------------------------ queries

async function queryRows(
  sn: ServiceNode,
  ctx: RequestContext,
  t: Target,
  query: string,
  fields: FieldSubset | undefined,
  update: Body,
): Promise<Reply> {
  if (t.dims.length !== 1 || isScalar(t.dset)) throw badRequest('Query string is not supported for multidimensional datasets');
  const limitRaw = ctx.query('Limit');
  if (limitRaw !== undefined && !/^\d+$/.test(limitRaw)) throw badRequest('Limit param must be positive int');
  let remaining = limitRaw === undefined ? 0 : Number(limitRaw);
  if (update && Object.keys(update).length === 0) throw badRequest('query update with an empty body');
  try {
    checkQuery(t.dset.type, query, update);
  } catch (e) {
    if (e instanceof QueryError) throw badRequest(`invalid query: ${e.message}`);
    throw e;
  }
  const sel = selectionOf(ctx, undefined, t.dims);
  if (sel[0].kind !== 'slice') throw badRequest('queries need a hyperslab selection');
  const spec = t.src.spec;
  const tasks = [...planChunks(sel, spec.chunkDims)].filter((task) => task.local[0].kind === 'slice');
  const queryChunk = (task: ChunkTask, limit: number) =>
    sn.nodes
      .forChunk(spec.datasetId, task.index)
      .queryChunk(t.ref.bucket, spec, task.index, task.local[0] as SliceSel, task.index[0] * spec.chunkDims[0], { query, fields: fields?.names, limit, update });
  let rows: unknown[][] = [];
  if (remaining === 0) {
    // No Limit: every chunk is queried, all at once up to the fan-out; rows stay in chunk order.
    const found = new Array<unknown[][]>(tasks.length);
    await forEachLimited(tasks.keys(), sn.config.max_tasks_per_node_per_request * sn.nodes.count, async (i) => {
      found[i] = await queryChunk(tasks[i], 0);
    });
    rows = found.flat();
  } else {
    // A Limit: chunks in order, until it is reached.
    for (const task of tasks) {
      const found = await queryChunk(task, remaining);
      rows.push(...found);
      remaining -= found.length;
      if (remaining <= 0) break;
    }
  }
  if (ctx.wantsBinary && rows.length > 0) {
    return { status: 200, binary: encodeValues(queryResultType(t.dset.type as CompoundType, fields?.names), rows) };
  }
  return json({ value: rows, hrefs: valueHrefs(sn, t.ref, t.dset) }, 200, { ignoreNan: ctx.bool('ignore_nan'), contentType: VALUE_JSON_TYPE });
}

export const valueRoutes: RouteDef[] = [
  ['GET', '/datasets/{id}/value', getValue],
  ['PUT', '/datasets/{id}/value', putValue],
  ['POST', '/datasets/{id}/value', postValue],
];

