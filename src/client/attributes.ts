/**
 * The attributes of a group, dataset or committed datatype (h5py's `obj.attrs`). Values read back as plain JS
 * values for scalars and as NdArrays otherwise; `null` for attributes with a null dataspace. Writes infer the
 * type from the JS value (see infer.ts) unless a dtype is given, and replace any existing attribute.
 */
import { nest } from '../core/codec.js';
import { normalizeNested, TypeJson } from '../core/types.js';
import { fromBase64 } from './base64.js';
import { DomainSession } from './domain-session.js';
import { DtypeSpec, dtypeName, toType } from './dtype.js';
import { elementTest, inferType, isTypedArray, shapeData } from './infer.js';
import { AttributeJson, collectionOf } from './json-types.js';
import { isNdArray, NdArray, product } from './ndarray.js';
import { baseOf, decodeBinary, decodeJson, plainValue } from './values.js';

export type AttributeValue = NdArray | string | number | bigint | boolean | Record<string, unknown> | Uint8Array | null | unknown;

export interface AttributeInfo {
  name: string;
  type: TypeJson;
  dtype: string;
  /** null for a null dataspace, [] for a scalar. */
  shape: number[] | null;
  value: AttributeValue;
}

export interface SetAttributeOptions {
  /** Type of the attribute; inferred from the value when omitted. */
  dtype?: DtypeSpec;
  /** Shape, when the value's nesting does not say it (e.g. compound elements given as lists). */
  shape?: number[];
}

export class Attributes {
  constructor(
    private readonly session: DomainSession,
    private readonly ownerId: string,
    /** Attributes from the open-time metadata (read-only files). */
    private readonly cachedJson: Record<string, AttributeJson> | undefined,
    private readonly createOrder: boolean,
  ) {}

  private get base(): string {
    return `/${collectionOf(this.ownerId)}/${this.ownerId}/attributes`;
  }

  private useCache(): boolean {
    return this.cachedJson !== undefined && !this.session.writable;
  }

  /** Attribute names, by name (or by creation order when the object tracks it). */
  async keys(): Promise<string[]> {
    if (this.useCache()) return orderedNames(this.cachedJson!, this.createOrder);
    const res = await this.session.json<{ attributes: AttributeJson[] }>('GET', this.base, {
      query: { CreateOrder: this.createOrder ? 1 : undefined },
      what: `attributes of ${this.ownerId}`,
    });
    return res.attributes.map((a) => a.name!);
  }

  async has(name: string): Promise<boolean> {
    if (this.useCache()) return name in this.cachedJson!;
    const res = await this.session.request({ method: 'GET', path: this.path(name), query: { IncludeData: 0 }, allow: [404, 410] });
    return res.status === 200;
  }

  /** The value: a plain value for scalars, an NdArray for arrays, null for a null dataspace. */
  async get(name: string): Promise<AttributeValue> {
    return (await this.getInfo(name)).value;
  }

  async getInfo(name: string): Promise<AttributeInfo> {
    const json = this.useCache() ? this.cachedJson![name] : undefined;
    if (this.useCache() && !json) {
      // Let the server produce the usual "not found" error.
      await this.session.request({ method: 'GET', path: this.path(name), what: this.what(name) });
    }
    return toInfo(name, json ?? (await this.session.json<AttributeJson>('GET', this.path(name), { what: this.what(name) })));
  }

  /** All attributes with their values, in key order. */
  async items(): Promise<[string, AttributeValue][]> {
    if (this.useCache()) return orderedNames(this.cachedJson!, this.createOrder).map((n) => [n, toInfo(n, this.cachedJson![n]).value]);
    const res = await this.session.json<{ attributes: AttributeJson[] }>('GET', this.base, {
      query: { IncludeData: 1, CreateOrder: this.createOrder ? 1 : undefined },
      what: `attributes of ${this.ownerId}`,
    });
    return res.attributes.map((a) => [a.name!, toInfo(a.name!, a).value]);
  }

