/**
 * Attributes of groups, datasets and committed datatypes, as HSDS 0.9.4 serves them (attr_sn.py, attr_dn.py):
 * `/{collection}/{id}/attributes` (list, bulk read, bulk create, bulk delete), `…/attributes/{name}` and
 * `…/attributes/{name}/value`.
 *
 * Values are stored in their JSON form, as HSDS stores them: JSON input as given once it has been checked
 * against the type and shape, binary and base64 input decoded to JSON. Only bytes without a JSON form (fixed
 * strings that are not UTF-8) are stored base64 with `"encoding": "base64"`.
 */
import { decodeValues, encodeValues, nest, ValueError } from '../../../core/codec.js';
import {
  estimatedItemSize,
  fixedSize,
  isBoolEnum,
  isVariable,
  normalizeNested,
  predefinedType,
  TypeError_,
  TypeJson,
  validateType,
} from '../../../core/types.js';
import { badRequest, HttpError, notFound } from '../../http/errors.js';
import type { RequestContext } from '../../http/request-context.js';
import { binary, json, Reply } from '../../http/responses.js';
import type { AttributeJson, DatatypeJson, DomainJson, GroupJson, ObjectJson, ShapeJson } from '../../model.js';
import { now } from '../../model.js';
import { Collection, collectionOf } from '../../storage/ids.js';
import { globMatch } from '../glob.js';
import { objectIfPresent } from '../object-paths.js';
import type { RouteDef } from '../route-table.js';
import type { DomainRef, ServiceNode } from '../service-node.js';

type Body = Record<string, unknown>;

/** What a request defines for one attribute; `created` is set when it is written. */
interface AttributeInput {
  type: TypeJson;
  shape: ShapeJson;
  value: unknown;
  encoding?: 'base64';
}

/** How much of each attribute a read returns (HSDS's IncludeData, max_data_size, encoding params). */
interface ReadOptions {
  includeData: boolean;
  maxDataSize: number;
  encoding: boolean;
}

interface ListOptions extends ReadOptions {
  createOrder: boolean;
  limit?: number;
  marker?: string;
  pattern?: string;
}

const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Attribute names are user data: plain assignment would treat `__proto__` as the prototype. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// ------------------------------------------------------------------ shapes and values

/** Dims of an attribute's value: [] for a scalar, undefined for H5S_NULL. */
function shapeDims(shape: ShapeJson): number[] | undefined {
  if (shape.class === 'H5S_NULL') return undefined;
  if (shape.class === 'H5S_SCALAR') return [];
  return shape.dims ?? [];
}

const elementCount = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Elements of a JSON value nested exactly as `dims` (compound, array and sequence elements stay whole). */
function flatElements(value: unknown, dims: readonly number[]): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth === dims.length) {
      out.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== dims[depth])
      throw new ValueError(`expected a list of ${dims[depth]} items at depth ${depth} for shape [${dims.join(', ')}]`);
    for (const x of v) walk(x, depth + 1);
  };
  walk(value, 0);
  return out;
}

/** The value of an element whose bytes are all zero (variable parts empty): what HSDS reads for an unset value. */
function zeroValue(t: TypeJson): unknown {
  switch (t.class) {
    case 'H5T_INTEGER':
    case 'H5T_FLOAT':
      return 0;
    case 'H5T_ENUM':
      return isBoolEnum(t) ? false : 0;
    case 'H5T_STRING':
    case 'H5T_REFERENCE':
      return '';
    case 'H5T_VLEN':
    case 'H5T_OPAQUE':
      return [];
    case 'H5T_COMPOUND':
      return t.fields.map((f) => zeroValue(normalizeNested(f.type)));
    case 'H5T_ARRAY': {
      const dims = typeof t.dims === 'number' ? [t.dims] : t.dims;
      return nest(new Array(elementCount(dims)).fill(zeroValue(normalizeNested(t.base))), dims);
    }
  }
}

