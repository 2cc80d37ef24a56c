/**
 * Dataset metadata (hsds: hsds/dset_sn.py, GET_Datasets of hsds/domain_sn.py): `POST /datasets`,
 * `GET /datasets` (ids), `GET /datasets/` (by h5path), `GET|DELETE /datasets/{id}`, `GET /datasets/{id}/type`
 * and `GET|PUT /datasets/{id}/shape`. Validation order and messages follow HSDS 0.9.4.
 */
import { checkExtent } from '../extent-limits.js';
import { shrinkChunks } from '../shrink-chunks.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import type { RequestContext } from '../../http/request-context.js';
import { json, Reply } from '../../http/responses.js';
import type { DatasetJson, DatatypeJson, DomainJson, ShapeJson } from '../../model.js';
import { now } from '../../model.js';
import { canInitialize, parseInitializer } from '../../data/chunk-initializer.js';
import { encodeFillElement } from '../../data/fill-value.js';
import { normalizeFilters } from '../../data/filters/definitions.js';
import { collectionOf } from '../../storage/ids.js';
import { itemSize, predefinedType, TypeError_, TypeJson, validateType } from '../../../core/types.js';
import { chunkSpecOf } from '../chunk-spec.js';
import { datasetLayout, validateChunkLayout } from '../chunk-layout.js';
import { listCollection } from '../collection-listing.js';
import { createPlaced, placementOf } from '../object-creation.js';
import { findAlias, newObjectJson, resolvePath } from '../object-paths.js';
import { objectResponse } from '../object-views.js';
import type { RouteDef } from '../route-table.js';
import type { DomainRef, ServiceNode } from '../service-node.js';

/** Seconds a domain summary is reused before `verbose` requests rescan (as for `GET /?verbose=1`). */
const SUMMARY_MAX_AGE = 5;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

// ------------------------------------------------------------------ POST /datasets

/** The dataset type from a predefined name, a type object, or a committed type id of the same domain. */
async function datasetType(sn: ServiceNode, ref: DomainRef, domain: DomainJson, body: Record<string, unknown>): Promise<TypeJson> {
  if (!('type' in body)) throw badRequest('POST Dataset has no type key in body');
  let type = body.type;
  if (typeof type === 'string' && type.startsWith('t-')) {
    const ctypeId = sn.checkId(type, 'datatypes');
    const ctype = await sn.nodes.forObject(ctypeId).getObject<DatatypeJson>(ref.bucket, ctypeId);
    if (ctype.root !== domain.root) throw badRequest('Referenced committed datatype must belong in same domain');
    type = { ...ctype.type, id: ctypeId };
  } else if (typeof type === 'string') {
    try {
      type = predefinedType(type);
    } catch {
      throw badRequest('POST Dataset with invalid predefined type');
    }
  }
  try {
    return validateType(type);
  } catch (e) {
    if (e instanceof TypeError_) throw badRequest(`TypeError creating type: ${e.message}`);
    throw e;
  }
}

/** `shape` (int, list, [] / "H5S_SCALAR", "H5S_NULL", absent → scalar) and `maxdims` (0 = unlimited). */
function datasetShape(body: Record<string, unknown>): ShapeJson {
  let shape: ShapeJson;
  const given = body.shape;
  if (given === undefined) shape = { class: 'H5S_SCALAR' };
  else if (isInt(given)) shape = { class: 'H5S_SIMPLE', dims: [given] };
  else if (typeof given === 'string') {
    if (given !== 'H5S_NULL' && given !== 'H5S_SCALAR') throw badRequest('POST Dataset with invalid shape value');
    shape = { class: given };
  } else if (Array.isArray(given)) {
    shape = given.length === 0 ? { class: 'H5S_SCALAR' } : { class: 'H5S_SIMPLE', dims: given as number[] };
  } else {
    throw badRequest('Bad Request: shape is invalid');
  }
  const dims = shape.dims;
  for (const extent of dims ?? []) {
    if (!isInt(extent)) throw badRequest('Invalid shape type');
    if (extent < 0) throw badRequest('shape dimension is negative');
  }
  if (dims) checkExtent(dims);

  if (!('maxdims' in body)) return shape;
  if (!dims) throw badRequest('Maxdims cannot be supplied if space is NULL');
  const maxdims = isInt(body.maxdims) ? [body.maxdims] : body.maxdims;
  if (!Array.isArray(maxdims)) throw badRequest('Bad Request: maxdims is invalid');
  if (maxdims.length !== dims.length) throw badRequest("Maxdims rank doesn't match Shape");
  for (const extent of maxdims) {
    if (!isInt(extent)) throw badRequest('Invalid maxdims type');
    if (extent < 0) throw badRequest('maxdims dimension is negative');
  }
  maxdims.forEach((extent: number, i) => {
    if (extent !== 0 && extent < dims[i]) throw badRequest("Bad Request: maxdims extent can't be smaller than shape extent");
  });
  checkExtent(maxdims.filter((m: number) => m !== 0), 'maxdims');
  return { ...shape, maxdims: [...maxdims] };
}

