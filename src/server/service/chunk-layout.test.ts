import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError } from '../http/errors.js';
import type { DatasetJson, ShapeJson } from '../model.js';
import {
  datasetLayout,
  expandChunk,
  getChunkSize,
  getContiguousLayout,
  guessChunk,
  ItemSize,
  partitionCount,
  shrinkChunk,
  validateChunkLayout,
} from './chunk-layout.js';

const simple = (dims: number[], maxdims?: number[]): ShapeJson =>
  maxdims ? { class: 'H5S_SIMPLE', dims, maxdims } : { class: 'H5S_SIMPLE', dims };
const bytes = (dims: number[], typeSize: number) => dims.reduce((a, b) => a * b, typeSize);

// Ports of the assertions of HSDS 0.9.4 tests/unit/chunk_util_test.py for these functions.
describe('HSDS chunk_util_test expectations', () => {
  it('testGuessChunk', () => {
    assert.equal(guessChunk({ class: 'H5S_NULL' }), undefined);
    assert.deepEqual(guessChunk({ class: 'H5S_SCALAR' }), [1]);
    for (const dims of [[100, 100], [100, 100, 100]]) {
      const layout = guessChunk(simple(dims))!;
      assert.equal(layout.length, dims.length);
      for (const n of layout) assert.ok(n >= 1 && n <= 100);
    }
    assert.deepEqual(guessChunk(simple([5])), [5]);
    const unlimited = guessChunk(simple([100, 0], [100, 0]))!;
    for (const n of unlimited) assert.ok(n >= 1 && n <= 1024);
  });

  it('testShrinkChunk', () => {
    const CHUNK_MIN = 500;
    const CHUNK_MAX = 5000;
    assert.deepEqual(shrinkChunk([1, 2, 3], 1, CHUNK_MAX), [1, 2, 3]);
    for (const [layout, bound] of [
      [[100, 200, 300], (i: number) => 1000 * (i + 1)],
      [[300, 200, 100], (i: number) => 1000 * (3 - i)],
    ] as const) {
      assert.ok(getChunkSize(layout, 1) > CHUNK_MAX);
      const shrunk = shrinkChunk(layout, 1, CHUNK_MAX);
      shrunk.forEach((n, i) => assert.ok(n >= 1 && n <= bound(i)));
      const size = getChunkSize(shrunk, 1);
      assert.ok(size > CHUNK_MIN && size < CHUNK_MAX);
    }
    const shrunk = shrinkChunk([117, 201, 189, 1], 4, 4 * 1024 * 1024);
    assert.deepEqual(shrunk, [59, 101, 95, 1]);
    assert.ok(getChunkSize(shrunk, 4) > 1024 * 1024);
  });

  it('testExpandChunk', () => {
    const CHUNK_MIN = 5000;
    const CHUNK_MAX = 50000;
    // The chunk can not outgrow the dataspace.
    assert.deepEqual(expandChunk([20], 20, simple([12], [20]), CHUNK_MIN), [20]);
    assert.deepEqual(expandChunk([10, 10, 10], 1, simple([10, 10, 10]), CHUNK_MIN), [10, 10, 10]);
    const grows: [ShapeJson, ItemSize][] = [
      [simple([1000, 2000, 3000]), 1],
      [simple([1000, 10, 1000], [1000, 100, 1000]), 1],
      [simple([1000, 0, 1000], [1000, 100, 1000]), 1],
      [simple([1000, 10, 1000], [1000, 0, 1000]), 1],
    ];
    for (const [shape, typeSize] of grows) {
      const size = getChunkSize(expandChunk([10, 10, 10], typeSize, shape, CHUNK_MIN)!, typeSize);
      assert.ok(size > CHUNK_MIN && size < CHUNK_MAX, `${JSON.stringify(shape)}: ${size}`);
    }
    assert.ok(getChunkSize([10], 'H5T_VARIABLE') < CHUNK_MIN);
    const vlen = getChunkSize(expandChunk([10], 'H5T_VARIABLE', simple([1000]), CHUNK_MIN)!, 'H5T_VARIABLE');
    assert.ok(vlen > CHUNK_MIN && vlen < CHUNK_MAX);
  });

  it('testGetContiguiousLayout', () => {
    const typeSize = 4;
    const chunkMin = 400;
    const chunkMax = 800;
    assert.throws(() => getContiguousLayout(simple([100, 100]), 'H5T_VARIABLE'), RangeError);
    assert.equal(getContiguousLayout({ class: 'H5S_NULL' }, typeSize), undefined);
    assert.deepEqual(getContiguousLayout({ class: 'H5S_SCALAR' }, typeSize), [1]);
    const check = (dims: number[], extra?: (layout: number[]) => void) => {
      const layout = getContiguousLayout(simple(dims), typeSize, chunkMin, chunkMax)!;
      assert.equal(layout.length, dims.length);
      layout.forEach((n, i) => assert.ok(n >= 1 && n <= dims[i]));
      if (bytes(dims, typeSize) > chunkMin) assert.ok(bytes(layout, typeSize) >= chunkMin);
      assert.ok(bytes(layout, typeSize) <= chunkMax);
      extra?.(layout);
    };
    for (const n of [1, 100, 10000]) check([n]);
    for (const n of [1, 9, 90]) check([n, n], (layout) => assert.equal(layout[1], n));
    for (const n of [1, 10, 100]) check([n, n, 50]);
    for (const n of [1, 100, 1000]) check([n, 4]);
  });
});

