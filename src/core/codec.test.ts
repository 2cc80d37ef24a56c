import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeValues, encodeValues, nest, flattenValues, splitStream, ValueError } from './codec.js';
import type { TypeJson } from './types.js';
import { parseJson } from './json.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Vector {
  type: TypeJson;
  values: unknown[];
  bytes: string;
}

function vectors(): Vector[] {
  const r = spawnSync('python3', [path.join(repo, 'tests/python/make_codec_vectors.py')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return parseJson(r.stdout) as Vector[];
}


describe('element codec against numpy', () => {
  for (const v of vectors()) {
    const label = JSON.stringify(v.type).slice(0, 80);
    it(`decodes and re-encodes ${label}`, () => {
      const bytes = new Uint8Array(Buffer.from(v.bytes, 'base64'));
      const decoded = decodeValues(v.type, bytes, v.values.length);
      assert.deepEqual(decoded, v.values);
      assert.deepEqual(Buffer.from(encodeValues(v.type, v.values)), Buffer.from(bytes));
    });
  }
});

describe('element codec', () => {
  const i64: TypeJson = { class: 'H5T_INTEGER', base: 'H5T_STD_I64LE' };
  const u8: TypeJson = { class: 'H5T_INTEGER', base: 'H5T_STD_U8LE' };

  it('keeps 64-bit integers beyond 2^53 exact as BigInt', () => {
    const big = 2n ** 62n + 3n;
    const bytes = encodeValues(i64, [big]);
    assert.equal(decodeValues(i64, bytes, 1)[0], big);
  });

  it('rejects out-of-range and non-numeric input', () => {
    assert.throws(() => encodeValues(u8, [256]), ValueError);
    assert.throws(() => encodeValues(u8, [-1]), ValueError);
    assert.throws(() => encodeValues(u8, ['x']), ValueError);
    assert.throws(() => encodeValues(u8, [null]), ValueError);
  });

  it('rejects short and over-long binary input', () => {
    assert.throws(() => decodeValues(u8, new Uint8Array(2), 3), ValueError);
    assert.throws(() => decodeValues(u8, new Uint8Array(4), 3), ValueError);
  });

  it('splits variable-length streams into elements and rejects bad counts', () => {
    const t: TypeJson = { class: 'H5T_STRING', charSet: 'H5T_CSET_UTF8', length: 'H5T_VARIABLE' };
    const stream = encodeValues(t, ['a', 'bc', '']);
    assert.deepEqual(splitStream(t, stream, 3).map((e) => e.length), [5, 6, 4]);
    assert.throws(() => splitStream(t, stream, 4), ValueError);
    const corrupt = new Uint8Array(stream);
    corrupt[0] = 0xff;
    corrupt[3] = 0x7f;
    assert.throws(() => splitStream(t, corrupt, 3), ValueError);
  });

  it('reads NaN and infinities', () => {
    const f: TypeJson = { class: 'H5T_FLOAT', base: 'H5T_IEEE_F32LE' };
    const out = decodeValues(f, encodeValues(f, [NaN, 'inf', '-Infinity']), 3) as number[];
    assert.ok(Number.isNaN(out[0]));
    assert.equal(out[1], Infinity);
    assert.equal(out[2], -Infinity);
  });

  it('nests and flattens C-order blocks', () => {
    assert.deepEqual(nest([1, 2, 3, 4, 5, 6], [2, 3]), [[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(flattenValues([[1, 2, 3], [4, 5, 6]], 2), [1, 2, 3, 4, 5, 6]);
    // compound elements (lists) stay whole below the selection rank
    assert.deepEqual(flattenValues([[1, 'a'], [2, 'b']], 1), [[1, 'a'], [2, 'b']]);
  });
});