/** Binary form of a JSON value (null: zeros); 400 when the value does not fit the type and shape. */
function encodeJsonValue(type: TypeJson, dims: number[], value: unknown): Uint8Array {
  try {
    const flat = value === null ? new Array(elementCount(dims)).fill(zeroValue(type)) : flatElements(value, dims);
    return encodeValues(type, flat);
  } catch (e) {
    if (e instanceof ValueError) throw badRequest(`input data doesn't match selection: ${e.message}`);
    throw e;
  }
}

/** Binary form of a stored attribute value. */
function storedBytes(attr: AttributeJson, dims: number[]): Uint8Array {
  if (attr.encoding === 'base64') return Buffer.from(String(attr.value), 'base64');
  return encodeJsonValue(attr.type, dims, attr.value);
}

/**
 * How binary values are stored: their JSON form, or base64 when they have none. The byte count must be
 * exact for fixed-size types; variable-length streams must hold exactly the elements of the shape.
 */
function storedForm(type: TypeJson, dims: number[], bytes: Uint8Array): { value: unknown; encoding?: 'base64' } {
  const count = elementCount(dims);
  if (!isVariable(type)) {
    const expected = fixedSize(type) * count;
    if (bytes.length !== expected) throw badRequest(`Expected: ${expected} bytes, but got ${bytes.length}`);
  }
  try {
    return { value: nest(decodeValues(type, bytes, count), dims) };
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    if (isVariable(type)) throw badRequest(`input data doesn't match selection: ${e.message}`);
    return { value: toBase64(bytes), encoding: 'base64' };
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function fromBase64(value: unknown): Uint8Array {
  const text = typeof value === 'string' ? value.replace(/\s+/g, '') : undefined;
  if (text === undefined || !BASE64.test(text)) throw badRequest('unable to decode data');
  return new Uint8Array(Buffer.from(text, 'base64'));
}

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

// ------------------------------------------------------------------ attributes from request bodies

async function attributeType(sn: ServiceNode, ref: DomainRef, domain: DomainJson, body: Body): Promise<TypeJson> {
  if (!('type' in body)) throw badRequest('PUT attribute with no type in body');
  const type = body.type;
  if (typeof type === 'string' && type.startsWith('t-')) {
    const typeId = sn.checkId(type, 'datatypes');
    const ctype = await sn.nodes.forObject(typeId).getObject<DatatypeJson>(ref.bucket, typeId);
    if (ctype.root !== domain.root) throw badRequest('Referenced committed datatype must belong in same domain');
    return { ...ctype.type, id: typeId };
  }
  try {
    return typeof type === 'string' ? predefinedType(type) : validateType(type);
  } catch (e) {
    if (!(e instanceof TypeError_)) throw e;
    throw badRequest(typeof type === 'string' ? 'PUT attribute with invalid predefined type' : `TypeError creating type: ${e.message}`);
  }
}

function shapeDimsOf(dims: unknown): number[] {
  const list = typeof dims === 'number' ? [dims] : dims;
  if (!Array.isArray(list) || !list.every((d) => Number.isInteger(d) && d >= 0))
    throw badRequest('shape dims must be a non-negative integer or a list of them');
  return list as number[];
}

/** `shape` of a PUT body: missing or [] → scalar, a number or list → simple, or a shape object / class name. */
function attributeShape(body: Body): ShapeJson {
  if (!('shape' in body)) return { class: 'H5S_SCALAR' };
  const shape = body.shape;
  const shapeClass = isObject(shape) ? shape.class : typeof shape === 'string' ? shape : undefined;
  if (isObject(shape) && shapeClass === undefined) throw badRequest("'class' key not found in shape");
  if (shapeClass === undefined) {
    if (Array.isArray(shape) && shape.length === 0) return { class: 'H5S_SCALAR' };
    return { class: 'H5S_SIMPLE', dims: shapeDimsOf(shape) };
  }
  const given = isObject(shape) ? shape : {};
  switch (shapeClass) {
    case 'H5S_NULL':
      if ('dims' in given) throw badRequest("can't include dims with null shape");
      if ('value' in body) throw badRequest("can't have H5S_NULL shape with value");
      return { class: 'H5S_NULL' };
    case 'H5S_SCALAR':
      if ('dims' in given && elementCount(shapeDimsOf(given.dims)) !== 1)
        throw badRequest("dimensions aren't valid for scalar attribute");
      return { class: 'H5S_SCALAR' };
    case 'H5S_SIMPLE':
      if (!('dims' in given)) throw badRequest("'dims' key expected for shape");
      return { class: 'H5S_SIMPLE', dims: shapeDimsOf(given.dims) };
    default:
      throw badRequest(`Unknown shape class: ${String(shapeClass)}`);
  }
}

/** `value` of a PUT body: JSON checked against type and shape, or base64 of the binary form. */
function attributeValue(body: Body, type: TypeJson, shape: ShapeJson): { value: unknown; encoding?: 'base64' } {
  if (!('value' in body)) return { value: null };
  const dims = shapeDims(shape);
  if (!dims) throw badRequest('data can not be included with H5S_NULL space');
  if (body.encoding) {
    if (body.encoding !== 'base64') throw badRequest('only base64 encoding is supported');
    if (isVariable(type)) throw badRequest('base64 encoding is not supported for variable length attributes');
    return storedForm(type, dims, fromBase64(body.value));
  }
  if (body.value !== null) encodeJsonValue(type, dims, body.value);
  return { value: body.value };
}

async function attributeFromBody(sn: ServiceNode, ref: DomainRef, domain: DomainJson, body: unknown): Promise<AttributeInput> {
  if (!isObject(body)) throw badRequest('expected a JSON object for an attribute');
  const type = await attributeType(sn, ref, domain, body);
  const shape = attributeShape(body);
  return { type, shape, ...attributeValue(body, type, shape) };
}

/** The attributes one bulk PUT body defines: `{"attributes": {name: …}}`, or one with `type` and `name`. */
async function attributesFromBody(
  sn: ServiceNode,
  ref: DomainRef,
  domain: DomainJson,
  body: unknown,
): Promise<Record<string, AttributeInput>> {
  if (!isObject(body)) throw badRequest('expected a JSON object of attributes');
  const items: Record<string, AttributeInput> = {};
  if ('attributes' in body) {
    if (!isObject(body.attributes)) throw badRequest('expected a dict for attributes');
    for (const [name, spec] of Object.entries(body.attributes)) setOwn(items, name, await attributeFromBody(sn, ref, domain, spec));
  } else if ('type' in body) {
    if (typeof body.name !== 'string') throw badRequest('attribute name must be a string');
    setOwn(items, body.name, await attributeFromBody(sn, ref, domain, body));
  }
  return items;
}

/** Writes attributes to one object: 201 when anything was written, 200 when all existed identically. */
async function writeAttributes(
  sn: ServiceNode,
  ref: DomainRef,
  objId: string,
  items: Record<string, AttributeInput>,
  replace: boolean,
): Promise<200 | 201> {
  const created = now();
  const stored = Object.fromEntries(
    Object.entries(items).map(([name, a]): [string, AttributeJson] => [
      name,
      { type: a.type, shape: a.shape, value: a.value, ...(a.encoding ? { encoding: a.encoding } : {}), created },
    ]),
  );
  const statuses = await sn.nodes.forObject(objId).putAttributes(ref.bucket, objId, stored, replace);
  return Object.values(statuses).includes(201) ? 201 : 200;
}

// ------------------------------------------------------------------ attributes as responses

/** One attribute as HSDS's data node returns it: created, type, shape, name, and the value when asked. */
function attributeView(name: string, attr: AttributeJson, o: ReadOptions): Record<string, unknown> {
  const view: Record<string, unknown> = { created: attr.created, type: attr.type, shape: attr.shape, name };
  if (!o.includeData) return view;
  const dims = shapeDims(attr.shape);
  if (o.maxDataSize > 0 && estimatedItemSize(attr.type) * (dims ? elementCount(dims) : 0) > o.maxDataSize) return view;
  if (attr.encoding) {
    view.encoding = attr.encoding;
    view.value = attr.value;
  } else if (o.encoding && dims && attr.value !== null && !isVariable(attr.type)) {
    view.encoding = 'base64';
    view.value = toBase64(encodeJsonValue(attr.type, dims, attr.value));
  } else {
    view.value = attr.value;
  }
  return view;
}

/**
 * All attributes of an object in name (or creation) order, after `Marker` (404 if unknown), at most `Limit`;
 * the glob `pattern` filters that page afterwards, as HSDS's data node does.
 */
function listAttributes(obj: ObjectJson, o: ListOptions): Record<string, unknown>[] {
  const attrs = obj.attributes ?? {};
  const names = Object.keys(attrs);
  if (o.createOrder) names.sort((a, b) => attrs[a].created - attrs[b].created);
  else names.sort();
  let start = 0;
  if (o.marker !== undefined) {
    start = names.indexOf(o.marker) + 1;
    if (start === 0) throw notFound(`attribute marker: ${o.marker}, not found`);
  }
  let end = names.length;
  if (o.limit && end - start > o.limit) end = start + o.limit;
  return names
    .slice(start, end)
    .filter((n) => o.pattern === undefined || globMatch(n, o.pattern))
    .map((n) => attributeView(n, attrs[n], o));
}

/** Named attributes of an object in the order asked; any missing → 410 if it was deleted, else 404. */
async function pickAttributes(sn: ServiceNode, ref: DomainRef, obj: ObjectJson, names: string[], o: ReadOptions) {
  const attrs = obj.attributes ?? {};
  const missing = names.filter((n) => !Object.hasOwn(attrs, n));
  if (missing.length) {
    const dn = sn.nodes.forObject(obj.id);
    const errors = await Promise.all(missing.map((n) => dn.getAttribute(ref.bucket, obj.id, n).then(() => undefined, (e) => e)));
    throw errors.find((e) => e instanceof HttpError && e.status === 410) ?? notFound(`attribute ${missing[0]} not found`);
  }
  return names.map((n) => attributeView(n, attrs[n], o));
}

/**
 * `follow_links`: the attributes of every object reachable from a group by hard links, keyed by id in
 * breadth-first order. `Limit` caps the total; the object where it runs out is not followed further (HSDS's
 * DomainCrawler). Dangling links are skipped.
 */
async function crawlAttributes(sn: ServiceNode, ref: DomainRef, start: ObjectJson, o: ListOptions) {
  const out: Record<string, Record<string, unknown>[]> = {};
  const seen = new Set([start.id]);
  let count = 0;
  let frontier: ObjectJson[] = [start];
  while (frontier.length) {
    const nextIds: string[] = [];
    for (const obj of frontier) {
      let attrs = listAttributes(obj, o);
      let follow = true;
      if (o.limit && attrs.length > o.limit - count) {
        attrs = attrs.slice(0, o.limit - count);
        follow = false;
      }
      count += attrs.length;
      out[obj.id] = attrs;
      if (!follow || collectionOf(obj.id) !== 'groups') continue;
      const links = (obj as GroupJson).links ?? {};
      for (const title of Object.keys(links).sort()) {
        const link = links[title];
        if (link.class !== 'H5L_TYPE_HARD' || seen.has(link.id)) continue;
        seen.add(link.id);
        nextIds.push(link.id);
      }
    }
    const next = await Promise.all(
      nextIds.map((id) => objectIfPresent(sn, ref, id)),
    );
    frontier = next.filter((x): x is ObjectJson => x !== undefined);
  }
  return out;
}

function hrefs(sn: ServiceNode, ref: DomainRef, collection: Collection, id: string, tail: string) {
  const objUri = `/${collection}/${id}`;
  return [
    { rel: 'self', href: sn.href(ref, objUri + tail) },
    { rel: 'home', href: sn.href(ref, '/') },
    { rel: 'owner', href: sn.href(ref, objUri) },
  ];
}

// ------------------------------------------------------------------ query params

function encodingParam(ctx: RequestContext): boolean {
  const encoding = ctx.query('encoding');
  if (!encoding) return false;
  if (encoding !== 'base64') throw badRequest('only base64 encoding is supported');
  return true;
}

function maxDataSizeParam(ctx: RequestContext): number {
  const v = ctx.query('max_data_size');
  if (v === undefined) return 0;
  if (!/^\s*[-+]?\d+\s*$/.test(v)) throw badRequest('expected int for max_data_size');
  return Number(v);
}

function patternParam(ctx: RequestContext): string | undefined {
  const pattern = ctx.query('pattern') || undefined;
  if (pattern === undefined) return undefined;
  try {
    globMatch('abc', pattern);
  } catch {
    throw badRequest(`invalid pattern: ${pattern} for attribute matching`);
  }
  return pattern;
}

// ------------------------------------------------------------------ handlers

async function getAttributes(sn: ServiceNode, ctx: RequestContext, collection: Collection): Promise<Reply> {
  sn.checkId(ctx.params.id, collection);
  const followLinks = ctx.bool('follow_links');
  if (followLinks && collection !== 'groups') throw badRequest('follow_links can only be used with group ids');
  const options: ListOptions = {
    includeData: ctx.bool('IncludeData'),
    maxDataSize: maxDataSizeParam(ctx),
    createOrder: ctx.bool('CreateOrder'),
    limit: ctx.int('Limit'),
    marker: ctx.query('Marker') || undefined,
    encoding: encodingParam(ctx),
    pattern: patternParam(ctx),
  };
  const ignoreNan = ctx.bool('ignore_nan');
  const { ref, obj, id } = await sn.access(ctx, ctx.params.id, collection, 'read');
  let attributes: unknown;
  if (followLinks) {
    attributes = await crawlAttributes(sn, ref, obj, { ...options, marker: undefined });
  } else {
    attributes = listAttributes(obj, options).map((a) => ({
      ...a,
      href: sn.href(ref, `/${collection}/${id}/attributes/${String(a.name)}`),
    }));
  }
  return json({ attributes, hrefs: hrefs(sn, ref, collection, id, '/attributes') }, 200, { ignoreNan });
}

/** `POST …/attributes`: `{"attr_names": […]}` of this object, or `{"obj_ids": [ids] | {id: [names]}}`. */
async function postAttributes(sn: ServiceNode, ctx: RequestContext, collection: Collection): Promise<Reply> {
  if (!ctx.hasBody()) throw badRequest('POST Attributes with no body');
  const body = await ctx.jsonObject(sn.config.max_json_body, 'POST Attributes');
  let attrNames: unknown[] | undefined;
  if ('attr_names' in body) {
    if (!Array.isArray(body.attr_names)) throw badRequest('expected list for attr_names');
    attrNames = body.attr_names;
  }
  const objIds = body.obj_ids;
  if (attrNames === undefined && objIds === undefined) throw badRequest('expected body to contain one of attr_names, obj_ids keys');
  const items = new Map<string, unknown[] | undefined>();
  if (objIds === undefined) {
    items.set(ctx.params.id, attrNames);
  } else if (Array.isArray(objIds)) {
    for (const objId of objIds) items.set(sn.checkId(String(objId)), attrNames);
  } else if (isObject(objIds)) {
    if (attrNames !== undefined) throw badRequest('attr_names must not be provided if obj_ids is a dict');
    for (const [objId, names] of Object.entries(objIds)) {
      if (!Array.isArray(names)) throw badRequest('expected list of attribute names');
      items.set(sn.checkId(objId), names);
    }
  } else {
    throw badRequest('obj_ids must be a list or a dict');
  }
  for (const names of items.values())
    if (names && !names.every((n) => typeof n === 'string')) throw badRequest('attribute name must be a string');

  const { ref, domain } = await sn.access(ctx, ctx.params.id, collection, 'read');
  const options: ReadOptions = { includeData: ctx.bool('IncludeData'), maxDataSize: maxDataSizeParam(ctx), encoding: encodingParam(ctx) };
  const ignoreNan = ctx.bool('ignore_nan');
  if (items.size === 0) throw badRequest('no obj ids specified for POST Attributes');

  const read = async (objId: string, names: unknown[] | undefined) => {
    const obj = await sn.getObject(ref, domain, objId);
    return names ? pickAttributes(sn, ref, obj, names as string[], options) : listAttributes(obj, { ...options, createOrder: false });
  };
  // HSDS answers a single object with a plain list, several with a dict keyed by id.
  if (items.size === 1) {
    const [[objId, names]] = items;
    return json({ attributes: await read(objId, names) }, 200, { ignoreNan });
  }
  const results = await Promise.allSettled([...items].map(([objId, names]) => read(objId, names)));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length) throw mostSevere(failures);
  const ids = [...items.keys()];
  const attributes = Object.fromEntries(results.map((r, i) => [ids[i], (r as PromiseFulfilledResult<unknown>).value]));
  return json({ attributes }, 200, { ignoreNan });
}

/** Of several per-object failures, the one with the highest status (HSDS's crawler rule). */
function mostSevere(errors: unknown[]): unknown {
  const statusOf = (e: unknown) => (e instanceof HttpError ? e.status : 500);
  return errors.reduce((worst, e) => (statusOf(e) > statusOf(worst) ? e : worst));
}

/**
 * `PUT …/attributes`: `{"attributes": {…}}` for this object, multicast with `"obj_ids": [ids]`, or per object
 * with `{"obj_ids": {id: {"attributes": {…}}}}`. Every target must belong to the domain.
 */
async function putAttributes(sn: ServiceNode, ctx: RequestContext, collection: Collection): Promise<Reply> {
  sn.checkId(ctx.params.id, collection);
  sn.user(ctx, true);
  if (!ctx.hasBody()) throw badRequest('PUT Attribute with no body');
  const body = await ctx.jsonObject(sn.config.max_json_body, 'PUT Attributes');
  const { ref, domain, id } = await sn.access(ctx, ctx.params.id, collection, 'create');
  const replace = ctx.bool('replace');
  const own = await attributesFromBody(sn, ref, domain, body);
  const targets = new Map<string, Record<string, AttributeInput>>();
  if ('obj_ids' in body) {
    const objIds = body.obj_ids;
    if (Array.isArray(objIds)) {
      if (Object.keys(own).length === 0) throw badRequest('no attributes provided');
      for (const objId of objIds) targets.set(sn.checkId(String(objId)), own);
    } else if (isObject(objIds)) {
      if (Object.keys(own).length) throw badRequest('attributes defined outside the obj_ids dict');
      for (const [objId, spec] of Object.entries(objIds)) {
        const items = await attributesFromBody(sn, ref, domain, spec);
        if (Object.keys(items).length) targets.set(sn.checkId(objId), items);
      }
    } else {
      throw badRequest('obj_ids must be a list or a dict');
    }
  } else {
    targets.set(id, own);
  }
  if (targets.size === 0) throw badRequest('no obj_ids defined');
  for (const objId of targets.keys()) if (objId !== id) await sn.getObject(ref, domain, objId);

  const results = await Promise.allSettled([...targets].map(([objId, items]) => writeAttributes(sn, ref, objId, items, replace)));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length) throw mostSevere(failures);
  const status = results.some((r) => r.status === 'fulfilled' && r.value === 201) ? 201 : 200;
  return json({}, status);
}