describe('datasetLayout', () => {
  const MB = 1024 * 1024;
  // [shape, item size, creationProperties.layout, min, max, max_chunks_per_folder, expected layout].
  // Expected layouts were computed by HSDS 0.9.4 itself: hsds/util/chunkUtil.py driven by the layout block
  // of hsds/dset_sn.py POST_Dataset.
  const vectors: [ShapeJson, ItemSize, Record<string, unknown> | null, number, number, number, unknown][] = [
    [{ class: 'H5S_SCALAR' }, 4, null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [1] }],
    [{ class: 'H5S_NULL' }, 4, null, MB, 4 * MB, 0, null],
    [simple([10]), 4, null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [10] }],
    [simple([10, 10]), 4, null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [10, 10] }],
    [simple([0]), 8, null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [0] }],
    [simple([0, 10]), 2, null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [0, 10] }],
    [simple([10000, 10000]), 4, null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [625, 1250] }],
    [simple([50000, 80000]), 4, null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [782, 1250] }],
    [simple([50000, 80000]), 4, { class: 'H5D_CHUNKED', dims: [10, 10] }, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [640, 640] }],
    [simple([1e9]), 24, { class: 'H5D_CHUNKED', dims: [10] }, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [81920] }],
    [simple([365, 780, 1024], [0, 780, 1024]), 4, { class: 'H5D_CHUNKED', dims: [1, 390, 512] }, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [1, 390, 1024] }],
    [
      simple([365, 780, 1024], [0, 780, 1024]), 4, { class: 'H5D_CHUNKED', dims: [1, 390, 512] }, MB, 4 * MB, 200000,
      { class: 'H5D_CHUNKED', dims: [1, 390, 1024], partition_count: 10 },
    ],
    [simple([50000, 80000, 90000]), 4, null, MB, 4 * MB, 200000, { class: 'H5D_CHUNKED', dims: [49, 79, 176], partition_count: 2648 }],
    [
      simple([0, 80000, 90000], [0, 80000, 900000]), 4, null, MB, 4 * MB, 200000,
      { class: 'H5D_CHUNKED', dims: [2, 157, 1758], partition_count: 652800 },
    ],
    [simple([10, 20], [30, 0]), 4, null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [30, 16384] }],
    [simple([10], [20]), 4, null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [20] }],
    [simple([0, 3, 0], [0, 3, 0]), 4, null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [512, 2, 1024] }],
    [simple([10, 20]), 4, { class: 'H5D_CONTIGUOUS' }, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [10, 20] }],
    [simple([40, 80]), 'H5T_VARIABLE', null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [40, 80] }],
    [simple([100000]), 'H5T_VARIABLE', null, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [25000] }],
    [
      simple([1000, 10, 1000], [1000, 100, 1000]), 1, { class: 'H5D_CHUNKED', dims: [10, 10, 10] }, MB, 4 * MB, 0,
      { class: 'H5D_CHUNKED', dims: [80, 100, 160] },
    ],
    [
      simple([50000, 8000000]), 4, { class: 'H5D_CONTIGUOUS_REF', file_uri: 'f', offset: 1, size: 2 }, MB, 4 * MB, 0,
      { class: 'H5D_CHUNKED', dims: [1, 1000000] },
    ],
    [simple([0, 10]), 2, { class: 'H5D_CONTIGUOUS_REF', file_uri: 'f', offset: 1, size: 2 }, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [0, 10] }],
    [{ class: 'H5S_SCALAR' }, 8, { class: 'H5D_CONTIGUOUS_REF', file_uri: 'f', offset: 1, size: 2 }, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [1] }],
    [
      simple([2000, 3000]), 2, { class: 'H5D_CHUNKED_REF', file_uri: 'f', dims: [1000, 1000], chunks: {} }, MB, 4 * MB, 0,
      { class: 'H5D_CHUNKED', dims: [1000, 1000] },
    ],
    [
      simple([20000, 30000]), 2, { class: 'H5D_CHUNKED_REF_INDIRECT', dims: [10, 10], chunk_table: 'd-x' }, MB, 4 * MB, 0,
      { class: 'H5D_CHUNKED', dims: [10, 10] },
    ],
    [simple([10, 10]), 4, { class: 'H5D_COMPACT' }, MB, 4 * MB, 0, { class: 'H5D_COMPACT' }],
    [simple([117, 201, 189, 1]), 4, { class: 'H5D_CHUNKED', dims: [117, 201, 189, 1] }, MB, 4 * MB, 0, { class: 'H5D_CHUNKED', dims: [59, 101, 95, 1] }],
    [simple([1000000, 1000]), 8, null, 1000, 50000, 1000, { class: 'H5D_CHUNKED', dims: [1954, 2], partition_count: 256 }],
    // Python's exact integers: the chunk count passes 2^53 before it is divided.
    [simple([1e9, 1e9, 1e9]), 4, null, MB, 4 * MB, 1000, { class: 'H5D_CHUNKED', dims: [60, 120, 120], partition_count: 1157407615740751872 }],
  ];

  vectors.forEach(([shape, size, props, min, max, perFolder, expected], i) => {
    it(`vector ${i}: ${JSON.stringify(shape)} ${size} ${JSON.stringify(props)}`, () => {
      const { layout } = datasetLayout(shape, size, props ?? undefined, { minChunkSize: min, maxChunkSize: max, maxChunksPerFolder: perFolder });
      assert.deepEqual(layout ?? null, expected);
    });
  });

  it('allows filters only where HSDS sizes chunks', () => {
    const limits = { minChunkSize: MB, maxChunkSize: 4 * MB, maxChunksPerFolder: 0 };
    const allowed = (shape: ShapeJson, props?: Record<string, unknown>) => datasetLayout(shape, 4, props, limits).filtersAllowed;
    assert.equal(allowed(simple([10])), true);
    assert.equal(allowed(simple([10]), { class: 'H5D_CONTIGUOUS' }), true);
    assert.equal(allowed(simple([10]), { class: 'H5D_CHUNKED_REF', dims: [5] }), true);
    assert.equal(allowed(simple([10]), { class: 'H5D_COMPACT' }), false);
    assert.equal(allowed(simple([10]), { class: 'H5D_CONTIGUOUS_REF' }), false);
    assert.equal(allowed({ class: 'H5S_NULL' }), false);
  });

  it('counts no partitions for an empty fixed dimension', () => {
    assert.equal(partitionCount(simple([0, 10]), [0, 10], 1), undefined);
    assert.equal(partitionCount(simple([100, 10]), [10, 10], 5), 2);
  });
});

