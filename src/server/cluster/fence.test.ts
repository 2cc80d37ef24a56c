import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Fence } from './fence.js';

/** A fence on a clock the test moves. */
function fenceAt(leaseMs: number) {
  let now = 0;
  const fence = new Fence(leaseMs, () => now);
  return { fence, advance: (ms: number) => (now += ms) };
}

describe('Fence', () => {
  it('starts fenced and is lifted only with its own token', () => {
    const { fence } = fenceAt(1000);
    fence.renew();
    const token = fence.raised;
    assert.ok(token);
    assert.throws(() => fence.check(), /fenced/);
    assert.equal(fence.release('not-the-token'), false);
    assert.equal(fence.release(undefined), false);
    assert.throws(() => fence.check(), /fenced/);
    assert.equal(fence.release(token), true);
    assert.doesNotThrow(() => fence.check());
    assert.equal(fence.raised, undefined);
  });

  it('holds while health checks come in time and closes when they stop', () => {
    const { fence, advance } = fenceAt(1000);
    fence.renew();
    fence.release(fence.raised);
    for (let i = 0; i < 5; i++) {
      advance(900);
      fence.check();
      fence.renew();
    }
    advance(1001);
    assert.throws(() => fence.check(), (e: { status?: number }) => e.status === 421);
  });

  it('is not lifted by a health check that arrives after the lapse (a frozen node\'s backlog)', () => {
    const { fence, advance } = fenceAt(1000);
    fence.renew();
    fence.release(fence.raised);
    advance(5000);
    fence.renew();
    const token = fence.raised;
    assert.ok(token, 'the lapse is noticed by the late health check');
    assert.throws(() => fence.check());
    // A new token: one seen before the lapse cannot lift this fence.
    advance(10);
    fence.renew();
    assert.equal(fence.raised, token);
    assert.equal(fence.release(token), true);
    fence.check();
  });
});
