import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from './progress.js';

function sink(isTTY: boolean, columns = 30) {
  const written: string[] = [];
  return { isTTY, columns, written, write: (s: string) => written.push(s) };
}

describe('progress', () => {
  it('rewrites one line on a terminal, at most every 100 ms, and removes it at the end', () => {
    let t = 0;
    const out = sink(true);
    const p = new Progress('hscopy', out, { now: () => t });
    p.update('1 objects');
    assert.deepEqual(out.written, [], 'not within the first interval');
    t = 150;
    p.update('2 objects');
    t = 200;
    p.update('3 objects');
    t = 260;
    p.update('a very long state that does not fit');
    p.done();
    assert.deepEqual(out.written, ['\r\x1b[Khscopy: 2 objects', '\r\x1b[Khscopy: a very long state tha', '\r\x1b[K']);
  });

  it('clears the line before other output', () => {
    let t = 1000;
    const out = sink(true);
    const p = new Progress('hsls', out, { now: () => t });
    t += 200;
    p.update('5 items');
    p.clear();
    p.clear();
    assert.deepEqual(out.written, ['\r\x1b[Khsls: 5 items', '\r\x1b[K']);
  });

  it('writes plain lines every few seconds elsewhere, and nothing for short runs', () => {
    let t = 0;
    const quick = sink(false);
    const short = new Progress('hscopy', quick, { now: () => t, plainIntervalMs: 5000 });
    t = 4000;
    short.update('done soon');
    short.done();
    assert.deepEqual(quick.written, []);

    const out = sink(false);
    const p = new Progress('hscopy', out, { now: () => t, plainIntervalMs: 5000 });
    t = 9500;
    p.update('10%');
    t = 12000;
    p.update('40%');
    t = 14600;
    p.update('90%');
    p.update('100%');
    p.done();
    assert.deepEqual(out.written, ['hscopy: 10%\n', 'hscopy: 90%\n', 'hscopy: 100%\n']);
  });
});