/** A chunk initializer the engine will run (else every later read of the dataset would fail). */
function checkInitializer(type: TypeJson, shape: ShapeJson, initializer: unknown): void {
  let init;
  try {
    init = parseInitializer(initializer);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  if (init && !canInitialize(type, shape.dims?.length ?? 0)) throw badRequest('arange initializer needs a 1-D integer or float dataset');
}

/** The fill value must encode as one element of the type (HSDS converts it with numpy). */
function checkFillValue(type: TypeJson, cp: Record<string, unknown>): void {
  const fill = cp.fillValue;
  let encoding: string | undefined;
  if ('fillValue_encoding' in cp) {
    const given = cp.fillValue_encoding;
    if (given !== 'None' && given !== 'base64') throw badRequest(`unexpected value for fill_value_encoding: ${String(given)}`);
    if (typeof fill !== 'string') throw badRequest(`unexpected fill value: ${JSON.stringify(fill)} for encoding: ${given}`);
    encoding = given;
  }
  try {
    encodeFillElement(type, fill, encoding);
  } catch {
    throw badRequest(`invalid fill value: ${typeof fill === 'string' ? fill : JSON.stringify(fill)}`);
  }
}

async function postDataset(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const user = sn.user(ctx, true);
  if (!ctx.hasBody()) throw badRequest('POST Datasets with no body');
  const body = await ctx.jsonObject(sn.config.max_json_body, 'POST Dataset');
  const ref = sn.requireDomainRef(ctx, { write: true });
  const domain = await sn.getDomain(ref);
  sn.checkAcl(domain, 'create', user);
  const rootId = sn.rootOf(domain);

  const type = await datasetType(sn, ref, domain, body);
  const size = itemSize(type);
  const shape = datasetShape(body);

  let cp: Record<string, unknown> = {};
  if ('creationProperties' in body) {
    if (!isObject(body.creationProperties)) throw badRequest('creationProperties must be a JSON object');
    cp = { ...body.creationProperties };
  }
  let layoutProps: Record<string, unknown> | undefined;
  if ('layout' in cp) {
    await validateChunkLayout(shape, size, cp.layout, (id) => sn.getObject<DatasetJson>(ref, domain, id));
    layoutProps = cp.layout as Record<string, unknown>;
  }
  const { layout, filtersAllowed } = datasetLayout(shape, size, layoutProps, {
    minChunkSize: sn.config.min_chunk_size,
    maxChunkSize: sn.config.max_chunk_size,
    maxChunksPerFolder: sn.config.max_chunks_per_folder,
  });
  if ('fillValue' in cp) checkFillValue(type, cp);
  if ('initializer' in cp) checkInitializer(type, shape, cp.initializer);
  if ('filters' in cp) cp.filters = normalizeFilters(cp.filters, { chunked: filtersAllowed });

  const fields: Record<string, unknown> = { type, shape };
  if (layout) fields.layout = layout;
  if (Object.keys(cp).length > 0) fields.creationProperties = cp;
  const placement = placementOf(body, rootId);
  const dset = (await createPlaced(sn, ref, domain, placement, ctx.bool('implicit'), (root) =>
    newObjectJson('datasets', root, fields),
  )) as DatasetJson;
  return json(
    {
      id: dset.id,
      root: dset.root,
      created: dset.created,
      type: dset.type,
      shape: dset.shape,
      lastModified: dset.lastModified,
      attributeCount: 0,
    },
    201,
  );
}

// ------------------------------------------------------------------ reads

/** Chunk count and bytes of one dataset from the domain summary, rescanning when it is stale. */
async function datasetDetails(sn: ServiceNode, ref: DomainRef, rootId: string, id: string) {
  const dn = sn.nodes.forObject(rootId);
  let summary = await dn.readSummary(ref.bucket, rootId);
  if (!summary || now() - summary.scan_complete >= SUMMARY_MAX_AGE || !summary.datasets[id])
    summary = await dn.summarize(ref.bucket, rootId);
  return summary.datasets[id];
}

/** The GET body of a dataset with the optional `getalias`, `include_attrs`, `ignore_nan` and `verbose` parts. */
async function datasetReply(sn: ServiceNode, ctx: RequestContext, ref: DomainRef, dset: DatasetJson): Promise<Reply> {
  const ignoreNan = ctx.bool('ignore_nan');
  const body = objectResponse(sn, ref, dset, { includeAttrs: ctx.bool('include_attrs'), ignoreNan });
  if (ctx.bool('getalias')) {
    const alias = await findAlias(sn, ref, dset.root, dset.id);
    body.alias = alias ? [alias] : [];
  }
  if (ctx.bool('verbose')) {
    const details = await datasetDetails(sn, ref, dset.root, dset.id);
    if (details) {
      body.num_chunks = details.num_chunks;
      body.allocated_size = details.allocated_bytes;
      body.lastModified = details.lastModified;
    }
  }
  return json(body, 200, { ignoreNan });
}

async function getDataset(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const { ref, obj } = await sn.access<DatasetJson>(ctx, ctx.params.id, 'datasets', 'read');
  return datasetReply(sn, ctx, ref, obj);
}

/** `GET /datasets/?h5path=/abs/path` or `?grpid=g-…&h5path=rel/path`. Links are not followed, as in HSDS. */
async function getDatasetByPath(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const h5path = ctx.query('h5path');
  if (h5path === undefined) throw badRequest('Missing dataset id');
  const grpid = ctx.query('grpid');
  if (grpid !== undefined) sn.checkId(grpid, 'groups');
  if (!grpid && !h5path.startsWith('/')) throw badRequest('h5paths must be absolute');
  const user = sn.user(ctx, false);
  const ref = sn.requireDomainRef(ctx);
  const domain = await sn.getDomain(ref);
  const rootId = sn.rootOf(domain);
  sn.checkAcl(domain, 'read', user);
  const found = await resolvePath(sn, ref, grpid || rootId, h5path, { followSoft: false, followExternal: false });
  if (collectionOf(found.id) !== 'datasets') throw notFound(`No dataset exist with the path: ${h5path}`);
  const dset = await sn.getObject<DatasetJson>(ref, domain, found.id);
  return datasetReply(sn, ctx, ref, dset);
}

async function deleteDataset(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const { ref, id } = await sn.access<DatasetJson>(ctx, ctx.params.id, 'datasets', 'delete');
  await sn.nodes.forObject(id).deleteObject(ref.bucket, id);
  return json({});
}

function ownerHrefs(sn: ServiceNode, ref: DomainRef, dset: DatasetJson, part: string) {
  return [
    { rel: 'self', href: sn.href(ref, `/datasets/${dset.id}/${part}`) },
    { rel: 'owner', href: sn.href(ref, `/datasets/${dset.id}`) },
    { rel: 'root', href: sn.href(ref, `/groups/${dset.root}`) },
  ];
}

async function getDatasetType(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const { ref, obj } = await sn.access<DatasetJson>(ctx, ctx.params.id, 'datasets', 'read');
  return json({ type: obj.type, hrefs: ownerHrefs(sn, ref, obj, 'type') });
}

async function getDatasetShape(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const { ref, obj } = await sn.access<DatasetJson>(ctx, ctx.params.id, 'datasets', 'read');
  return json({ shape: obj.shape, hrefs: ownerHrefs(sn, ref, obj, 'shape'), created: obj.created, lastModified: obj.lastModified });
}

// ------------------------------------------------------------------ PUT /datasets/{id}/shape

/** Python's int() of a JSON value: integers, truncated floats and integer strings; undefined otherwise. */
function pythonInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

interface ShapeRequest {
  shape?: number[];
  extend: number;
  extendDim: number;
}

function shapeRequest(body: Record<string, unknown>): ShapeRequest {
  if (!('shape' in body) && !('extend' in body)) throw badRequest('PUT shape has no shape or extend key in body');
  if ('shape' in body && 'extend' in body) throw badRequest('PUT shape must have shape or extend key in body but not both');
  if ('shape' in body) {
    const shape = isInt(body.shape) ? [body.shape] : body.shape;
    if (!Array.isArray(shape) || !shape.every(isInt)) throw badRequest('shape must be an integer or a list of integers');
    return { shape, extend: 0, extendDim: 0 };
  }
  const extend = pythonInt(body.extend);
  if (extend === undefined) throw badRequest('extend value must be integer');
  if (extend <= 0) throw badRequest('extend value must be positive');
  let extendDim = 0;
  if ('extend_dim' in body) {
    const dim = pythonInt(body.extend_dim);
    if (dim === undefined) throw badRequest('extend_dim value must be integer');
    if (dim < 0) throw badRequest('extend_dim value must be non-negative');
    extendDim = dim;
  }
  return { extend, extendDim };
}

/**
 * Resizes a dataset within its maxdims. Growing one dimension answers the added region as `selection`;
 * shrinking deletes chunks beyond the new extent and resets cut chunks to the fill value.
 */
async function putDatasetShape(sn: ServiceNode, ctx: RequestContext): Promise<Reply> {
  const id = sn.checkId(ctx.params.id, 'datasets');
  sn.user(ctx, true);
  if (!ctx.hasBody()) throw badRequest('PUT shape with no body');
  const raw = await ctx.json(sn.config.max_json_body);
  if (!isObject(raw)) throw badRequest('PUT shape body must be a JSON object');
  const request = shapeRequest(raw);
  const { ref, obj } = await sn.access<DatasetJson>(ctx, id, 'datasets', 'update');

  const shape = obj.shape;
  if (shape.class !== 'H5S_SIMPLE') throw badRequest('Unable to extend shape of datasets who are not H5S_SIMPLE');
  if (!shape.maxdims) throw badRequest('Dataset is not extensible');
  const dims = shape.dims ?? [];
  const maxdims = shape.maxdims;
  const rank = dims.length;
  if (request.shape && request.shape.length !== rank) throw badRequest('Extent of update shape request does not match dataset shape');
  if (request.extendDim >= rank) throw badRequest('Extension dimension must be less than rank and non-negative');
  const update = request.shape ?? dims.map((n, i) => (i === request.extendDim ? n + request.extend : n));
  if (update.every((n, i) => n === dims[i])) return json({}, 201);

  const increasing: number[] = [];
  let shrinking = false;
  for (let i = 0; i < rank; i++) {
    if (update[i] < dims[i]) {
      if (update[i] < 0) throw badRequest('Extension dimension can not be made less than zero');
      shrinking = true;
    } else if (update[i] > dims[i]) {
      if (maxdims[i] !== 0 && update[i] > maxdims[i]) throw conflict('Extension dimension can not be extended past max extent');
      increasing.push(i);
    }
  }
  checkExtent(update);
  if (!obj.layout?.dims) throw badRequest('Unable to resize a dataset without a chunk layout');
  const change = request.shape ? { dims: update } : { extend: request.extend, dim: request.extendDim };
  const spec = chunkSpecOf(obj);
  const resized = await sn.nodes.forObject(id).resizeDataset(ref.bucket, spec, change);
  await shrinkChunks(sn, ref, spec, resized.oldDims, resized.dims);

  if (shrinking || increasing.length !== 1) return json({}, 201);
  const grown = increasing[0];
  // The added region as the data node applied it (another extend may have come first).
  const selection = resized.oldDims.map((n, i) => (i === grown ? `${n}:${resized.dims[i]}` : ':')).join(',');
  return json({ selection: `[${selection}]` }, 201);
}

export const datasetRoutes: RouteDef[] = [
  ['POST', '/datasets', postDataset],
  ['GET', '/datasets', (sn, ctx) => listCollection(sn, ctx, 'datasets')],
  ['GET', '/datasets/', getDatasetByPath],
  ['GET', '/datasets/{id}', getDataset],
  ['DELETE', '/datasets/{id}', deleteDataset],
  ['GET', '/datasets/{id}/type', getDatasetType],
  ['GET', '/datasets/{id}/shape', getDatasetShape],
  ['PUT', '/datasets/{id}/shape', putDatasetShape],
];
