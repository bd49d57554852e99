import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installAutoLock, type AutoLockEnv } from './auto-lock.ts';

const FIVE_MIN = 5 * 60_000;

function env(): AutoLockEnv & { activity: EventTarget; visibility: EventTarget } {
  return { activity: new EventTarget(), visibility: new EventTarget(), now: () => Date.now() };
}

describe('auto-lock', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('locks once after the idle time without activity', () => {
    const onIdle = vi.fn();
    installAutoLock(FIVE_MIN, onIdle, env());
    vi.advanceTimersByTime(FIVE_MIN - 10_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(15_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(FIVE_MIN * 3);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('any touch or key press starts the idle time again', () => {
    const onIdle = vi.fn();
    const e = env();
    installAutoLock(FIVE_MIN, onIdle, e);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(4 * 60_000);
      e.activity.dispatchEvent(new Event(i % 2 ? 'keydown' : 'pointerdown'));
    }
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('a tab hidden that long (its timers held back) locks the moment it is shown again', () => {
    const onIdle = vi.fn();
    const e = env();
    installAutoLock(FIVE_MIN, onIdle, e);
    // The browser ran no timer while hidden; only the clock moved on.
    vi.setSystemTime(Date.now() + FIVE_MIN + 1);
    expect(onIdle).not.toHaveBeenCalled();
    e.visibility.dispatchEvent(new Event('visibilitychange'));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does nothing once removed', () => {
    const onIdle = vi.fn();
    const stop = installAutoLock(FIVE_MIN, onIdle, env());
    stop();
    vi.advanceTimersByTime(FIVE_MIN * 2);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