describe('validateChunkLayout', () => {
  const table = (shape: ShapeJson): DatasetJson => ({
    id: 'd-00000000-0000-0000-0000-000000000000',
    root: 'g-00000000-0000-0000-0000-000000000000',
    created: 0,
    lastModified: 0,
    attributes: {},
    type: { class: 'H5T_INTEGER', base: 'H5T_STD_I64LE' },
    shape,
  });
  const tableId = 'd-12345678-1234-1234-1234-1234567890ab';
  const noTable = async (): Promise<DatasetJson> => assert.fail('chunk table looked up');

  const rejects = async (shape: ShapeJson, size: ItemSize, layout: unknown, message: RegExp, lookup = noTable) => {
    await assert.rejects(validateChunkLayout(shape, size, layout, lookup), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.status, 400);
      assert.match(e.message, message);
      return true;
    });
  };

  it('accepts the layouts of HSDS integration tests', async () => {
    await validateChunkLayout(simple([365, 780, 1024], [0, 780, 1024]), 4, { class: 'H5D_CHUNKED', dims: [1, 390, 512] }, noTable);
    await validateChunkLayout(simple([10, 20]), 4, { class: 'H5D_CONTIGUOUS' }, noTable);
    await validateChunkLayout(simple([10]), 4, { class: 'H5D_CHUNKED', dims: 10 }, noTable);
    await validateChunkLayout(simple([10], [0]), 4, { class: 'H5D_CHUNKED', dims: [1000] }, noTable);
    await validateChunkLayout(simple([50000, 8000000]), 4, { class: 'H5D_CONTIGUOUS_REF', file_uri: 's3://b/f.h5', offset: 1234, size: 10 }, noTable);
    await validateChunkLayout(simple([2000, 3000]), 2, { class: 'H5D_CHUNKED_REF', file_uri: 's3://b/f.h5', dims: [1000, 1000], chunks: {} }, noTable);
    const looked: string[] = [];
    await validateChunkLayout(simple([20000, 30000]), 2, { class: 'H5D_CHUNKED_REF_INDIRECT', dims: [1000, 1000], chunk_table: tableId }, async (id) => {
      looked.push(id);
      return table(simple([20, 30]));
    });
    assert.deepEqual(looked, [tableId]);
  });

  it('rejects bad chunk dims', async () => {
    await rejects(simple([1]), 4, { class: 'H5D_CHUNKED', dims: [0] }, /Invalid layout value/);
    await rejects(simple([10]), 4, { class: 'H5D_CHUNKED', dims: [20] }, /Invalid layout value/);
    await rejects(simple([10], [15]), 4, { class: 'H5D_CHUNKED', dims: [20] }, /extensible dimension/);
    await rejects(simple([10, 10]), 4, { class: 'H5D_CHUNKED', dims: [5] }, /rank does not match/);
    await rejects(simple([10]), 4, { class: 'H5D_CHUNKED', dims: [2.5] }, /must be integer/);
    await rejects(simple([10]), 4, { class: 'H5D_CHUNKED', dims: 'x' }, /must be integer/);
    await rejects({ class: 'H5S_SCALAR' }, 4, { class: 'H5D_CHUNKED', dims: [1] }, /rank does not match/);
  });

  it('rejects bad layout classes and keys', async () => {
    await rejects(simple([10]), 4, 'H5D_CHUNKED', /class key not found/);
    await rejects(simple([10]), 4, { dims: [5] }, /class key not found/);
    await rejects(simple([10]), 4, { class: 'H5D_SPARSE' }, /Unexpected layout/);
    await rejects(simple([10]), 4, { class: 'H5D_CHUNKED' }, /dims key not found/);
    await rejects({ class: 'H5S_SCALAR' }, 4, { class: 'H5D_CHUNKED', dims: null }, /not valid with shape class: H5S_SCALAR/);
    await rejects(simple([10]), 4, { class: 'H5D_CONTIGUOUS', dims: [5] }, /dims key found/);
    await rejects(simple([10]), 4, { class: 'H5D_COMPACT', dims: [5] }, /dims key found/);
  });

  it('rejects incomplete reference layouts', async () => {
    const contiguous = { class: 'H5D_CONTIGUOUS_REF', file_uri: 'f', offset: 0, size: 40 };
    await rejects(simple([10]), 'H5T_VARIABLE', contiguous, /variable types/);
    await rejects(simple([10]), 4, { class: 'H5D_CONTIGUOUS_REF', offset: 0, size: 40 }, /'file_uri' key must be provided/);
    await rejects(simple([10]), 4, { class: 'H5D_CONTIGUOUS_REF', file_uri: 'f', size: 40 }, /'offset' key/);
    await rejects(simple([10]), 4, { class: 'H5D_CONTIGUOUS_REF', file_uri: 'f', offset: 0 }, /'size' key/);
    await rejects(simple([10]), 4, { ...contiguous, dims: [10] }, /'dims' key can not be provided/);
    await rejects(simple([10]), 4, { class: 'H5D_CHUNKED_REF', dims: [5], chunks: {} }, /'file_uri' key/);
    await rejects(simple([10]), 4, { class: 'H5D_CHUNKED_REF', file_uri: 'f', chunks: {} }, /'dims' key must be provided/);
    await rejects(simple([10]), 4, { class: 'H5D_CHUNKED_REF', file_uri: 'f', dims: [5] }, /'chunks' key/);
    await rejects(simple([10]), 4, { class: 'H5D_CHUNKED_REF_INDIRECT', chunk_table: tableId }, /'dims' key must be provided/);
    await rejects(simple([10]), 4, { class: 'H5D_CHUNKED_REF_INDIRECT', dims: [5] }, /'chunk_table' key/);
    await rejects(simple([10]), 4, { class: 'H5D_CHUNKED_REF_INDIRECT', dims: [5], chunk_table: 'g-1' }, /Invalid chunk table id/);
    const indirect = { class: 'H5D_CHUNKED_REF_INDIRECT', dims: [5], chunk_table: tableId };
    await rejects(simple([10]), 4, indirect, /Null space datasets can not be used as chunk tables/, async () => table({ class: 'H5S_NULL' }));
    await rejects(simple([10]), 4, indirect, /rank must be same/, async () => table(simple([2, 2])));
    await validateChunkLayout(simple([10]), 4, indirect, async () => table({ class: 'H5S_SCALAR' }));
  });
});
