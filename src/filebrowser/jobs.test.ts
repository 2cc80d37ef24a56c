import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeProgress, IJob, jobProgress } from './jobs.js';

function job(fields: Partial<IJob>): IJob {
  return {
    id: '0',
    kind: 'load',
    src: 'a.h5',
    dst: '/home/ana/a.h5',
    state: 'running',
    objects_done: 0,
    objects_total: null,
    bytes_done: 0,
    bytes_total: null,
    message: '',
    error: null,
    started: 0,
    ended: null,
    ...fields,
  };
}

describe('job progress', () => {
  it('is unknown until the tool reports, then follows bytes, else objects', () => {
    assert.equal(jobProgress(job({})), undefined);
    assert.equal(describeProgress(job({})), '');
    assert.equal(jobProgress(job({ objects_done: 3, objects_total: 12 })), 0.25);
    const both = job({ objects_done: 3, objects_total: 12, bytes_done: 3 * 1024 * 1024, bytes_total: 4 * 1024 * 1024 });
    assert.equal(jobProgress(both), 0.75);
    assert.equal(describeProgress(both), '3/12 objects, 3.0 of 4.0 MB');
    assert.equal(jobProgress(job({ state: 'done' })), 1);
  });
});
