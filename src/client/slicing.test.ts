import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { axisOffsets } from '../core/hyperslab.js';
import { parseSelect } from '../core/selection.js';
import { IndexError, planSelection, toResultOrder, toServerOrder } from './slicing.js';

/**
 * numpy is the oracle: every case is an index expression on np.arange(n).reshape(shape); numpy's result (or
 * IndexError) is compared with what the plan gives once the server's part is played by the engine's own
 * selection parser (the `select=` string must parse back to the same selection).
 */

const PYTHON_ORACLE = String.raw`
import json, sys
import numpy as np
out = []
for c in json.load(sys.stdin):
    a = np.arange(int(np.prod(c['shape'])), dtype=np.int64).reshape(c['shape'])
    try:
        index = eval('np.s_[' + c['expr'] + ']') if c['expr'] else ()
        r = np.asarray(a[index])
        entry = {'shape': list(r.shape), 'data': r.ravel().tolist()}
        if c['write']:
            b = np.zeros_like(a)
            b[index] = (np.arange(r.size) + 1000).reshape(r.shape)
            entry['written'] = b.ravel().tolist()
        out.append(entry)
    except IndexError as e:
        out.append({'error': 'IndexError', 'message': str(e)})
print(json.dumps(out))
`;

interface Case {
  shape: number[];
  expr: string;
  write: boolean;
}
type Outcome = { shape: number[]; data: number[]; written?: number[] } | { error: string; message: string };

function numpy(cases: Case[]): Outcome[] {
  const r = spawnSync('python3', ['-c', PYTHON_ORACLE], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Outcome[];
}

/** Deterministic generator (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateCases(count: number, seed: number): Case[] {
  const rnd = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: T[]) => xs[int(0, xs.length - 1)];
  const cases: Case[] = [];
  while (cases.length < count) {
    const rank = int(0, 4);
    const shape = Array.from({ length: rank }, () => int(rnd() < 0.05 ? 0 : 1, 7));
    const items: string[] = [];
    let lists = 0;
    const listLength = int(0, 3);
    let ellipsis = false;
    const nItems = int(0, rank + (rnd() < 0.1 ? 1 : 0));
    for (let i = 0; i < nItems; i++) {
      const n = shape[i] ?? 5;
      const kind = pick(['int', 'slice', 'slice', 'list', 'ellipsis', 'full', 'mask']);
      if (kind === 'int') items.push(String(int(-n - 1, n)));
      else if (kind === 'full') items.push(':');
      else if (kind === 'ellipsis' && !ellipsis) {
        ellipsis = true;
        items.push('...');
      } else if (kind === 'list' && lists < 2) {
        lists++;
        const len = rnd() < 0.2 ? 1 : listLength;
        items.push(`[${Array.from({ length: len }, () => int(-n, Math.max(0, n - 1))).join(', ')}]`);
      } else if (kind === 'mask' && lists < 2 && rank > 0 && i < rank) {
        lists++;
        items.push(`[${Array.from({ length: n }, () => (rnd() < 0.5 ? 'True' : 'False')).join(', ')}]`);
      } else {
        const bound = () => (rnd() < 0.3 ? '' : String(int(-n - 2, n + 2)));
        const step = rnd() < 0.5 ? '' : `:${int(1, 3)}`;
        items.push(`${bound()}:${bound()}${step}`);
      }
    }
    const expr = items.join(', ');
    const hasDuplicates = /\[([^\]]*)\]/g.test(expr) && [...expr.matchAll(/\[([^\]]*)\]/g)].some((m) => {
      const vals = m[1].split(',').filter((x) => x.trim() !== '' && !/True|False/.test(x));
      return new Set(vals.map((v) => Number(v))).size !== vals.length || vals.some((v) => Number(v) < 0);
    });
    // A bare expression starting with an index array would read as the outer brackets: wrap it.
    const wrap = rnd() < 0.5 || expr.startsWith('[');
    cases.push({ shape, expr: wrap ? `[${expr}]` : expr, write: !hasDuplicates });
  }
  return cases;
}

/** What the server returns for the plan's selection of arange(n), in its order. */
function serverRead(shape: number[], selection: ReturnType<typeof planSelection>['selection']): number[] {
  const axes = axisOffsets(selection, shape);
  const out: number[] = [];
  const walk = (axis: number, offset: number) => {
    if (axis === axes.length) {
      out.push(offset);
      return;
    }
    for (const o of axes[axis]) walk(axis + 1, offset + o);
  };
  walk(0, 0);
  return out;
}

function stripBrackets(expr: string): string {
  const e = expr.trim();
  if (!e.startsWith('[')) return e;
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    if (e[i] === '[') depth++;
    else if (e[i] === ']' && --depth === 0) return i === e.length - 1 ? e.slice(1, -1) : e;
  }
  return e;
}