/** `DELETE …/attributes?attr_names=a/b[&separator=…][&encoding=base64]`. */
async function deleteAttributes(sn: ServiceNode, ctx: RequestContext, collection: Collection): Promise<Reply> {
  sn.checkId(ctx.params.id, collection);
  let param = ctx.query('attr_names');
  if (param === undefined) throw badRequest('expected attr_names query param');
  if (!param) throw badRequest('empty attr_names query param');
  const encoding = ctx.query('encoding');
  if (encoding !== undefined && encoding !== 'base64') throw badRequest('only base64 encoding is supported for attribute names');
  const separator = ctx.query('separator') ?? '/';
  if (!separator) throw badRequest('empty separator');
  if (encoding) param = Buffer.from(fromBase64(param)).toString('utf8');
  const names = param.split(separator);
  const { ref, id } = await sn.access(ctx, ctx.params.id, collection, 'delete');
  await sn.nodes.forObject(id).deleteAttributes(ref.bucket, id, names);
  return json({ hrefs: [] });
}

async function getAttribute(sn: ServiceNode, ctx: RequestContext, collection: Collection): Promise<Reply> {
  const name = ctx.params.name;
  const { ref, id } = await sn.access(ctx, ctx.params.id, collection, 'read');
  const ignoreNan = ctx.bool('ignore_nan');
  // IncludeData breaks the usual rule: missing means true.
  const includeData = ctx.has('IncludeData') ? ctx.bool('IncludeData') : true;
  const encoding = encodingParam(ctx);
  const attr = await sn.nodes.forObject(id).getAttribute(ref.bucket, id, name);
  const view = attributeView(name, attr, { includeData, maxDataSize: 0, encoding });
  const body: Record<string, unknown> = { name, type: attr.type, shape: attr.shape };
  if ('value' in view) body.value = view.value;
  body.created = attr.created;
  body.lastModified = attr.created;
  if (view.encoding) body.encoding = view.encoding;
  body.hrefs = hrefs(sn, ref, collection, id, `/attributes/${name}`);
  return json(body, 200, { ignoreNan });
}

