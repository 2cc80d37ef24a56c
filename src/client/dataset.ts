/**
 * A dataset (h5py's Dataset): metadata getters, and reads and writes of selections in binary.
 *
 * Reads follow h5pyd: a hyperslab is requested in pages along the dimension that spans the most chunks,
 * starting with one page for everything and halving the page whenever the server answers 413. Coordinate
 * (fancy) selections go in one request (POST when the select string is long). Writes are sent in pages
 * smaller than the server's max_request_size; scalars, and data matching the trailing dimensions of the
 * selection, are broadcast by the server (`element_count`).
 */
import { splitStream } from '../core/codec.js';
import { formatSelect, SliceSel } from '../core/selection.js';
import { isVariable, normalizeNested, subsetFields, TypeError_, TypeJson } from '../core/types.js';
import { allocateLike, copyRows } from './array-ops.js';
import { base64 } from './base64.js';
import { compressionOf, FilterJson, filtersOf, hasFilter } from './creation-properties.js';
import { DomainSession } from './domain-session.js';
import { dtypeName, typedArrayFor } from './dtype.js';
import { HsError } from './errors.js';
import { HLObject } from './hl-object.js';
import { elementTest, shapeData } from './infer.js';
import { DatasetJson } from './json-types.js';
import { ArrayData, NdArray, product } from './ndarray.js';
import { IndexExpr, IndexError, planSelection, restrictAxis, serverAxisDims, SlicePlan, toResultOrder, toServerOrder } from './slicing.js';
import { baseOf, decodeBinary, decodeJson, encodeBinary, plainValue, toTypedArray } from './values.js';

export interface ReadOptions {
  /** Compound fields to read: one name gives that field's values, a list gives compound elements. */
  fields?: string | string[];
  /** Transfer format (default binary; JSON exists for servers or proxies that cannot pass binary). */
  format?: 'binary' | 'json';
  signal?: AbortSignal;
}

export interface WriteOptions {
  /** Compound fields to write (data then holds only those fields). */
  fields?: string | string[];
  signal?: AbortSignal;
}

/** Above this length a select string goes in a POST body rather than the URL (h5pyd's limit). */
const MAX_SELECT_QUERY_LEN = 100;
/** Writes put longer select strings in a JSON body (servers cap URLs at about 8 KiB). */
const MAX_URL_SELECT = 4000;
/** HSDS (aiohttp) refuses JSON bodies of 1 MiB or more. */
const MAX_JSON_BODY = 1024 * 1024 - 1;

export class Dataset extends HLObject<DatasetJson> {
  constructor(session: DomainSession, json: DatasetJson, name: string | null) {
    super(session, json, name);
  }

  /** Dimensions; [] for a scalar, null for a null dataspace. */
  get shape(): number[] | null {
    const s = this.json.shape;
    if (s.class === 'H5S_NULL') return null;
    return s.class === 'H5S_SCALAR' ? [] : [...(s.dims ?? [])];
  }

  get ndim(): number {
    return this.shape?.length ?? 0;
  }

  /** Number of elements (0 for a null dataspace). */
  get size(): number {
    const shape = this.shape;
    return shape ? product(shape) : 0;
  }

  get type(): TypeJson {
    return normalizeNested(this.json.type);
  }

  get dtype(): string {
    return dtypeName(this.type);
  }

  /** Maximum dimensions, null entries for unlimited ones; the shape itself for fixed-size datasets. */
  get maxshape(): (number | null)[] | null {
    const s = this.json.shape;
    if (s.class === 'H5S_NULL') return null;
    if (!s.maxdims) return this.shape;
    return s.maxdims.map((m) => (m === 0 || m === 'H5S_UNLIMITED' ? null : m));
  }

  /** Chunk shape the server uses (it may differ from the one requested at creation). */
  get chunks(): number[] | null {
    const layout = this.json.layout;
    return layout?.dims && this.ndim > 0 ? [...layout.dims] : null;
  }

