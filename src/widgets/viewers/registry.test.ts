import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toType, type DtypeSpec } from '../../client/index.js';
import type { AttributeEntry, DatasetEntity } from '../data/models.js';
import { viewersFor } from './registry.js';

function dataset(shape: number[] | null, dtype: DtypeSpec): DatasetEntity {
  const type = toType(dtype);
  return {
    kind: 'dataset', name: 'd', path: '/d', id: 'd-0', attributeCount: 0, raw: {},
    shape, maxshape: shape, type, dtype: String(dtype), chunks: null, filters: [], fillValue: 0,
  };
}

const imageClass: AttributeEntry[] = [{ name: 'CLASS', type: toType('S5'), dtype: 'S5', shape: [], value: 'IMAGE' }];

describe('viewer choice', () => {
  it('shows scalars, null dataspaces and empty datasets as a value', () => {
    assert.deepEqual(viewersFor(dataset([], 'float64'), []), ['scalar']);
    assert.deepEqual(viewersFor(dataset([], 'str'), []), ['scalar']);
    assert.deepEqual(viewersFor(dataset(null, 'int32'), []), ['scalar']);
    assert.deepEqual(viewersFor(dataset([0, 3], 'float32'), []), ['scalar']);
  });

  it('plots numeric data by rank: lines for 1-D, heatmaps from 2-D on', () => {
    assert.deepEqual(viewersFor(dataset([1000], 'float32'), []), ['line', 'matrix']);
    assert.deepEqual(viewersFor(dataset([2000, 2000], 'float32'), []), ['heatmap', 'line', 'matrix']);
    assert.deepEqual(viewersFor(dataset([4, 50, 60], 'int64'), []), ['heatmap', 'line', 'matrix']);
    assert.deepEqual(viewersFor(dataset([10], { enum: { A: 0, B: 1 } }), []), ['line', 'matrix']);
  });

  it('shows RGB images only for [h, w, 3] numeric data marked CLASS = IMAGE', () => {
    assert.deepEqual(viewersFor(dataset([120, 160, 3], 'uint8'), imageClass), ['rgb', 'heatmap', 'line', 'matrix']);
    assert.deepEqual(viewersFor(dataset([120, 160, 3], 'uint8'), []), ['heatmap', 'line', 'matrix']);
    assert.deepEqual(viewersFor(dataset([120, 160, 4], 'uint8'), imageClass), ['heatmap', 'line', 'matrix']);
    const bytesClass: AttributeEntry[] = [{ ...imageClass[0], value: new TextEncoder().encode('IMAGE\0') }];
    assert.deepEqual(viewersFor(dataset([2, 120, 160, 3], 'uint8'), bytesClass)[0], 'rgb');
  });

  it('shows compounds as tables, other non-numeric data as a matrix', () => {
    assert.deepEqual(viewersFor(dataset([1000], [['x', 'int32'], ['name', 'str']]), []), ['compound']);
    assert.deepEqual(viewersFor(dataset([5], 'complex64'), []), ['matrix']);
    assert.deepEqual(viewersFor(dataset([5, 5], 'str'), []), ['matrix']);
    assert.deepEqual(viewersFor(dataset([5], 'bool'), []), ['matrix']);
  });
});