/** `PUT …/attributes/{name}`: 201 created, 200 identical exists, 409 different exists unless `replace`. */
async function putAttribute(sn: ServiceNode, ctx: RequestContext, collection: Collection): Promise<Reply> {
  sn.checkId(ctx.params.id, collection);
  sn.user(ctx, true);
  if (!ctx.hasBody()) throw badRequest('PUT Attribute with no body');
  const body = await ctx.json(sn.config.max_json_body);
  if (body === undefined) throw badRequest('PUT Attribute with no body');
  const { ref, domain, id } = await sn.access(ctx, ctx.params.id, collection, 'create');
  const attr = await attributeFromBody(sn, ref, domain, body);
  const status = await writeAttributes(sn, ref, id, { [ctx.params.name]: attr }, ctx.bool('replace'));
  return json({}, status);
}

async function deleteAttribute(sn: ServiceNode, ctx: RequestContext, collection: Collection): Promise<Reply> {
  const { ref, id } = await sn.access(ctx, ctx.params.id, collection, 'delete');
  await sn.nodes.forObject(id).deleteAttributes(ref.bucket, id, [ctx.params.name]);
  return json({});
}

/** Binary with `Accept: application/octet-stream` (fixed-size types; others fall back to JSON), else JSON. */
async function getAttributeValue(sn: ServiceNode, ctx: RequestContext, collection: Collection): Promise<Reply> {
  const name = ctx.params.name;
  const { ref, id } = await sn.access(ctx, ctx.params.id, collection, 'read');
  const ignoreNan = ctx.bool('ignore_nan');
  const encoding = encodingParam(ctx);
  const attr = await sn.nodes.forObject(id).getAttribute(ref.bucket, id, name);
  const dims = shapeDims(attr.shape);
  if (!dims) throw badRequest('Null space attributes can not be read');
  const asBinary = ctx.wantsBinary && !isVariable(attr.type);
  if (asBinary) return binary(storedBytes(attr, dims));
  const body: Record<string, unknown> = {};
  if (attr.encoding) {
    body.value = attr.value;
    body.encoding = attr.encoding;
  } else if (encoding) {
    body.value = toBase64(storedBytes(attr, dims));
    body.encoding = 'base64';
  } else {
    body.value = attr.value;
  }
  body.hrefs = hrefs(sn, ref, collection, id, `/attributes/${name}`);
  return json(body, 200, { ignoreNan });
}