  get filters(): FilterJson[] {
    return filtersOf(this.creationProperties);
  }

  get compression(): string | null {
    return compressionOf(this.creationProperties).compression;
  }

  get compressionOpts(): number | null {
    return compressionOf(this.creationProperties).compressionOpts;
  }

  get shuffle(): boolean {
    return hasFilter(this.creationProperties, 'H5Z_FILTER_SHUFFLE');
  }

  get fletcher32(): boolean {
    return hasFilter(this.creationProperties, 'H5Z_FILTER_FLETCHER32');
  }

  /** The value unwritten elements read as. */
  get fillvalue(): unknown {
    const fill = this.creationProperties.fillValue;
    if (fill !== undefined) return plainValue(this.type, fill);
    const t = this.type;
    if (typedArrayFor(t)) return 0;
    if (t.class === 'H5T_STRING') return '';
    if (t.class === 'H5T_ENUM') return false;
    return null;
  }

  /** Reloads the metadata (shape changes made by others). */
  async refresh(): Promise<void> {
    this.json = await this.session.json<DatasetJson>('GET', `/datasets/${this.id}`, { what: this.what });
  }

  /** Chunk count and allocated bytes, from the server's summary of the domain. */
  async storageInfo(): Promise<{ numChunks: number; allocatedSize: number }> {
    const json = await this.session.json<DatasetJson>('GET', `/datasets/${this.id}`, { query: { verbose: 1 }, what: this.what });
    return { numChunks: json.num_chunks ?? 0, allocatedSize: json.allocated_size ?? 0 };
  }

  /** Reads a selection (everything when omitted), e.g. `read('[0:10, ::2, 5]')` or `read([[1, 5, 7], ':'])`. */
  async read(select?: IndexExpr, options: ReadOptions = {}): Promise<NdArray> {
    const dims = this.requireShape();
    const plan = planSelection(select, dims);
    const field = this.fieldSelection(options.fields);
    const { base, dims: itemDims } = baseOf(field.type);
    const width = product(itemDims);
    const shape = [...plan.shape, ...itemDims];
    const result = (data: ArrayData): NdArray => ({ data, shape, dtype: dtypeName(base), type: base });
    if (plan.count === 0) return result(typedArrayFor(base) ? new (typedArrayFor(base)!)(0) : []);

    const get = (select: string | undefined, serverShape: number[]) => this.fetchValues(select, serverShape, field, options);
    const data = await this.readPaged(plan, get, width);
    return result(toResultOrder(plan, data, width));
  }

  /**
   * Reads single elements by coordinates: `[3, 7, 9]` for a 1-D dataset, `[[0, 1], [5, 2]]` for 2-D; the
   * result has one element per point.
   */
  async readPoints(points: readonly number[] | readonly (readonly number[])[], options: ReadOptions = {}): Promise<NdArray> {
    const dims = this.requireShape();
    if (dims.length === 0) throw new TypeError('point selections need a dataset with at least one dimension');
    const list = points.map((p) => (typeof p === 'number' ? [p] : [...p]));
    const coords = new BigUint64Array(list.length * dims.length);
    list.forEach((p, i) => {
      if (p.length !== dims.length) throw new IndexError(`point ${JSON.stringify(p)} does not have ${dims.length} coordinates`);
      p.forEach((c, d) => {
        const k = c < 0 ? c + dims[d] : c;
        if (!Number.isInteger(k) || k < 0 || k >= dims[d]) throw new IndexError(`index ${c} is out of bounds for axis ${d} with size ${dims[d]}`);
        coords[i * dims.length + d] = BigInt(k);
      });
    });
    const field = this.fieldSelection(options.fields);
    const { base, dims: itemDims } = baseOf(field.type);
    const shape = [list.length, ...itemDims];
    if (list.length === 0) return { data: typedArrayFor(base) ? new (typedArrayFor(base)!)(0) : [], shape, dtype: dtypeName(base), type: base };
    const res = await this.session.request({
      method: 'POST',
      path: `/datasets/${this.id}/value`,
      query: { fields: field.param },
      binary: littleEndianBytes(coords),
      acceptBinary: options.format !== 'json',
      idempotent: true,
      what: this.what,
      signal: options.signal,
    });
    return { data: this.decode(res, field, [list.length]), shape, dtype: dtypeName(base), type: base };
  }

