import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LoadJournal, stateDirectory } from './load-journal.js';

const start = { source: { path: '/data/a.h5', size: 10, mtimeMs: 5 }, domain: '/home/u/a.h5', root: 'g-1', settings: '{}' };

describe('hsload journal', () => {
  it('replays what an interrupted run recorded, ignoring a line the kill cut short', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'h5lab-journal-'));
    try {
      const journal = LoadJournal.for('http://s', '/home/u/a.h5', '/data/a.h5', dir);
      journal.begin(start);
      journal.object(96n, 'g-1');
      journal.object(800n, 'd-2');
      journal.phase('links');
      journal.page('d-2', 0);
      journal.page('d-2', 3);
      journal.chunk('d-3', 7);
      journal.offset('d-2', [5, 0]);
      journal.close();
      appendFileSync(journal.file, '{"t":"page","id":"d-2","i":');
      const read = LoadJournal.for('http://s', '/home/u/a.h5', '/data/a.h5', dir).read()!;
      assert.deepEqual(read.start, start);
      assert.deepEqual([...read.state.ids], [['96', 'g-1'], ['800', 'd-2']]);
      assert.deepEqual([...read.state.pages.get('d-2')!], [0, 3]);
      assert.deepEqual([...read.state.chunks.get('d-3')!], [7]);
      assert.equal(read.state.pages.get('d-3'), undefined, 'chunks are not pages');
      assert.deepEqual(read.state.offsets.get('d-2'), [5, 0]);
      assert.ok(read.state.phases.has('links') && !read.state.done.has('d-2'));
      journal.resume();
      journal.done('d-2');
      journal.finish();
      assert.ok(!existsSync(journal.file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps one journal per server, domain and source', () => {
    const a = LoadJournal.for('http://s', '/home/u/a.h5', '/data/a.h5', '/x');
    assert.equal(a.file, LoadJournal.for('http://s', '/home/u/a.h5', '/data/a.h5', '/x').file);
    assert.notEqual(a.file, LoadJournal.for('http://t', '/home/u/a.h5', '/data/a.h5', '/x').file);
    assert.notEqual(a.file, LoadJournal.for('http://s', '/home/u/b.h5', '/data/a.h5', '/x').file);
    assert.equal(path.dirname(a.file), path.join('/x', 'hsload'));
  });

  it('lives in the user state directory', () => {
    assert.equal(stateDirectory({ H5LAB_STATE_DIR: '/s' }), '/s');
    assert.equal(stateDirectory({ XDG_STATE_HOME: '/xdg' }), path.join('/xdg', 'h5lab'));
  });
});