/**
 * `PUT …/attributes/{name}/value`: a new value for an existing attribute (type and shape kept), as a binary
 * body (fixed-size types, exact byte count) or JSON `{"value": …[, "encoding": "base64"]}`; null writes zeros.
 */
async function putAttributeValue(sn: ServiceNode, ctx: RequestContext, collection: Collection): Promise<Reply> {
  sn.checkId(ctx.params.id, collection);
  sn.user(ctx, true);
  if (!ctx.hasBody()) throw badRequest('PUT AttributeValue with no body');
  const name = ctx.params.name;
  const { ref, id } = await sn.access(ctx, ctx.params.id, collection, 'update');
  const attr = await sn.nodes.forObject(id).getAttribute(ref.bucket, id, name);
  const dims = shapeDims(attr.shape);
  if (!dims) throw badRequest('Null space attributes can not be updated');
  const contentType = ctx.header('content-type');
  if (contentType !== undefined && !contentType.includes('application/octet-stream') && !contentType.includes('application/json'))
    throw badRequest(`Unknown content_type: ${contentType}`);

  let bytes: Uint8Array;
  if (ctx.isBinaryRequest) {
    if (isVariable(attr.type)) throw badRequest('Only JSON is supported for variable length data types');
    bytes = await ctx.body(sn.config.max_request_size);
  } else {
    const body = await ctx.jsonObject(sn.config.max_json_body, 'PUT attribute value');
    if (!('value' in body)) throw badRequest('PUT attribute value with no value in body');
    if (body.encoding !== undefined && body.encoding !== 'base64') throw badRequest('only base64 encoding is supported');
    bytes = body.encoding && body.value !== null ? fromBase64(body.value) : encodeJsonValue(attr.type, dims, body.value);
  }
  const stored = storedForm(attr.type, dims, bytes);
  await writeAttributes(sn, ref, id, { [name]: { type: attr.type, shape: attr.shape, ...stored } }, true);
  return json({});
}

type CollectionHandler = (sn: ServiceNode, ctx: RequestContext, collection: Collection) => Promise<Reply>;

const ROUTES: [string, string, CollectionHandler][] = [
  ['GET', '/attributes', getAttributes],
  ['POST', '/attributes', postAttributes],
  ['PUT', '/attributes', putAttributes],
  ['DELETE', '/attributes', deleteAttributes],
  ['GET', '/attributes/{name}', getAttribute],
  ['PUT', '/attributes/{name}', putAttribute],
  ['DELETE', '/attributes/{name}', deleteAttribute],
  ['GET', '/attributes/{name}/value', getAttributeValue],
  ['PUT', '/attributes/{name}/value', putAttributeValue],
];

const COLLECTIONS: Collection[] = ['groups', 'datasets', 'datatypes'];

export const attributeRoutes: RouteDef[] = COLLECTIONS.flatMap((collection) =>
  ROUTES.map(([method, tail, handler]): RouteDef => [method, `/${collection}/{id}${tail}`, (sn, ctx) => handler(sn, ctx, collection)]),
);
