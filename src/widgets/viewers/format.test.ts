import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, formatValue, strideNote } from './format.js';

describe('value formatting', () => {
  it('writes numbers by notation', () => {
    assert.equal(formatNumber(42), '42');
    assert.equal(formatNumber(0.1 + 0.2), '0.3');
    assert.equal(formatNumber(1234567.891), '1.235e+6');
    assert.equal(formatNumber(0.1 + 0.2, 'Exact'), '0.30000000000000004');
    assert.equal(formatNumber(42, 'Scientific'), '4.200e+1');
    assert.equal(formatNumber(NaN), 'NaN');
  });

  it('writes any read value', () => {
    assert.equal(formatValue(12345678901234567890n), '12345678901234567890');
    assert.equal(formatValue({ x: 1, name: 'a' }), '{x: 1, name: a}');
    assert.equal(formatValue({ r: 1, i: -2 }), '1−2i');
    assert.equal(formatValue(new Float32Array([1.5, 2])), '[1.5, 2]');
    assert.equal(formatValue({ data: [1, 2, 3], shape: [3] }), '[1, 2, 3]');
    assert.equal(formatValue(Array.from({ length: 25 }, (_, i) => i)).endsWith(', … (25 items)]'), true);
    assert.equal(formatValue(null), '—');
  });

  it('says how a slice was downsampled', () => {
    assert.equal(strideNote([{ dim: 0, step: 1, count: 10 }], [10]), undefined);
    assert.equal(
      strideNote([{ dim: 1, step: 5, count: 2000 }, { dim: 2, step: 2, count: 1500 }], [3, 10_000, 3000]),
      'Downsampled, every 5th point along D1, every 2nd point along D2: 2000 × 1500 of 10000 × 3000 shown',
    );
  });
});
