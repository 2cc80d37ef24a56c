/** Type texts checked against numpy's own `str(dtype)` for the dtypes h5py maps these HDF5 types to. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { TypeJson } from '../../core/types.js';
import { numpyTypeText, numpyValueText } from './numpy-text.js';

const int = (base: string): TypeJson => ({ class: 'H5T_INTEGER', base } as TypeJson);
const float = (base: string): TypeJson => ({ class: 'H5T_FLOAT', base } as TypeJson);
const fixed = (length: number): TypeJson => ({ class: 'H5T_STRING', charSet: 'H5T_CSET_ASCII', strPad: 'H5T_STR_NULLPAD', length } as TypeJson);
const compound = (...fields: [string, TypeJson][]): TypeJson => ({ class: 'H5T_COMPOUND', fields: fields.map(([name, type]) => ({ name, type })) } as TypeJson);

/** HDF5 type → the numpy dtype expression h5py reads it as. */
const CASES: [TypeJson, string][] = [
  [int('H5T_STD_I32LE'), "'<i4'"],
  [int('H5T_STD_U8LE'), "'u1'"],
  [int('H5T_STD_I64BE'), "'>i8'"],
  [float('H5T_IEEE_F32LE'), "'<f4'"],
  [float('H5T_IEEE_F64BE'), "'>f8'"],
  [fixed(6), "'S6'"],
  [{ class: 'H5T_ARRAY', base: float('H5T_IEEE_F32LE'), dims: [3, 2] } as TypeJson, "('<f4', (3, 2))"],
  [compound(['a', float('H5T_IEEE_F32LE')], ['b', int('H5T_STD_I32LE')], ['c', fixed(10)]), "[('a', '<f4'), ('b', '<i4'), ('c', 'S10')]"],
  [compound(['x', int('H5T_STD_I8LE')], ['v', { class: 'H5T_ARRAY', base: float('H5T_IEEE_F64BE'), dims: [3] } as TypeJson]), "[('x', 'i1'), ('v', '>f8', (3,))]"],
];

describe('numpy type and value text', () => {
  it('matches numpy str(dtype)', (t) => {
    const program = `import numpy as np\nfor e in [${CASES.map((c) => c[1]).join(', ')}]:\n    print(str(np.dtype(e)))\n`;
    const r = spawnSync('python3', ['-c', program], { encoding: 'utf8' });
    if (r.status !== 0) return t.skip(`numpy not available: ${r.stderr}`);
    assert.deepEqual(CASES.map((c) => numpyTypeText(c[0])), r.stdout.trim().split('\n'));
  });

  it('writes elements as numpy prints them', () => {
    assert.equal(numpyValueText(2, float('H5T_IEEE_F64LE')), '2.0');
    assert.equal(numpyValueText(Math.fround(0.1), float('H5T_IEEE_F32LE')), '0.1');
    assert.equal(numpyValueText('abc', fixed(3)), "b'abc'");
    assert.equal(numpyValueText({ a: 1.5, b: 'x' }, compound(['a', float('H5T_IEEE_F64LE')], ['b', { class: 'H5T_STRING', charSet: 'H5T_CSET_UTF8', strPad: 'H5T_STR_NULLTERM', length: 'H5T_VARIABLE' } as TypeJson])), "(1.5, 'x')");
    assert.equal(numpyValueText([0, 1, 2], { class: 'H5T_VLEN', base: int('H5T_STD_I32LE') } as TypeJson), '[0 1 2]');
  });
});