  /**
   * Writes data to a selection (everything when `select` is undefined). Data may be a TypedArray, nested
   * arrays, an NdArray, or one value to repeat over the selection.
   */
  async write(select: IndexExpr | undefined, data: unknown, options: WriteOptions = {}): Promise<void> {
    const dims = this.requireShape();
    const plan = planSelection(select, dims);
    if (plan.count === 0) return;
    const field = this.fieldSelection(options.fields);
    const { base, dims: itemDims } = baseOf(field.type);
    const width = product(itemDims);
    const target = [...plan.shape, ...itemDims];
    const shaped = shapeData(data, target.length, elementTest(base));
    let values = shaped.data;
    let elementCount: number | undefined;
    if (values.length === plan.count * width) {
      values = toServerOrder(plan, values, width);
    } else if (values.length === width || isTrailingBroadcast(shaped.shape, target, plan)) {
      elementCount = values.length / width;
    } else {
      throw new TypeError(`cannot broadcast data of shape (${shaped.shape.join(', ')}) to selection shape (${target.join(', ')})`);
    }
    let bytes: Uint8Array;
    try {
      bytes = encodeBinary(base, values);
    } catch (e) {
      throw new TypeError(`data does not fit the dataset type ${dtypeName(base)}: ${(e as Error).message}`);
    }
    // Long coordinate lists do not fit in a URL: such writes carry the selection and base64 data as JSON.
    const inBody = (plan.select?.length ?? 0) > MAX_URL_SELECT;
    const put = (select: string | undefined, body: Uint8Array, count?: number) =>
      this.session.request({
        method: 'PUT',
        path: `/datasets/${this.id}/value`,
        query: { select: inBody ? undefined : select, fields: field.param, element_count: inBody ? undefined : count },
        binary: inBody ? undefined : body,
        json: inBody ? { select, value_base64: base64(body), element_count: count } : undefined,
        what: this.what,
        signal: options.signal,
      });
    // JSON bodies also meet HSDS's 1 MiB JSON limit; base64 makes data 4/3 larger.
    const budget = inBody ? Math.min(this.session.maxRequestSize, MAX_JSON_BODY) : this.session.maxRequestSize;
    const cost = (selectLength: number, byteLength: number) => (inBody ? selectLength + Math.ceil(byteLength / 3) * 4 + 64 : byteLength);
    if (elementCount !== undefined || cost(plan.select?.length ?? 0, bytes.length) < budget) {
      await put(plan.select, bytes, elementCount);
      return;
    }
    for (const page of writePages(plan, base, bytes, width, (sel, n) => cost(sel, n) < budget)) await put(page.select, page.bytes);
  }

  /** Changes the shape of an extensible dataset: `resize([20, 30])` or `resize(20, 0)` (size along an axis). */
  async resize(size: number | readonly number[], axis?: number): Promise<void> {
    const current = this.requireShape();
    let shape: number[];
    if (typeof size !== 'number') shape = [...size];
    else if (axis !== undefined) {
      if (axis < 0 || axis >= current.length) throw new IndexError(`axis ${axis} is out of range for a ${current.length}-D dataset`);
      shape = current.map((n, d) => (d === axis ? size : n));
    } else if (current.length === 1) shape = [size];
    else throw new TypeError('give the axis to resize, or the full new shape');
    await this.session.request({ method: 'PUT', path: `/datasets/${this.id}/shape`, json: { shape }, what: this.what });
    this.json = { ...this.json, shape: { ...this.json.shape, dims: shape } };
  }

  private get what(): string {
    return `dataset ${this.name ?? this.id}`;
  }

