import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from './heartbeat.ts';

const policy = { heartbeatMs: 1000, deadAfterMs: 500 };

function watch(): { beat: Heartbeat; calls: string[] } {
  const calls: string[] = [];
  const beat = new Heartbeat(policy, { silent: () => calls.push('ping'), dead: () => calls.push('dead') }, () => Date.now());
  return { beat, calls };
}

describe('the heartbeat of one socket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pings after heartbeatMs of silence and gives the line up deadAfterMs later', () => {
    const { calls } = watch();
    vi.advanceTimersByTime(999);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['ping']);
    vi.advanceTimersByTime(499);
    expect(calls).toEqual(['ping']);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['ping', 'dead']);
    // Given up once: no more pings on a socket that is left behind.
    vi.advanceTimersByTime(10_000);
    expect(calls).toEqual(['ping', 'dead']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never pings a line that keeps talking, and counts silence from the last frame', () => {
    const { beat, calls } = watch();
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(300);
      beat.heard();
    }
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(999);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['ping']);
  });

  it('an answer to the ping keeps the line, and the next ping waits for a new silence', () => {
    const { beat, calls } = watch();
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(400);
    beat.heard(); // the pong
    vi.advanceTimersByTime(999);
    expect(calls).toEqual(['ping']);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['ping', 'ping']);
    vi.advanceTimersByTime(499);
    beat.heard(); // answered just in time
    vi.advanceTimersByTime(999);
    expect(calls).toEqual(['ping', 'ping']);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['ping', 'ping', 'ping']);
  });

  it('leaves no timer running once stopped, whatever it was waiting for', () => {
    const idle = watch();
    idle.beat.stop();
    expect(vi.getTimerCount()).toBe(0);

    const waiting = watch();
    vi.advanceTimersByTime(1000);
    expect(vi.getTimerCount()).toBe(1);
    waiting.beat.stop();
    waiting.beat.heard(); // a frame still in flight after the stop starts nothing again
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(waiting.calls).toEqual(['ping']);
  });
});
