/**
 * Attributes over HTTP against the real server: every type class (binary layouts checked against numpy),
 * shapes, binary and base64 values, NaN/Infinity, listing and paging, bulk forms, follow_links, and the
 * error answers of HSDS 0.9.4 (tests/integ/attr_test.py behaviours included).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parseJson } from '../../src/core/json.js';
import { objectKey } from '../../src/server/storage/keys.js';
import { startServer, TestServer } from '../helpers/server.js';
import { Api, ensureHome, uniqueDomain } from '../helpers/http.js';

let server: TestServer;
let api: Api;
let root: string;
let groupId: string;
let datasetId: string;
let datatypeId: string;
let otherRoot: string;
let otherDatatype: string;

const attrUrl = (id: string, name = '', tail = '') => {
  const collection = id.startsWith('g-') ? 'groups' : id.startsWith('d-') ? 'datasets' : 'datatypes';
  return `/${collection}/${id}/attributes${name ? '/' + encodeURIComponent(name) : ''}${tail}`;
};

async function newDomain(): Promise<{ api: Api; root: string }> {
  const d = new Api(server.url, 'test_user1', 'test', uniqueDomain('attr'));
  assert.equal((await d.put('/', {})).status, 201);
  return { api: d, root: (await d.get('/')).json.root };
}

async function create(a: Api, collection: string, body: unknown, parent: string, name: string): Promise<string> {
  const r = await a.post(`/${collection}`, { body: { ...(body as object), link: { id: parent, name } } });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

/** Binary layouts and decoded values computed by numpy: an oracle independent of the engine's codec. */
interface NumpyCase {
  dtype?: string;
  value?: string;
  raw?: string;
  bytesAsList?: boolean;
}
function numpy(cases: NumpyCase[]): { b64: string; json: unknown }[] {
  const script = `
import sys, json, base64, struct
import numpy as np
def vlen(items):
    return b''.join(struct.pack('<i', len(b)) + b for b in items)
def norm(x, as_list):
    if isinstance(x, bytes):
        return list(x) if as_list else x.decode('utf-8')
    if isinstance(x, (list, tuple)):
        return [norm(v, as_list) for v in x]
    return x
out = []
for c in json.load(sys.stdin):
    env = {'np': np, 'vlen': vlen, 'nan': float('nan'), 'inf': float('inf')}
    if 'raw' in c:
        out.append({'b64': base64.b64encode(eval(c['raw'], env)).decode(), 'json': None})
        continue
    arr = np.array(eval(c['value'], env), dtype=eval(c['dtype'], env))
    out.append({'b64': base64.b64encode(arr.tobytes()).decode(), 'json': norm(arr.tolist(), c.get('bytesAsList', False))})
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return parseJson(r.stdout) as { b64: string; json: unknown }[];
}

before(async () => {
  server = await startServer();
  await ensureHome(server.url);
  ({ api, root } = await newDomain());
  groupId = await create(api, 'groups', {}, root, 'g1');
  datasetId = await create(api, 'datasets', { type: 'H5T_STD_I32LE', shape: [4] }, groupId, 'dset');
  datatypeId = await create(api, 'datatypes', { type: 'H5T_IEEE_F32LE' }, root, 'dtype');
  const other = await newDomain();
  otherRoot = other.root;
  otherDatatype = await create(other.api, 'datatypes', { type: 'H5T_STD_I8LE' }, other.root, 'dtype');
});

after(async () => {
  await server?.dispose();
});

// ------------------------------------------------------------------ type classes

interface TypeCase {
  name: string;
  type: unknown;
  shape: unknown;
  /** JSON text of the value (to carry NaN and 64-bit integers). */
  value: string;
  /** numpy dtype and value (Python expressions) of the same data; absent for variable-length types. */
  dtype?: string;
  py?: string;
  /** Python expression of the variable-length byte stream (int32-LE counts + bytes). */
  stream?: string;
  bytesAsList?: boolean;
}

const REF_TARGET = 'groups/g-00000000-00000000-0000-000000-000000';

const TYPE_CASES: TypeCase[] = [
  { name: 'i8', type: 'H5T_STD_I8LE', shape: [3], value: '[-128, 0, 127]', dtype: "'<i1'", py: '[-128, 0, 127]' },
  { name: 'u16be', type: { class: 'H5T_INTEGER', base: 'H5T_STD_U16BE' }, shape: 2, value: '[1, 65535]', dtype: "'>u2'", py: '[1, 65535]' },
  { name: 'i32 scalar', type: 'H5T_STD_I32LE', shape: [], value: '42', dtype: "'<i4'", py: '42' },
  { name: 'u32be scalar', type: 'H5T_STD_U32BE', shape: { class: 'H5S_SCALAR' }, value: '4000000000', dtype: "'>u4'", py: '4000000000' },
  {
    name: 'i64be extremes',
    type: 'H5T_STD_I64BE',
    shape: [2],
    value: '[-9223372036854775808, 9223372036854775807]',
    dtype: "'>i8'",
    py: '[-9223372036854775808, 9223372036854775807]',
  },
  { name: 'u64le max', type: 'H5T_STD_U64LE', shape: [1], value: '[18446744073709551615]', dtype: "'<u8'", py: '[18446744073709551615]' },
  { name: 'f16le', type: 'H5T_IEEE_F16LE', shape: [4], value: '[1.5, -2.0, 65504.0, 0.00006103515625]', dtype: "'<f2'", py: '[1.5, -2.0, 65504.0, 0.00006103515625]' },
  { name: 'f16be', type: 'H5T_IEEE_F16BE', shape: [2], value: '[0.099975586, -1024.0]', dtype: "'>f2'", py: '[0.099975586, -1024.0]' },
  { name: 'f32be 2-D', type: 'H5T_IEEE_F32BE', shape: [2, 2], value: '[[1.5, -2.25], [3e10, 0.1]]', dtype: "'>f4'", py: '[[1.5, -2.25], [3e10, 0.1]]' },
  { name: 'f64le', type: 'H5T_IEEE_F64LE', shape: [2], value: '[3.141592653589793, -1e-300]', dtype: "'<f8'", py: '[3.141592653589793, -1e-300]' },
  {
    name: 'fixed ascii',
    type: { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', strPad: 'H5T_STR_NULLPAD', length: 7 },
    shape: 4,
    value: '["Parting", "is such", "sweet", "sorrow."]',
    dtype: "'S7'",
    py: "[b'Parting', b'is such', b'sweet', b'sorrow.']",
  },
  {
    name: 'fixed utf-8',
    type: { class: 'H5T_STRING', charSet: 'H5T_CSET_UTF8', strPad: 'H5T_STR_NULLTERM', length: 12 },
    shape: { class: 'H5S_SCALAR' },
    value: '"eight: \\u516b"',
    dtype: "'S12'",
    py: "'eight: \\u516b'.encode('utf-8')",
  },
  {
    name: 'vlen ascii',
    type: { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', strPad: 'H5T_STR_NULLTERM', length: 'H5T_VARIABLE' },
    shape: [3],
    value: '["a", "", "longer text"]',
    stream: "vlen([b'a', b'', b'longer text'])",
  },
  {
    name: 'vlen utf-8 scalar',
    type: { class: 'H5T_STRING', charSet: 'H5T_CSET_UTF8', strPad: 'H5T_STR_NULLTERM', length: 'H5T_VARIABLE' },
    shape: { class: 'H5S_SCALAR' },
    value: '"\\u00e9t\\u00e9 \\u516b"',
    stream: "vlen(['\\u00e9t\\u00e9 \\u516b'.encode('utf-8')])",
  },
  {
    name: 'compound scalar',
    type: { class: 'H5T_COMPOUND', fields: [{ name: 'temp', type: 'H5T_STD_I32LE' }, { name: 'pressure', type: 'H5T_IEEE_F32LE' }] },
    shape: { class: 'H5S_SCALAR' },
    value: '[42, 0.42]',
    dtype: "[('temp', '<i4'), ('pressure', '<f4')]",
    py: '(42, 0.42)',
  },
  {
    name: 'nested compound',
    type: {
      class: 'H5T_COMPOUND',
      fields: [
        { name: 'a', type: { class: 'H5T_INTEGER', base: 'H5T_STD_I16BE' } },
        {
          name: 'b',
          type: {
            class: 'H5T_COMPOUND',
            fields: [
              { name: 'x', type: 'H5T_IEEE_F64LE' },
              { name: 'y', type: { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', strPad: 'H5T_STR_NULLPAD', length: 4 } },
            ],
          },
        },
      ],
    },
    shape: [2],
    value: '[[1, [2.5, "ab"]], [-3, [-1.0, "wxyz"]]]',
    dtype: "[('a', '>i2'), ('b', [('x', '<f8'), ('y', 'S4')])]",
    py: "[(1, (2.5, b'ab')), (-3, (-1.0, b'wxyz'))]",
  },
  {
    name: 'array of int16',
    type: { class: 'H5T_ARRAY', dims: [2, 3], base: 'H5T_STD_I16LE' },
    shape: [2],
    value: '[[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, -12]]]',
    dtype: "'<i2'",
    py: '[[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, -12]]]',
  },
  {
    name: 'enum',
    type: { class: 'H5T_ENUM', base: { class: 'H5T_INTEGER', base: 'H5T_STD_U8LE' }, mapping: { RED: 0, GREEN: 1, BLUE: 2 } },
    shape: [3],
    value: '[0, 2, 1]',
    dtype: "'<u1'",
    py: '[0, 2, 1]',
  },
  {
    name: 'h5py bool',
    type: { class: 'H5T_ENUM', base: { class: 'H5T_INTEGER', base: 'H5T_STD_I8LE' }, mapping: { FALSE: 0, TRUE: 1 } },
    shape: [3],
    value: '[true, false, true]',
    dtype: "'?'",
    py: '[True, False, True]',
  },
  {
    name: 'vlen int sequence',
    type: { class: 'H5T_VLEN', base: { class: 'H5T_INTEGER', base: 'H5T_STD_I32LE' } },
    shape: 4,
    value: '[[1], [1, 2], [1, 2, 3], []]',
    stream: "vlen([np.array(v, '<i4').tobytes() for v in ([1], [1, 2], [1, 2, 3], [])])",
  },
  {
    name: 'object reference',
    type: { class: 'H5T_REFERENCE', base: 'H5T_STD_REF_OBJ' },
    shape: { class: 'H5S_SCALAR' },
    value: JSON.stringify(REF_TARGET),
    dtype: "'S48'",
    py: `b'${REF_TARGET}'`,
  },
  {
    name: 'compound with reference',
    type: {
      class: 'H5T_COMPOUND',
      fields: [
        { name: 'dataset', type: { class: 'H5T_REFERENCE', base: 'H5T_STD_REF_OBJ', charSet: 'H5T_CSET_ASCII', length: 48 } },
        { name: 'dimension', type: { class: 'H5T_INTEGER', base: 'H5T_STD_I32LE' } },
      ],
    },
    shape: [1],
    value: JSON.stringify([[REF_TARGET, 0]]),
    dtype: "[('dataset', 'S48'), ('dimension', '<i4')]",
    py: `[(b'${REF_TARGET}', 0)]`,
  },
  {
    name: 'opaque',
    type: { class: 'H5T_OPAQUE', size: 4, tag: 'raw' },
    shape: [2],
    value: '[[1, 2, 3, 4], [255, 0, 0, 1]]',
    dtype: "'V4'",
    py: "[b'\\x01\\x02\\x03\\x04', b'\\xff\\x00\\x00\\x01']",
    bytesAsList: true,
  },
];

const body = (type: unknown, shape: unknown, valueText?: string, extra = '') =>
  `{"type": ${JSON.stringify(type)}, "shape": ${JSON.stringify(shape)}${valueText === undefined ? '' : `, "value": ${valueText}`}${extra}}`;

describe('type classes', () => {
  let oracle: { b64: string; json: unknown }[];
  before(() => {
    oracle = numpy(TYPE_CASES.map((c) => (c.dtype ? { dtype: c.dtype, value: c.py, bytesAsList: c.bytesAsList } : { raw: c.stream })));
  });

  TYPE_CASES.forEach((c, i) => {
    test(c.name, async () => {
      const { b64, json: decoded } = oracle[i];
      const name = `t${i}`;
      const fixed = c.dtype !== undefined;
      let r = await api.put(attrUrl(root, name), { body: body(c.type, c.shape, c.value) });
      assert.equal(r.status, 201, r.text);
      // JSON values are stored as given
      r = await api.get(attrUrl(root, name));
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.value, parseJson(c.value));
      assert.equal('encoding' in r.json, false);

      // binary read (fixed-size) or JSON fallback (variable length)
      r = await api.get(attrUrl(root, name, '/value'), { accept: 'binary' });
      assert.equal(r.status, 200);
      if (fixed) {
        assert.equal(r.headers.get('content-type'), 'application/octet-stream');
        assert.equal(Buffer.from(r.bytes).toString('base64'), b64);
      } else {
        assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
        assert.deepEqual(r.json.value, parseJson(c.value));
      }
      // base64 of the binary form: of the attribute (fixed only) and of its value (any type)
      r = await api.get(attrUrl(root, name), { query: { encoding: 'base64' } });
      assert.deepEqual([r.json.encoding, r.json.value], fixed ? ['base64', b64] : [undefined, parseJson(c.value)]);
      r = await api.get(attrUrl(root, name, '/value'), { query: { encoding: 'base64' } });
      assert.deepEqual([r.json.encoding, r.json.value], ['base64', b64]);

      // binary and base64 input are stored in their JSON form
      assert.equal((await api.put(attrUrl(root, `${name}b`), { body: body(c.type, c.shape) })).status, 201);
      r = await api.put(attrUrl(root, `${name}b`, '/value'), { binary: Buffer.from(b64, 'base64') });
      assert.equal(r.status, fixed ? 200 : 400, r.text);
      r = await api.put(attrUrl(root, `${name}c`), { body: body(c.type, c.shape, JSON.stringify(b64), ', "encoding": "base64"') });
      assert.equal(r.status, fixed ? 201 : 400, r.text);
      if (fixed) {
        for (const n of [`${name}b`, `${name}c`]) {
          r = await api.get(attrUrl(root, n));
          assert.deepEqual(r.json.value, decoded, n);
          assert.equal('encoding' in r.json, false);
        }
      }
    });
  });
});

// ------------------------------------------------------------------ NaN and Infinity

describe('NaN and Infinity', () => {
  const values = '[NaN, Infinity, -Infinity, 1.5]';
  test('stored bare, served bare, or null with ignore_nan', async () => {
    let r = await api.put(attrUrl(groupId, 'nan'), { body: body('H5T_IEEE_F64LE', [4], values) });
    assert.equal(r.status, 201);
    // re-sending the identical attribute is a 200, NaN included
    assert.equal((await api.put(attrUrl(groupId, 'nan'), { body: body('H5T_IEEE_F64LE', [4], values) })).status, 200);
    const stored = Buffer.from((await server.storage.read(objectKey(groupId)))!).toString('utf8');
    assert.match(stored, /"value":\[NaN,Infinity,-Infinity,1\.5\]/);

    for (const [url, query] of [
      [attrUrl(groupId), { IncludeData: 1, pattern: 'nan' }],
      [attrUrl(groupId, 'nan'), {}],
      [attrUrl(groupId, 'nan', '/value'), {}],
    ] as [string, Record<string, number | string>][]) {
      r = await api.get(url, { query });
      assert.equal(r.status, 200);
      assert.match(r.text, /\[NaN,Infinity,-Infinity,1\.5\]/);
      r = await api.get(url, { query: { ...query, ignore_nan: 1 } });
      assert.match(r.text, /\[null,null,null,1\.5\]/);
    }
    const [expected] = numpy([{ dtype: "'<f8'", value: '[nan, inf, -inf, 1.5]' }]);
    r = await api.get(attrUrl(groupId, 'nan', '/value'), { accept: 'binary' });
    assert.equal(Buffer.from(r.bytes).toString('base64'), expected.b64);
  });

  test('binary NaN input round trips', async () => {
    const [f32] = numpy([{ dtype: "'>f4'", value: '[nan, -inf, 2.5]' }]);
    assert.equal((await api.put(attrUrl(groupId, 'nan32'), { body: body('H5T_IEEE_F32BE', [3]) })).status, 201);
    assert.equal((await api.put(attrUrl(groupId, 'nan32', '/value'), { binary: Buffer.from(f32.b64, 'base64') })).status, 200);
    const r = await api.get(attrUrl(groupId, 'nan32', '/value'));
    assert.match(r.text, /"value":\[NaN,-Infinity,2\.5\]/);
  });
});

// ------------------------------------------------------------------ creating attributes

describe('create', () => {
  test('201 new, 200 identical, 409 different, replace keeps created (attr_test testObjAttr)', async () => {
    const d = await newDomain();
    const objects = [
      await create(d.api, 'groups', {}, d.root, 'g'),
      await create(d.api, 'datasets', { type: 'H5T_IEEE_F32LE' }, d.root, 'd'),
      await create(d.api, 'datatypes', { type: 'H5T_IEEE_F32LE' }, d.root, 't'),
    ];
    const api = d.api;
    for (const id of objects) {
      const url = attrUrl(id, 'attr');
      assert.equal((await api.get(url)).status, 404);
      const first = { type: 'H5T_STD_I32LE', value: 42 };
      const second = { type: 'H5T_STD_I32LE', value: 84 };
      assert.equal((await api.put(url, { body: first })).status, 201);
      assert.equal((await api.put(url, { body: first })).status, 200);
      assert.equal((await api.put(url, { body: second })).status, 409);
      assert.equal((await api.put(url, { body: first, query: { replace: 1 } })).status, 200);
      let r = await api.get(url);
      assert.deepEqual([r.json.name, r.json.value, r.json.shape], ['attr', 42, { class: 'H5S_SCALAR' }]);
      assert.equal(r.json.lastModified, r.json.created);
      assert.equal(r.json.hrefs.length, 3);
      const created = r.json.created;
      assert.equal((await api.put(url, { body: second, query: { replace: 1 } })).status, 201);
      r = await api.get(url);
      assert.deepEqual([r.json.value, r.json.created], [84, created]);
      const obj = await api.get(`/${url.split('/')[1]}/${id}`);
      assert.equal(obj.json.attributeCount, 1);
      assert.equal((await api.delete(url)).status, 200);
      assert.equal((await api.get(`/${url.split('/')[1]}/${id}`)).json.attributeCount, 0);
    }
  });

  test('shapes: missing → scalar, [] → scalar, number/list → simple, H5S_NULL', async () => {
    const cases: [unknown, unknown][] = [
      [undefined, { class: 'H5S_SCALAR' }],
      [[], { class: 'H5S_SCALAR' }],
      [{ class: 'H5S_SCALAR' }, { class: 'H5S_SCALAR' }],
      [5, { class: 'H5S_SIMPLE', dims: [5] }],
      [[2, 3], { class: 'H5S_SIMPLE', dims: [2, 3] }],
      [{ class: 'H5S_SIMPLE', dims: [0] }, { class: 'H5S_SIMPLE', dims: [0] }],
      ['H5S_NULL', { class: 'H5S_NULL' }],
      [{ class: 'H5S_NULL' }, { class: 'H5S_NULL' }],
    ];
    for (const [i, [shape, expected]] of cases.entries()) {
      const b = shape === undefined ? { type: 'H5T_STD_I32LE' } : { type: 'H5T_STD_I32LE', shape };
      assert.equal((await api.put(attrUrl(datasetId, `shape${i}`), { body: b })).status, 201);
      const r = await api.get(attrUrl(datasetId, `shape${i}`));
      assert.deepEqual([r.json.shape, r.json.value], [expected, null]);
    }
    // a value-less attribute reads null; a null-shape one cannot be read or written as a value
    assert.deepEqual((await api.get(attrUrl(datasetId, 'shape0', '/value'))).json.value, null);
    assert.equal((await api.get(attrUrl(datasetId, 'shape6', '/value'))).status, 400);
    assert.equal((await api.put(attrUrl(datasetId, 'shape6', '/value'), { body: { value: 1 } })).status, 400);
    assert.equal((await api.put(attrUrl(datasetId, 'shape6', '/value'), { binary: new Uint8Array(4) })).status, 400);
    // empty-shape and scalar values
    assert.equal((await api.put(attrUrl(datasetId, 'empty'), { body: { type: 'H5T_STD_I32LE', shape: [], value: 42 } })).status, 201);
    assert.equal((await api.get(attrUrl(datasetId, 'empty'))).json.value, 42);
  });

  test('bad bodies are 400', async () => {
    const url = attrUrl(groupId, 'bad');
    const bad: unknown[] = [
      'foobar_content',
      '[1, 2]',
      { value: 1 },
      { type: 'H5T_FOOBAR', value: 42 },
      { type: { class: 'H5T_NOPE' } },
      { type: { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII' } },
      { type: 'H5T_STD_I32LE', shape: 'H5S_NULL', value: 42 },
      { type: 'H5T_STD_I32LE', shape: { class: 'H5S_NULL', dims: [1] } },
      { type: 'H5T_STD_I32LE', shape: { class: 'H5S_SIMPLE' } },
      { type: 'H5T_STD_I32LE', shape: { class: 'H5S_BOGUS' } },
      { type: 'H5T_STD_I32LE', shape: { dims: [2] } },
      { type: 'H5T_STD_I32LE', shape: [-1] },
      { type: 'H5T_STD_I32LE', shape: 'twelve' },
      { type: 'H5T_STD_I32LE', shape: { class: 'H5S_SCALAR', dims: [3] } },
      { type: 'H5T_STD_I32LE', shape: 5, value: [2, 3, 5, 7, 11, 13] },
      { type: 'H5T_STD_I32LE', shape: [2, 2], value: [1, 2, 3, 4] },
      { type: 'H5T_STD_I32LE', shape: [2], value: ['x', 1] },
      { type: 'H5T_STD_U8LE', shape: [1], value: [256] },
      { type: 'H5T_STD_I32LE', value: 'not base64!', encoding: 'base64' },
      { type: 'H5T_STD_I32LE', shape: [2], value: 'AAAA', encoding: 'base64' },
      { type: 'H5T_STD_I32LE', value: 'AAAAAA==', encoding: 'hex' },
      { type: { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', length: 'H5T_VARIABLE' }, value: 'YQ==', encoding: 'base64' },
      { type: { class: 'H5T_COMPOUND', fields: [{ name: 'a', type: 'H5T_STD_I8LE' }] }, value: [1, 2] },
      { type: 't-00000000-00000000-0000-000000-00000' },
    ];
    for (const b of bad) {
      const r = await api.put(url, { body: b });
      assert.equal(r.status, 400, `${JSON.stringify(b)} → ${r.status} ${r.text}`);
    }
    assert.equal((await api.get(url)).status, 404);
  });

  test('committed types: copy of the type with its id; other domains 400; unknown 404', async () => {
    const value = Array.from({ length: 10 }, (_, i) => i * 0.5);
    let r = await api.put(attrUrl(root, 'ctype'), { body: { type: datatypeId, shape: 10, value } });
    assert.equal(r.status, 201);
    r = await api.get(attrUrl(root, 'ctype'));
    assert.deepEqual(r.json.type, { class: 'H5T_FLOAT', base: 'H5T_IEEE_F32LE', id: datatypeId });
    assert.deepEqual(r.json.value, value);
    r = await api.put(attrUrl(root, 'ctype2'), { body: { type: otherDatatype } });
    assert.equal(r.status, 400);
    r = await api.put(attrUrl(root, 'ctype2'), { body: { type: 't-' + datatypeId.slice(2, -6) + '000000' } });
    assert.equal(r.status, 404);
  });

  test('values: null stays null; string numbers; vlen references; fixed strings truncate', async () => {
    let r = await api.put(attrUrl(groupId, 'nullv'), { body: { type: 'H5T_IEEE_F32LE', shape: [2, 3], value: null } });
    assert.equal(r.status, 201);
    assert.equal((await api.get(attrUrl(groupId, 'nullv'))).json.value, null);
    // unset values read as zeros in binary and base64
    r = await api.get(attrUrl(groupId, 'nullv', '/value'), { accept: 'binary' });
    assert.deepEqual([...r.bytes], new Array(24).fill(0));
    r = await api.put(attrUrl(groupId, 'vref'), {
      body: { type: { class: 'H5T_VLEN', base: { class: 'H5T_REFERENCE', base: 'H5T_STD_REF_OBJ' } }, shape: 2, value: [[groupId], [groupId, datasetId]] },
    });
    assert.equal(r.status, 201);
    assert.deepEqual((await api.get(attrUrl(groupId, 'vref'))).json.value, [[groupId], [groupId, datasetId]]);
  });
});

// ------------------------------------------------------------------ attribute values

describe('values', () => {
  test('PUT value: binary with exact byte count, JSON, base64, null → zeros; type and shape kept', async () => {
    const url = attrUrl(datasetId, 'ints');
    assert.equal((await api.put(url, { body: { type: 'H5T_STD_I32LE', shape: 6 } })).status, 201);
    assert.equal((await api.get(url + '/value')).json.value, null);
    const data = new Uint8Array(24);
    [2, 3, 5, 7, 11, 13].forEach((v, i) => (data[i * 4] = v));
    assert.equal((await api.put(url + '/value', { binary: data })).status, 200);
    assert.equal((await api.put(url + '/value', { binary: new Uint8Array(6).fill(255) })).status, 400);
    let r = await api.get(url + '/value');
    assert.deepEqual([r.json.value, 'type' in r.json, 'shape' in r.json], [[2, 3, 5, 7, 11, 13], false, false]);
    assert.equal(r.json.hrefs.length, 3);

    assert.equal((await api.put(url + '/value', { body: { value: [1, 2, 3, 4, 5, 6] } })).status, 200);
    assert.deepEqual((await api.get(url + '/value')).json.value, [1, 2, 3, 4, 5, 6]);
    assert.equal((await api.put(url + '/value', { body: { value: [1, 2] } })).status, 400);
    assert.equal((await api.put(url + '/value', { body: { nothing: 1 } })).status, 400);
    assert.equal((await api.put(url + '/value', { body: 'nope' })).status, 400);
    assert.equal((await api.put(url + '/value', { body: '{"value": [1]}', headers: { 'Content-Type': 'text/plain' } })).status, 400);
    const b64 = Buffer.from(new Int32Array([6, 5, 4, 3, 2, 1]).buffer).toString('base64');
    assert.equal((await api.put(url + '/value', { body: { value: b64, encoding: 'base64' } })).status, 200);
    assert.deepEqual((await api.get(url + '/value')).json.value, [6, 5, 4, 3, 2, 1]);
    assert.equal((await api.put(url + '/value', { body: { value: null } })).status, 200);
    r = await api.get(url);
    assert.deepEqual([r.json.value, r.json.shape, r.json.type.base], [[0, 0, 0, 0, 0, 0], { class: 'H5S_SIMPLE', dims: [6] }, 'H5T_STD_I32LE']);
    assert.equal((await api.put(attrUrl(datasetId, 'nope', '/value'), { body: { value: 1 } })).status, 404);
  });

  test('JSON value writes are normalized to the stored type (float32)', async () => {
    const url = attrUrl(datasetId, 'f32');
    assert.equal((await api.put(url, { body: { type: 'H5T_IEEE_F32LE', shape: 1, value: [0.42] } })).status, 201);
    assert.deepEqual((await api.get(url)).json.value, [0.42]);
    assert.equal((await api.put(url + '/value', { body: { value: [0.42] } })).status, 200);
    assert.deepEqual((await api.get(url)).json.value, [Math.fround(0.42)]);
  });

  test('vlen: JSON only for writes; binary reads fall back to JSON', async () => {
    const type = { class: 'H5T_VLEN', base: { class: 'H5T_INTEGER', base: 'H5T_STD_I32LE' } };
    const url = attrUrl(datasetId, 'vlen');
    assert.equal((await api.put(url, { body: { type, shape: 2 } })).status, 201);
    assert.equal((await api.put(url + '/value', { binary: new Uint8Array(8) })).status, 400);
    assert.equal((await api.put(url + '/value', { body: { value: [[1, 2], [3]] } })).status, 200);
    const r = await api.get(url + '/value', { accept: 'binary' });
    assert.deepEqual(r.json.value, [[1, 2], [3]]);
  });

  test('bytes that are not UTF-8 are stored base64 (attr_test testPutNonUTF8String)', async () => {
    const type = { class: 'H5T_STRING', charSet: 'H5T_CSET_UTF8', strPad: 'H5T_STR_NULLTERM', length: 2 };
    const url = attrUrl(root, 'bad_utf');
    assert.equal((await api.put(url, { body: { type, shape: { class: 'H5S_SCALAR' } } })).status, 201);
    assert.equal((await api.put(url + '/value', { binary: new Uint8Array([0xfe, 0xff]) })).status, 200);
    let r = await api.get(url);
    assert.deepEqual([r.json.encoding, r.json.value], ['base64', '/v8=']);
    r = await api.get(url + '/value');
    assert.deepEqual([r.json.encoding, r.json.value], ['base64', '/v8=']);
    r = await api.get(url + '/value', { accept: 'binary' });
    assert.deepEqual([...r.bytes], [0xfe, 0xff]);
    // UTF-8 bytes written in binary come back as text (testPutFixedUTF8StringBinary)
    const text = 'chinese eight: \u516b';
    const bytes = new TextEncoder().encode(text);
    const t2 = { ...type, length: bytes.length };
    assert.equal((await api.put(attrUrl(root, 'utf_bin'), { body: { type: t2, shape: { class: 'H5S_SCALAR' } } })).status, 201);
    assert.equal((await api.put(attrUrl(root, 'utf_bin', '/value'), { binary: bytes })).status, 200);
    assert.equal((await api.get(attrUrl(root, 'utf_bin'))).json.value, text);
  });

  test('base64 value of an encoded attribute and IncludeData=0', async () => {
    const b64 = Buffer.from(new Int32Array([2, 3, 5, 7, 11, 13]).buffer).toString('base64');
    const url = attrUrl(root, 'encoded_int_arr');
    assert.equal((await api.put(url, { body: { type: 'H5T_STD_I32LE', shape: 6, value: b64, encoding: 'base64' } })).status, 201);
    let r = await api.get(url);
    assert.deepEqual([r.json.value, 'encoding' in r.json], [[2, 3, 5, 7, 11, 13], false]);
    r = await api.get(url, { query: { IncludeData: 0 } });
    assert.equal('value' in r.json, false);
    assert.equal((await api.get(url, { query: { encoding: 'hex' } })).status, 400);
    assert.equal((await api.get(url + '/value', { query: { encoding: 'hex' } })).status, 400);
  });
});

// ------------------------------------------------------------------ listing

describe('listing', () => {
  const names = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
  let list: Api;
  let lroot: string;

  before(async () => {
    ({ api: list, root: lroot } = await newDomain());
    for (const [i, n] of names.entries())
      assert.equal((await list.put(attrUrl(lroot, n), { body: { type: 'H5T_STD_I32LE', value: i * 2 } })).status, 201);
  });

  test('name or creation order, IncludeData, Limit and Marker (attr_test testListAttr)', async () => {
    for (const createOrder of [false, true]) {
      const expected = createOrder ? names : [...names].sort();
      const query: Record<string, string | number> = { IncludeData: 0, ...(createOrder ? { CreateOrder: 1 } : {}) };
      let r = await list.get(attrUrl(lroot), { query });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.attributes.map((a: { name: string }) => a.name), expected);
      for (const a of r.json.attributes) {
        assert.deepEqual(Object.keys(a).sort(), ['created', 'href', 'name', 'shape', 'type']);
        assert.match(a.href, new RegExp(`/groups/${lroot}/attributes/${a.name}\\?domain=`));
      }
      assert.deepEqual(r.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'home', 'owner']);
      query.IncludeData = 1;
      r = await list.get(attrUrl(lroot), { query });
      assert.deepEqual(r.json.attributes.map((a: { value: number }) => a.value), expected.map((n) => names.indexOf(n) * 2));
      r = await list.get(attrUrl(lroot), { query: { ...query, Limit: 3 } });
      assert.deepEqual(r.json.attributes.map((a: { name: string }) => a.name), expected.slice(0, 3));
      r = await list.get(attrUrl(lroot), { query: { ...query, Limit: 3, Marker: 'fifth' } });
      const at = expected.indexOf('fifth') + 1;
      assert.deepEqual(r.json.attributes.map((a: { name: string }) => a.name), expected.slice(at, at + 3));
      assert.equal(r.json.attributes[0].name, createOrder ? 'sixth' : 'first');
    }
  });

  test('pattern is applied after Limit/Marker; bad params are 400; unknown Marker 404', async () => {
    let r = await list.get(attrUrl(lroot), { query: { pattern: '*th' } });
    assert.deepEqual(
      r.json.attributes.map((a: { name: string }) => a.name),
      ['eighth', 'eleventh', 'fifth', 'fourth', 'ninth', 'seventh', 'sixth', 'tenth', 'twelfth'],
    );
    // the first four by name are eighth, eleventh, fifth, first: the pattern keeps three of them
    r = await list.get(attrUrl(lroot), { query: { pattern: '*th', Limit: 4 } });
    assert.deepEqual(r.json.attributes.map((a: { name: string }) => a.name), ['eighth', 'eleventh', 'fifth']);
    r = await list.get(attrUrl(lroot), { query: { pattern: 's*', Marker: 'second' } });
    assert.deepEqual(r.json.attributes.map((a: { name: string }) => a.name), ['seventh', 'sixth']);
    assert.equal((await list.get(attrUrl(lroot), { query: { Marker: 'zzz' } })).status, 404);
    const badQueries: Record<string, string>[] = [{ Limit: 'x' }, { max_data_size: 'big' }, { encoding: 'hex' }, { pattern: '[z-a]' }];
    for (const query of badQueries) assert.equal((await list.get(attrUrl(lroot), { query })).status, 400, JSON.stringify(query));
    assert.equal((await api.get(attrUrl(datasetId), { query: { follow_links: 1 } })).status, 400);
  });

  test('max_data_size drops values larger than the limit (vlen counted 512 bytes each)', async () => {
    const d = await newDomain();
    await d.api.put(attrUrl(d.root, 'small'), { body: { type: 'H5T_STD_I8LE', shape: 10, value: new Array(10).fill(1) } });
    await d.api.put(attrUrl(d.root, 'big'), { body: { type: 'H5T_STD_I16LE', shape: 10, value: new Array(10).fill(1) } });
    await d.api.put(attrUrl(d.root, 'vlen'), {
      body: { type: { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', length: 'H5T_VARIABLE' }, value: 'x' },
    });
    const withValue = async (query: Record<string, number>) =>
      (await d.api.get(attrUrl(d.root), { query: { IncludeData: 1, ...query } })).json.attributes
        .filter((a: Record<string, unknown>) => 'value' in a)
        .map((a: { name: string }) => a.name);
    assert.deepEqual(await withValue({ max_data_size: 0 }), ['big', 'small', 'vlen']);
    assert.deepEqual(await withValue({ max_data_size: 10 }), ['small']);
    assert.deepEqual(await withValue({ max_data_size: 512 }), ['big', 'small', 'vlen']);
    const r = await d.api.post(attrUrl(d.root), { body: { attr_names: ['small', 'big'] }, query: { IncludeData: 1, max_data_size: 10 } });
    assert.deepEqual(r.json.attributes.map((a: Record<string, unknown>) => 'value' in a), [true, false]);
  });

  test('follow_links: every object reachable by hard links, Limit over all, pattern, encoding', async () => {
    const d = await newDomain();
    const g1 = await create(d.api, 'groups', {}, d.root, 'g1');
    const g2 = await create(d.api, 'groups', {}, g1, 'g2');
    const ds = await create(d.api, 'datasets', { type: 'H5T_STD_I32LE', shape: [2] }, g2, 'ds');
    const dt = await create(d.api, 'datatypes', { type: 'H5T_STD_I8LE' }, d.root, 'dt');
    assert.equal((await d.api.put(`/groups/${g1}/links/soft`, { body: { h5path: '/nowhere' } })).status, 201);
    assert.equal((await d.api.put(`/groups/${g2}/links/back`, { body: { id: d.root } })).status, 201);
    for (const [id, n] of [[d.root, 'attr1'], [d.root, 'attr2'], [ds, 'attr1'], [ds, 'attr2'], [dt, 'other']])
      assert.equal((await d.api.put(attrUrl(id, n), { body: { type: 'H5T_STD_I32LE', shape: 2, value: [1, 2] } })).status, 201);

    let r = await d.api.get(attrUrl(d.root), { query: { follow_links: 1, IncludeData: 1 } });
    assert.equal(r.status, 200);
    const map = r.json.attributes;
    assert.deepEqual(Object.keys(map), [d.root, dt, g1, g2, ds]);
    assert.deepEqual(map[ds].map((a: { name: string }) => a.name), ['attr1', 'attr2']);
    assert.deepEqual(map[ds][0].value, [1, 2]);
    assert.equal('href' in map[ds][0], false);
    assert.deepEqual(map[g1], []);

    r = await d.api.get(attrUrl(d.root), { query: { follow_links: 1, Limit: 3 } });
    const counts = Object.values(r.json.attributes as Record<string, unknown[]>).map((l) => l.length);
    assert.equal(counts.reduce((a, b) => a + b, 0), 3);
    assert.ok(counts.every((n) => n <= 3));

    r = await d.api.get(attrUrl(d.root), { query: { follow_links: 1, pattern: '*1' } });
    const names = Object.values(r.json.attributes as Record<string, { name: string }[]>).flat().map((a) => a.name);
    assert.deepEqual(names, ['attr1', 'attr1']);

    r = await d.api.get(attrUrl(d.root), { query: { follow_links: 1, IncludeData: 1, encoding: 'base64' } });
    for (const a of r.json.attributes[ds]) assert.deepEqual([a.encoding, a.value], ['base64', 'AQAAAAIAAAA=']);
    r = await d.api.get(attrUrl(g2), { query: { follow_links: 1 } });
    assert.deepEqual(Object.keys(r.json.attributes), [g2, d.root, ds, dt, g1]);
  });
});

// ------------------------------------------------------------------ bulk forms

describe('bulk', () => {
  test('PUT attributes: dict, multicast to obj_ids, per-object obj_ids (attr_test testPutAttributeMultiple)', async () => {
    const d = await newDomain();
    const dset = await create(d.api, 'datasets', { type: 'H5T_IEEE_F32LE' }, d.root, 'dset');
    const groups = [await create(d.api, 'groups', {}, d.root, 'a'), await create(d.api, 'groups', {}, d.root, 'b')];
    const attributes: Record<string, unknown> = {};
    for (let i = 0; i < 3; i++) attributes[`attr${i}`] = { type: 'H5T_STD_I32LE', shape: 2, value: [i, i + 1] };

    assert.equal((await d.api.put(attrUrl(dset), { body: { attributes } })).status, 201);
    assert.equal((await d.api.put(attrUrl(dset), { body: { attributes } })).status, 200);
    let r = await d.api.get(attrUrl(dset), { query: { IncludeData: 1 } });
    assert.deepEqual(r.json.attributes.map((a: { value: number[] }) => a.value), [[0, 1], [1, 2], [2, 3]]);

    assert.equal((await d.api.put(attrUrl(d.root), { body: { obj_ids: groups, attributes } })).status, 201);
    const perObject = {
      [groups[0]]: { attributes: { attr_A: { type: 'H5T_STD_I8LE', value: 1 } } },
      [groups[1]]: { type: 'H5T_STD_I8LE', name: 'attr_B', value: 2 },
    };
    assert.equal((await d.api.put(attrUrl(d.root), { body: { obj_ids: perObject } })).status, 201);
    assert.equal((await d.api.put(attrUrl(d.root), { body: { obj_ids: perObject } })).status, 200);
    r = await d.api.get(attrUrl(groups[1]), { query: { IncludeData: 1 } });
    assert.deepEqual(r.json.attributes.map((a: { name: string }) => a.name), ['attr0', 'attr1', 'attr2', 'attr_B']);
    // a single attribute by body name; an empty body writes nothing
    assert.equal((await d.api.put(attrUrl(dset), { body: { type: 'H5T_STD_I8LE', name: 'single', value: 3 } })).status, 201);
    assert.equal((await d.api.get(attrUrl(dset, 'single'))).json.value, 3);
    assert.equal((await d.api.put(attrUrl(dset), { body: {} })).status, 200);
    // a conflicting attribute on one of several objects: 409
    const conflicting = { obj_ids: groups, attributes: { attr0: { type: 'H5T_STD_I32LE', shape: 2, value: [9, 9] } } };
    assert.equal((await d.api.put(attrUrl(d.root), { body: conflicting })).status, 409);
    assert.equal((await d.api.put(attrUrl(d.root), { body: conflicting, query: { replace: 1 } })).status, 201);

    const bad: unknown[] = [
      { attributes: [1] },
      { obj_ids: groups },
      { obj_ids: { [groups[0]]: { attributes: {} } }, attributes },
      { obj_ids: 'g-1', attributes },
      { obj_ids: ['nonsense'], attributes },
      { obj_ids: { nonsense: { attributes } } },
      { obj_ids: {} },
      { type: 'H5T_STD_I8LE', value: 1 },
      { attributes: { x: { type: 'H5T_STD_I8LE', value: 1000 } } },
    ];
    for (const b of bad) assert.equal((await d.api.put(attrUrl(d.root), { body: b })).status, 400, JSON.stringify(b));
    // targets must belong to the domain
    r = await d.api.put(attrUrl(d.root), { body: { obj_ids: [otherRoot], attributes } });
    assert.equal(r.status, 400);
  });

  test('POST attributes: names, obj_ids list and dict, 404 for a missing name (testPostAttributeMultiple)', async () => {
    const d = await newDomain();
    const dset = await create(d.api, 'datasets', { type: 'H5T_STD_I8LE', shape: [1] }, d.root, 'dset');
    for (const id of [d.root, dset])
      for (const n of ['attr1', 'attr2'])
        assert.equal((await d.api.put(attrUrl(id, n), { body: { type: 'H5T_STD_I8LE', shape: [1], value: [n === 'attr1' ? 1 : 2] } })).status, 201);

    let r = await d.api.post(attrUrl(d.root), { body: { attr_names: ['attr2', 'attr1'] }, query: { IncludeData: 0 } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.attributes.map((a: { name: string }) => a.name), ['attr2', 'attr1']);
    assert.equal('value' in r.json.attributes[0], false);
    r = await d.api.post(attrUrl(d.root), { body: { attr_names: ['attr1'] }, query: { IncludeData: 1, encoding: 'base64' } });
    assert.deepEqual([r.json.attributes[0].encoding, r.json.attributes[0].value], ['base64', 'AQ==']);

    r = await d.api.post(attrUrl(d.root), { body: { obj_ids: [d.root, dset], attr_names: ['attr2'] }, query: { IncludeData: 1 } });
    assert.deepEqual(Object.keys(r.json.attributes), [d.root, dset]);
    assert.deepEqual(r.json.attributes[dset].map((a: { value: number[] }) => a.value), [[2]]);
    r = await d.api.post(attrUrl(d.root), { body: { obj_ids: [d.root, dset] } });
    assert.deepEqual(r.json.attributes[dset].map((a: { name: string }) => a.name), ['attr1', 'attr2']);
    r = await d.api.post(attrUrl(d.root), { body: { obj_ids: { [d.root]: ['attr1', 'attr2'], [dset]: ['attr2'] } } });
    assert.deepEqual(r.json.attributes[dset].map((a: { name: string }) => a.name), ['attr2']);
    assert.equal(r.json.attributes[d.root].length, 2);
    // one object: a plain list, as HSDS answers
    r = await d.api.post(attrUrl(d.root), { body: { obj_ids: [dset] } });
    assert.equal(Array.isArray(r.json.attributes), true);

    r = await d.api.post(attrUrl(d.root), { body: { obj_ids: { [d.root]: ['attr1'], [dset]: ['attr2', 'foobar'] } } });
    assert.equal(r.status, 404);
    assert.equal((await d.api.post(attrUrl(d.root), { body: { attr_names: ['nope'] } })).status, 404);
    assert.equal((await d.api.delete(attrUrl(dset, 'attr1'))).status, 200);
    assert.equal((await d.api.post(attrUrl(dset), { body: { attr_names: ['attr1', 'nope'] } })).status, 410);
    const bad: unknown[] = ['not json', {}, { attr_names: 'attr1' }, { attr_names: [1] }, { obj_ids: { [dset]: 'attr1' } }, { obj_ids: { [dset]: ['attr2'] }, attr_names: ['attr2'] }, { obj_ids: [] }, { obj_ids: 5 }, { obj_ids: ['bad-id'] }];
    for (const b of bad) assert.equal((await d.api.post(attrUrl(d.root), { body: b })).status, 400, JSON.stringify(b));
    assert.equal((await d.api.post(attrUrl(d.root), { body: { obj_ids: [d.root, otherRoot] } })).status, 400);
    assert.equal((await d.api.post(attrUrl(d.root), { body: { attr_names: ['attr1'] }, query: { max_data_size: 'x' } })).status, 400);
  });

  test('names that are not URL-encodable, separator and base64 delete (testNonURLEncodableAttributeName)', async () => {
    const d = await newDomain();
    const grp = await create(d.api, 'groups', {}, d.root, 'grp1');
    const name = '#attr/1#';
    const data = { type: 'H5T_IEEE_F32LE', shape: 6, value: [0, 2, 4, 6, 8, 10] };
    assert.equal((await d.api.put(attrUrl(grp) + '/' + name, { body: data })).status, 404);
    assert.equal((await d.api.put(attrUrl(grp), { body: { attributes: { [name]: data } } })).status, 201);
    let r = await d.api.get(attrUrl(grp), { query: { IncludeData: 1 } });
    assert.deepEqual([r.json.attributes[0].name, r.json.attributes[0].value], [name, data.value]);
    // percent-encoded names address it directly
    assert.equal((await d.api.get(attrUrl(grp, name))).json.value.length, 6);
    r = await d.api.post(attrUrl(grp), { body: { attr_names: [name] }, query: { IncludeData: 1 } });
    assert.equal(r.json.attributes[0].name, name);
    assert.equal((await d.api.delete(attrUrl(grp), { query: { attr_names: name, separator: '!' } })).status, 200);
    assert.deepEqual((await d.api.get(attrUrl(grp))).json.attributes, []);

    for (const n of ['a', 'b/c', '\u516b']) await d.api.put(attrUrl(grp, n), { body: { type: 'H5T_STD_I8LE', value: 1 } });
    const encoded = Buffer.from(['a', 'b/c', '\u516b'].join('|')).toString('base64');
    r = await d.api.delete(attrUrl(grp), { query: { attr_names: encoded, separator: '|', encoding: 'base64' } });
    assert.deepEqual([r.status, r.json], [200, { hrefs: [] }]);
    assert.deepEqual((await d.api.get(attrUrl(grp))).json.attributes, []);

    // names that are also JavaScript object members are plain names
    assert.equal((await d.api.get(attrUrl(grp, 'toString'))).status, 404);
    assert.equal((await d.api.delete(attrUrl(grp, 'constructor'))).status, 404);
    assert.equal((await d.api.post(attrUrl(grp), { body: { attr_names: ['valueOf'] } })).status, 404);
    const protoBody = '{"attributes": {"__proto__": {"type": "H5T_STD_I8LE", "value": 7}}}';
    assert.equal((await d.api.put(attrUrl(grp), { body: protoBody })).status, 201);
    assert.equal((await d.api.get(attrUrl(grp, '__proto__'))).json.value, 7);
    assert.deepEqual((await d.api.get(attrUrl(grp))).json.attributes.map((a: { name: string }) => a.name), ['__proto__']);
  });

  test('DELETE: 410 afterwards, bulk by separator, missing 404, bad params 400 (testDeleteAttributesMultiple)', async () => {
    const d = await newDomain();
    const names = Array.from({ length: 5 }, (_, i) => `attr${i}`);
    for (const sep of ['/', ':']) {
      for (const n of names) assert.equal((await d.api.put(attrUrl(d.root, n), { body: { type: 'H5T_IEEE_F32LE', shape: 1, value: [1] } })).status, 201);
      const query: Record<string, string> = { attr_names: names.join(sep), ...(sep === '/' ? {} : { separator: sep }) };
      assert.equal((await d.api.delete(attrUrl(d.root), { query })).status, 200);
      for (const n of names) assert.equal((await d.api.get(attrUrl(d.root, n))).status, 410);
    }
    // deleting a deleted attribute again is accepted, as HSDS's data node skips it
    assert.equal((await d.api.delete(attrUrl(d.root, 'attr0'))).status, 200);
    assert.equal((await d.api.delete(attrUrl(d.root, 'never'))).status, 404);
    assert.equal((await d.api.delete(attrUrl(d.root), { query: { attr_names: 'attr1/never' } })).status, 404);
    const badQueries: Record<string, string>[] = [{}, { attr_names: '' }, { attr_names: 'a', encoding: 'hex' }, { attr_names: '!!', encoding: 'base64' }];
    for (const query of badQueries)
      assert.equal((await d.api.delete(attrUrl(d.root), { query })).status, 400, JSON.stringify(query));
  });
});

// ------------------------------------------------------------------ access

describe('access', () => {
  test('credentials, ACLs, ids and domains', async () => {
    const url = attrUrl(groupId, 'acc');
    const payload = { type: 'H5T_STD_I32LE', value: 1 };
    const anon = api.as(undefined, undefined);
    const user2 = api.as('test_user2', 'test');
    assert.equal((await anon.put(url, { body: payload })).status, 401);
    assert.equal((await api.as('test_user1', 'wrong').put(url, { body: payload })).status, 401);
    assert.equal((await user2.put(url, { body: payload })).status, 403);
    assert.equal((await api.put(url, { body: payload })).status, 201);
    for (const path of [url, url + '/value', attrUrl(groupId)]) {
      assert.equal((await user2.get(path)).status, 403, path);
      assert.equal((await anon.get(path)).status, 403, path);
    }
    assert.equal((await user2.post(attrUrl(groupId), { body: { attr_names: ['acc'] } })).status, 403);
    assert.equal((await user2.put(url + '/value', { body: { value: 2 } })).status, 403);
    assert.equal((await user2.delete(url)).status, 403);
    assert.equal((await user2.delete(attrUrl(groupId), { query: { attr_names: 'acc' } })).status, 403);
    assert.equal((await anon.delete(url)).status, 401);
    // malformed ids, ids of another collection, unknown ids, ids of another domain
    assert.equal((await api.get('/groups/g-nope/attributes/acc')).status, 400);
    assert.equal((await api.get(`/datasets/${groupId}/attributes/acc`)).status, 400);
    assert.equal((await api.get(`/groups/${groupId.slice(0, -6)}abcdef/attributes/acc`)).status, 404);
    assert.equal((await api.get(attrUrl(otherRoot, 'acc'))).status, 400);
    assert.equal((await api.put(attrUrl(otherRoot, 'acc'), { body: payload })).status, 400);
    // the object's parent folder as domain (attr_test: "outside this domain")
    assert.equal((await api.put(url, { body: payload, domain: '/home/test_user1' })).status, 400);
    assert.equal((await api.get(url, { domain: '/home/test_user1/missing.h5' })).status, 404);
  });

  test('attributes of a deleted object are gone (410)', async () => {
    const d = await newDomain();
    const g = await create(d.api, 'groups', {}, d.root, 'g');
    assert.equal((await d.api.put(attrUrl(g, 'a'), { body: { type: 'H5T_STD_I8LE', value: 1 } })).status, 201);
    assert.equal((await d.api.delete(`/groups/${g}`)).status, 200);
    assert.equal((await d.api.get(attrUrl(g, 'a'))).status, 410);
    assert.equal((await d.api.get(attrUrl(g))).status, 410);
  });
});