  private requireShape(): number[] {
    const shape = this.shape;
    if (!shape) throw new TypeError(`${this.what} has a null dataspace: it holds no values`);
    return shape;
  }

  /** The type read or written for a field selection, and the `fields=` parameter. */
  private fieldSelection(fields: string | string[] | undefined): { type: TypeJson; param?: string; single?: string } {
    if (fields === undefined) return { type: this.type };
    const names = typeof fields === 'string' ? [fields] : fields;
    if (names.some((n) => n.includes(':'))) throw new TypeError("field names containing ':' cannot be selected");
    let subset: TypeJson;
    try {
      subset = subsetFields(this.type, names);
    } catch (e) {
      throw e instanceof TypeError_ ? new TypeError(e.message) : e;
    }
    if (typeof fields === 'string') return { type: normalizeNested(subset.class === 'H5T_COMPOUND' ? subset.fields[0].type : subset), param: fields, single: fields };
    return { type: subset, param: names.join(':') };
  }

  private async fetchValues(
    select: string | undefined,
    serverShape: number[],
    field: { type: TypeJson; param?: string; single?: string },
    options: ReadOptions,
  ): Promise<ArrayData> {
    const binary = options.format !== 'json';
    const long = select !== undefined && select.length > MAX_SELECT_QUERY_LEN;
    const res = await this.session.request({
      method: long ? 'POST' : 'GET',
      path: `/datasets/${this.id}/value`,
      query: { select: long ? undefined : select, fields: field.param },
      json: long ? { select } : undefined,
      acceptBinary: binary,
      idempotent: long,
      what: this.what,
      signal: options.signal,
    });
    return this.decode(res, field, serverShape);
  }

  private decode(res: { isBinary: boolean; body: Uint8Array; json(): { value?: unknown } }, field: { type: TypeJson; single?: string }, serverShape: number[]): ArrayData {
    const { base, dims: itemDims } = baseOf(field.type);
    const count = product(serverShape) * product(itemDims);
    if (res.isBinary) return decodeBinary(base, res.body, count);
    const value = res.json().value;
    const rank = serverShape.length + itemDims.length;
    if (!field.single) return checkCount(decodeJson(base, value, rank), count);
    // JSON elements of a one-field selection are one-member lists.
    const rows = decodeJson({ class: 'H5T_COMPOUND', fields: [{ name: field.single, type: field.type }] }, value, serverShape.length) as unknown[];
    const unwrapped = rows.map((o) => (o as Record<string, unknown>)[field.single!]);
    const ctor = typedArrayFor(base);
    return checkCount(ctor ? toTypedArray(ctor, unwrapped) : unwrapped, count);
  }

  /**
   * Reads in pages along one axis, starting with one page and halving it while the server answers 413.
   * Hyperslabs page as h5pyd does, along the dimension spanning the most chunks, in whole chunks while a
   * page spans several; coordinate selections page along their first axis with more than one position.
   */
  private async readPaged(
    plan: SlicePlan,
    get: (select: string | undefined, serverShape: number[]) => Promise<ArrayData>,
    width: number,
  ): Promise<ArrayData> {
    let axis = -1;
    let chunkRows = 1;
    if (plan.fancy) {
      axis = plan.serverShape.findIndex((n) => n > 1);
    } else {
      const sel = plan.selection as SliceSel[];
      const layout = this.chunks ?? this.requireShape();
      let maxChunks = 1;
      sel.forEach((s, d) => {
        if (plan.dropped[d]) return;
        const n = Math.ceil((s.stop - s.start) / layout[d]);
        if (axis < 0 || n > maxChunks) {
          maxChunks = n;
          axis = d;
        }
      });
      if (axis >= 0) chunkRows = Math.max(1, Math.ceil(layout[axis] / sel[axis].step));
    }
    if (axis < 0) return get(plan.select, plan.serverShape);
    const units = plan.serverShape[axis];
    let rows = units;
    let out: ArrayData | undefined;
    for (let u = 0; u < units; ) {
      const n = Math.min(rows, units - u);
      const pageShape = plan.serverShape.map((c, a) => (a === axis ? n : c));
      let data: ArrayData;
      try {
        data = await get(n === units ? plan.select : formatSelect(restrictAxis(plan, axis, u, u + n)), pageShape);
      } catch (e) {
        if (e instanceof HsError && e.status === 413 && n > 1) {
          const chunks = Math.ceil(n / chunkRows);
          rows = chunks > 1 ? Math.floor(chunks / 2) * chunkRows : Math.max(1, Math.floor(n / 2));
          continue;
        }
        throw e;
      }
      if (n === units) return data;
      out ??= allocateLike(data, product(plan.serverShape) * width);
      copyRows(out, plan.serverShape, axis, u, data, n, width);
      u += n;
    }
    return out!;
  }
}