  /** Creates or replaces an attribute. */
  async set(name: string, value: unknown, options: SetAttributeOptions = {}): Promise<void> {
    const body = attributeBody(value, options);
    await this.session.request({ method: 'PUT', path: this.path(name), query: { replace: 1 }, json: body, what: this.what(name) });
  }

  async delete(name: string): Promise<void> {
    await this.session.request({ method: 'DELETE', path: this.path(name), what: this.what(name) });
  }

  private path(name: string): string {
    return `${this.base}/${encodeURIComponent(name)}`;
  }

  private what(name: string): string {
    return `attribute '${name}' of ${this.ownerId}`;
  }
}

function orderedNames(attrs: Record<string, AttributeJson>, createOrder: boolean): string[] {
  const names = Object.keys(attrs);
  return createOrder ? names.sort((a, b) => (attrs[a].created ?? 0) - (attrs[b].created ?? 0)) : names.sort(byCodePoint);
}

export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toInfo(name: string, json: AttributeJson): AttributeInfo {
  const type = normalizeNested(json.type);
  const { base, dims } = baseOf(type);
  const shapeClass = json.shape?.class ?? 'H5S_SCALAR';
  const info = { name, type, dtype: dtypeName(type) };
  if (shapeClass === 'H5S_NULL') return { ...info, shape: null, value: null };
  const shape = shapeClass === 'H5S_SIMPLE' ? (json.shape.dims ?? []) : [];
  const full = [...shape, ...dims];
  if (json.value === null || json.value === undefined) return { ...info, shape, value: null };
  const data =
    json.encoding === 'base64'
      ? decodeBinary(base, fromBase64(String(json.value)), product(full))
      : decodeJson(base, json.value, full.length);
  if (full.length === 0) return { ...info, shape, value: json.encoding === 'base64' ? data[0] : plainValue(base, json.value) };
  return { ...info, shape, value: { data, shape: full, dtype: dtypeName(base), type: base } };
}

/** The PUT body `{type, shape, value}` for a JS value. */
function attributeBody(value: unknown, options: SetAttributeOptions): { type: TypeJson; shape?: number[]; value: unknown } {
  let type: TypeJson;
  let shape: number[];
  let flat: ArrayLike<unknown>;
  if (options.dtype !== undefined) {
    type = toType(options.dtype);
    const { base, dims } = baseOf(type);
    const shaped = shapeData(value, options.shape ? options.shape.length + dims.length : Infinity, elementTest(base));
    shape = options.shape ?? shaped.shape.slice(0, shaped.shape.length - dims.length);
    flat = shaped.data;
  } else {
    const shaped = shapeData(value);
    type = isNdArray(value) ? value.type : inferType(shaped.data);
    shape = options.shape ?? shaped.shape;
    flat = shaped.data;
  }
  const { base, dims } = baseOf(type);
  const expected = product(shape) * product(dims);
  if (flat.length !== expected)
    throw new TypeError(`attribute value has ${flat.length} elements, but shape [${shape.join(', ')}] needs ${expected}`);
  const elements = Array.from(flat, (v) => jsonElement(base, v));
  return { type, ...(shape.length ? { shape } : {}), value: nest(elements, [...shape, ...dims]) };
}

/** An element in HDF REST JSON form: compounds as lists of field values, TypedArrays as lists. */
export function jsonElement(input: TypeJson, v: unknown): unknown {
  const t = normalizeNested(input);
  if (t.class === 'H5T_COMPOUND' && v && typeof v === 'object' && !Array.isArray(v) && !isTypedArray(v)) {
    const o = v as Record<string, unknown>;
    return t.fields.map((f) => {
      if (!(f.name in o)) throw new TypeError(`compound value is missing field '${f.name}'`);
      return jsonElement(f.type, o[f.name]);
    });
  }
  if (t.class === 'H5T_VLEN' && Array.isArray(v)) return v.map((x) => jsonElement(t.base, x));
  if (isTypedArray(v)) return Array.from(v as ArrayLike<unknown>);
  return v;
}