describe('numpy-style selections against numpy', () => {
  const cases = generateCases(1500, 20260601);
  const expected = numpy(cases.map((c) => ({ ...c, expr: stripBrackets(c.expr) })));

  it('gives numpy’s shape, values and write targets (or IndexError) for 1500 random index expressions', () => {
    let checked = 0;
    let errors = 0;
    cases.forEach((c, i) => {
      const want = expected[i];
      const label = `a.shape=${JSON.stringify(c.shape)} a[${c.expr}]`;
      if ('error' in want) {
        errors++;
        assert.throws(() => planSelection(c.expr, c.shape), IndexError, `${label}: numpy raised ${want.message}`);
        return;
      }
      const plan = planSelection(c.expr, c.shape);
      assert.deepEqual(plan.shape, want.shape, `${label}: shape`);
      assert.equal(plan.count, want.data.length, `${label}: count`);
      if (plan.count > 0) {
        // The select string must mean the same to the server's parser.
        assert.deepEqual(parseSelect(plan.select, c.shape), plan.selection, `${label}: select ${plan.select}`);
        const got = Array.from(toResultOrder(plan, serverRead(c.shape, plan.selection)) as number[]);
        assert.deepEqual(got, want.data, `${label}: values (select ${plan.select})`);
        if (want.written) {
          const values = Array.from({ length: plan.count }, (_, k) => k + 1000);
          const target = new Array(want.written.length).fill(0);
          const server = toServerOrder(plan, values) as number[];
          serverRead(c.shape, plan.selection).forEach((offset, k) => (target[offset] = server[k]));
          assert.deepEqual(target, want.written, `${label}: write`);
        }
      }
      checked++;
    });
    // The generator must exercise both outcomes.
    assert.ok(checked > 1000 && errors > 20, `checked ${checked}, errors ${errors}`);
  });

  it('covers the numpy rule that separated advanced indices go first', () => {
    const plan = planSelection('[:, [0, 2], :, 1]', [2, 3, 4, 5]);
    assert.deepEqual(plan.shape, [2, 2, 4]);
    assert.equal(plan.moveToFront, 1);
    assert.deepEqual(planSelection('[:, 1, [0, 2]]', [2, 3, 4]).shape, [2, 2]);
  });
});

describe('selection details', () => {
  it('writes HSDS select strings: tight stops, one-element slices for integers, zipped lists', () => {
    assert.equal(planSelection('[0:10, ::2, 5]', [20, 7, 6]).select, '[0:10,0:7:2,5:6]');
    assert.equal(planSelection('[-1, 3:100]', [4, 10]).select, '[3:4,3:10]');
    assert.equal(planSelection([[1, 5, 7], ':'], [8, 3]).select, '[[1,5,7],0:3]');
    assert.equal(planSelection('...', [4, 10]).select, undefined);
    assert.equal(planSelection(undefined, [4]).select, undefined);
    assert.equal(planSelection('', []).select, undefined);
  });

  it('takes array-form indices: numbers, slice strings, slice objects, masks', () => {
    const plan = planSelection([2, { start: 1, step: 2 }, [true, false, true], '...'], [5, 6, 3, 2]);
    // The integer and the mask are advanced indices separated by a slice: numpy puts their axis first.
    assert.deepEqual(plan.shape, [2, 3, 2]);
    assert.equal(plan.select, '[2:3,1:6:2,[0,2],0:2]');
  });

  it('rejects what HDF selections cannot do, with IndexError', () => {
    assert.throws(() => planSelection('[::-1]', [5]), /step must be >= 1/);
    assert.throws(() => planSelection('[::0]', [5]), /cannot be zero/);
    assert.throws(() => planSelection('[None]', [5]), /not supported/);
    assert.throws(() => planSelection('[5]', [5]), /index 5 is out of bounds for axis 0 with size 5/);
    assert.throws(() => planSelection('[1, 2]', [5]), /too many indices/);
    assert.throws(() => planSelection('[..., ...]', [5]), /single ellipsis/);
    assert.throws(() => planSelection('[[1, 2], [1, 2, 3]]', [5, 5]), /could not be broadcast/);
    assert.throws(() => planSelection('[1:2', [5]), IndexError);
  });
});
