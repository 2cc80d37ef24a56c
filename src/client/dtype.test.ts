import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { stringifyJson } from '../core/json.js';
import { base64 } from './base64.js';
import { BOOL_TYPE, dtypeName, toType, typedArrayFor } from './dtype.js';
import { baseOf, decodeBinary, encodeBinary } from './values.js';

/**
 * numpy decides what a dtype name means; the Python side maps numpy's dtype to HDF REST type JSON the way
 * h5pyd documents it (little/big-endian predefined bases, bool as the FALSE/TRUE int8 enum, 'S<n>' as
 * NULLPAD ASCII, complex as an r/i compound, subarrays as H5T_ARRAY), and gives numpy's bytes for values.
 */
const PYTHON = String.raw`
import json, sys, base64
import numpy as np

def order(dt):
    return 'BE' if dt.byteorder == '>' or (dt.byteorder == '=' and sys.byteorder == 'big') else 'LE'

def type_json(dt):
    if dt.subdtype is not None:
        base, shape = dt.subdtype
        return {'class': 'H5T_ARRAY', 'dims': list(shape), 'base': type_json(base)}
    if dt.names:
        return {'class': 'H5T_COMPOUND', 'fields': [{'name': n, 'type': type_json(dt.fields[n][0])} for n in dt.names]}
    if dt.kind in 'iu':
        return {'class': 'H5T_INTEGER', 'base': 'H5T_STD_%s%d%s' % ('I' if dt.kind == 'i' else 'U', dt.itemsize * 8, order(dt))}
    if dt.kind == 'f':
        return {'class': 'H5T_FLOAT', 'base': 'H5T_IEEE_F%d%s' % (dt.itemsize * 8, order(dt))}
    if dt.kind == 'b':
        return {'class': 'H5T_ENUM', 'base': {'class': 'H5T_INTEGER', 'base': 'H5T_STD_I8LE'}, 'mapping': {'FALSE': 0, 'TRUE': 1}}
    if dt.kind == 'S':
        return {'class': 'H5T_STRING', 'charSet': 'H5T_CSET_ASCII', 'strPad': 'H5T_STR_NULLPAD', 'length': dt.itemsize}
    if dt.kind == 'V':
        return {'class': 'H5T_OPAQUE', 'size': dt.itemsize, 'tag': ''}
    if dt.kind == 'c':
        part = {'class': 'H5T_FLOAT', 'base': 'H5T_IEEE_F%d%s' % (dt.itemsize * 4, order(dt))}
        return {'class': 'H5T_COMPOUND', 'fields': [{'name': 'r', 'type': part}, {'name': 'i', 'type': dict(part)}]}
    raise TypeError(dt)

req = json.load(sys.stdin)
types = {name: type_json(np.dtype(name)) for name in req['names']}
def to_dtype(spec):
    return np.dtype([tuple(f) for f in spec]) if isinstance(spec, list) else np.dtype(spec)
def rows(v):
    return [tuple(x) for x in v['values']] if isinstance(v['dtype'], list) else v['values']
data = [base64.b64encode(np.array(rows(v), dtype=to_dtype(v['dtype'])).tobytes()).decode() for v in req['values']]
print(json.dumps({'types': types, 'bytes': data}))
`;

const NAMES = [
  'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float16', 'float32', 'float64',
  'i1', 'u1', 'i2', '<u2', '>i4', '<i4', '=i8', '>u8', 'f2', '>f2', 'f4', '<f4', '>f4', 'f8', '>f8',
  'b', 'B', 'h', 'H', 'i', 'I', 'q', 'Q', 'e', 'f', 'd', 'float', 'int', 'double', 'single', 'half', 'byte', 'ubyte',
  'bool', '?', 'b1', 'S1', 'S10', '|S7', 'a4', 'V8', 'complex64', 'complex128', 'c8', '>c16',
  '(3,)f4', '(2,3)>i2', '(4,)S3',
];

const VALUES: { dtype: string | [string, string][]; values: unknown[] }[] = [
  { dtype: '>i4', values: [1, -2, 2147483647, -2147483648] },
  { dtype: '<u2', values: [0, 1, 65535] },
  { dtype: 'i8', values: [-(2n ** 53n) - 1n, 2n ** 60n + 3n, -1n] },
  { dtype: '>u8', values: [2n ** 64n - 1n, 7n] },
  { dtype: 'f2', values: [0.5, -2, 65504, 1e-7, 0.1] },
  { dtype: '>f2', values: [1.5, -0.25, 3.14159] },
  { dtype: '>f8', values: [Math.PI, -1e300, 0] },
  { dtype: 'f4', values: [0.1, -3.5, 1e30] },
  { dtype: 'bool', values: [true, false, true] },
  { dtype: 'S5', values: ['ab', 'hello', ''] },
  { dtype: [['x', '<f4'], ['y', '>i2']], values: [[1.5, -3], [2.25, 7]] },
];

