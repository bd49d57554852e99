import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './context.ts';
import { createPresenceBudget } from './presence-budget.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createTokenBucket } from './token-bucket.ts';

/** A clock the test moves, as NTP may step the wall clock (a VM resumed, a wrong clock corrected). */
function steppedClock(start = 1_000_000_000) {
  let now = start;
  return { now: () => now, step: (ms: number) => (now += ms) };
}

describe('a step back of the clock throttles no one', () => {
  it('a token bucket neither loses tokens nor refuses when its clock goes back an hour', () => {
    const clock = steppedClock();
    const bucket = createTokenBucket(10, 5, clock.now);
    expect(bucket.take()).toBe(true);
    clock.step(-3_600_000);
    expect(bucket.peek()).toBe(9);
    for (let i = 0; i < 9; i++) expect(bucket.take()).toBe(true);
    // And it refills from there on as time goes forward again.
    clock.step(1000);
    expect(bucket.peek()).toBe(5);
  });

  it('a connection keeps sending after the step, and its refusals window is not stretched by it', () => {
    const clock = steppedClock();
    const limiter = createRateLimiter({ ...DEFAULT_LIMITS, burstFrames: 20, framesPerSecond: 10, floodCloseAfter: 5, floodWindowMs: 10_000 }, clock.now);
    for (let i = 0; i < 20; i++) expect(limiter.admit(10)).toBe('ok');
    expect(limiter.admit(10)).toBe('refused');
    clock.step(-3_600_000);
    // The burst is spent and no time passed: refused, as it would be without the step.
    expect(limiter.admit(10)).toBe('refused');
    clock.step(1000);
    expect(limiter.admit(10)).toBe('ok');
    // Refused now and then over the next minute: each window starts afresh, so no flood.
    for (let s = 0; s < 6; s++) {
      for (let i = 0; i < 10; i++) limiter.admit(10);
      expect(limiter.admit(10)).not.toBe('flood');
      clock.step(11_000);
    }
  });

  it("a device's presence budget holds after the step", () => {
    const clock = steppedClock();
    const budget = createPresenceBudget(DEFAULT_LIMITS, clock.now);
    budget.spend('plan', 'device', 1000);
    clock.step(-3_600_000);
    expect(() => budget.spend('plan', 'device', 1000)).not.toThrow();
  });
});