/** numpy broadcasting of data whose shape is a suffix of the selection's (leading 1s ignored). */
function isTrailingBroadcast(dataShape: number[], target: number[], plan: SlicePlan): boolean {
  if (plan.moveToFront !== undefined) return false;
  const shape = dataShape.slice(dataShape.findIndex((n) => n !== 1));
  if (shape.length === 0 || shape.length > target.length) return false;
  return shape.every((n, i) => n === target[target.length - shape.length + i]);
}

function checkCount(data: ArrayData, count: number): ArrayData {
  if (data.length !== count) throw new RangeError(`server sent ${data.length} values, expected ${count}`);
  return data;
}

function littleEndianBytes(a: BigUint64Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return bytes;
  const copy = bytes.slice();
  for (let i = 0; i < copy.length; i += 8) copy.subarray(i, i + 8).reverse();
  return copy;
}

/**
 * Splits an encoded write into pages that `fits` (given the select string length and byte count), along the
 * first axis of the selection with more than one position (earlier axes have one, so each page is a
 * contiguous run of the buffer).
 */
function writePages(
  plan: SlicePlan,
  base: TypeJson,
  bytes: Uint8Array,
  width: number,
  fits: (selectLength: number, byteLength: number) => boolean,
): { select: string; bytes: Uint8Array }[] {
  const axis = plan.serverShape.findIndex((n) => n > 1);
  if (axis < 0) return [{ select: formatSelect(plan.selection), bytes }];
  const units = plan.serverShape[axis];
  const perUnit = (product(plan.serverShape) / units) * width;
  // Byte offset where each unit starts (element sizes vary for variable-length types).
  const starts = new Array<number>(units + 1);
  if (isVariable(base)) {
    const elements = splitStream(base, bytes, product(plan.serverShape) * width);
    for (let u = 0, offset = 0; u <= units; u++) {
      starts[u] = offset;
      if (u < units) for (let k = 0; k < perUnit; k++) offset += elements[u * perUnit + k].length;
    }
  } else {
    const unitBytes = bytes.length / units;
    for (let u = 0; u <= units; u++) starts[u] = u * unitBytes;
  }
  // Select-string length per page: a fixed part, plus each coordinate's digits and comma.
  const coordDims = serverAxisDims(plan)[axis].filter((d) => plan.selection[d].kind === 'coords');
  const coordChars = new Array<number>(units + 1).fill(0);
  for (let u = 0; u < units; u++)
    coordChars[u + 1] = coordChars[u] + coordDims.reduce((n, d) => n + String((plan.selection[d] as { coords: number[] }).coords[u]).length + 1, 0);
  const fixedChars = formatSelect(restrictAxis(plan, axis, 0, 1)).length;
  const pages: { select: string; bytes: Uint8Array }[] = [];
  for (let u = 0; u < units; ) {
    let v = u + 1;
    while (v < units && fits(fixedChars + coordChars[v + 1] - coordChars[u], starts[v + 1] - starts[u])) v++;
    pages.push({ select: formatSelect(restrictAxis(plan, axis, u, v)), bytes: bytes.subarray(starts[u], starts[v]) });
    u = v;
  }
  return pages;
}