function oracle() {
  const r = spawnSync('python3', ['-c', PYTHON], { input: stringifyJson({ names: NAMES, values: VALUES }), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { types: Record<string, unknown>; bytes: string[] };
}

describe('dtype names against numpy', () => {
  const expected = oracle();

  for (const name of NAMES) {
    it(`'${name}' means what numpy means`, () => {
      assert.deepEqual(toType(name), expected.types[name]);
    });
  }

  it('names round trip through dtypeName', () => {
    for (const name of NAMES) assert.deepEqual(toType(dtypeName(toType(name))), toType(name), name);
  });

  VALUES.forEach((v, i) => {
    it(`encodes and decodes ${JSON.stringify(v.dtype)} like numpy's tobytes`, () => {
      const type = toType(typeof v.dtype === 'string' ? v.dtype : v.dtype);
      const { base } = baseOf(type);
      const isBig = typedArrayFor(base) === BigInt64Array || typedArrayFor(base) === BigUint64Array;
      const input = isBig ? v.values.map((x) => BigInt(x as bigint)) : typeof v.dtype !== 'string' ? v.values.map((r) => ({ x: (r as number[])[0], y: (r as number[])[1] })) : v.values;
      const bytes = encodeBinary(base, input);
      assert.equal(base64(bytes), expected.bytes[i]);
      const back = Array.from(decodeBinary(base, bytes, v.values.length) as ArrayLike<unknown>);
      if (base.class === 'H5T_FLOAT') {
        // Decoded floats are the stored (rounded) values: re-encoding them must give the same bytes.
        assert.equal(base64(encodeBinary(base, back)), expected.bytes[i]);
      } else {
        assert.deepEqual(back, input);
      }
    });
  });
});

describe('dtype specs beyond numpy names (h5py conventions)', () => {
  it('compounds from [name, dtype(, shape)] lists', () => {
    assert.deepEqual(toType([['x', 'f4'], ['v', 'i2', [3]]]), {
      class: 'H5T_COMPOUND',
      fields: [
        { name: 'x', type: { class: 'H5T_FLOAT', base: 'H5T_IEEE_F32LE' } },
        { name: 'v', type: { class: 'H5T_ARRAY', dims: [3], base: { class: 'H5T_INTEGER', base: 'H5T_STD_I16LE' } } },
      ],
    });
  });

  it("variable-length strings as h5py's string_dtype", () => {
    assert.deepEqual(toType('str'), { class: 'H5T_STRING', charSet: 'H5T_CSET_UTF8', strPad: 'H5T_STR_NULLTERM', length: 'H5T_VARIABLE' });
    assert.deepEqual(toType('ascii'), { class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', strPad: 'H5T_STR_NULLTERM', length: 'H5T_VARIABLE' });
    assert.deepEqual(toType({ vlen: 'str' }), toType('str'));
    assert.equal(dtypeName(toType('str')), 'str');
  });

  it('vlen sequences, enums, references, predefined names and type JSON', () => {
    assert.deepEqual(toType({ vlen: 'i4' }), { class: 'H5T_VLEN', base: { class: 'H5T_INTEGER', base: 'H5T_STD_I32LE' }, size: 'H5T_VARIABLE' });
    assert.deepEqual(toType('vlen(int32)'), toType({ vlen: 'i4' }));
    assert.equal(dtypeName(toType({ vlen: 'i4' })), 'vlen(int32)');
    assert.deepEqual(toType({ enum: { RED: 0, GREEN: 1 } }), {
      class: 'H5T_ENUM',
      base: { class: 'H5T_INTEGER', base: 'H5T_STD_U8LE' },
      mapping: { RED: 0, GREEN: 1 },
    });
    assert.deepEqual(toType('ref'), { class: 'H5T_REFERENCE', base: 'H5T_STD_REF_OBJ' });
    assert.deepEqual(toType('H5T_STD_I16BE'), { class: 'H5T_INTEGER', base: 'H5T_STD_I16BE' });
    assert.deepEqual(toType(BOOL_TYPE), BOOL_TYPE);
    assert.throws(() => toType('U10'), /unicode/);
    assert.throws(() => toType('f3'), /unknown dtype/);
    assert.throws(() => toType({ class: 'H5T_FLOAT', base: 'bad' } as never), /invalid/);
  });

  it('TypedArray classes: BigInt arrays for 64-bit integers, Float32Array for float16, none for bool/strings', () => {
    const cases: [string, unknown][] = [
      ['i1', Int8Array], ['u1', Uint8Array], ['i2', Int16Array], ['u2', Uint16Array], ['i4', Int32Array], ['u4', Uint32Array],
      ['i8', BigInt64Array], ['>u8', BigUint64Array], ['f2', Float32Array], ['f4', Float32Array], ['>f8', Float64Array],
      ['bool', undefined], ['S4', undefined], ['str', undefined],
    ];
    for (const [name, ctor] of cases) assert.equal(typedArrayFor(toType(name)), ctor, name);
    assert.equal(typedArrayFor(toType({ enum: { A: 0, B: 1 }, base: 'i2' })), Int16Array);
  });
});
