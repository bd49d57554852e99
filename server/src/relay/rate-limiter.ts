import { createTokenBucket, monotonicNow, type TokenBucket } from './token-bucket.ts';
import type { RelayLimits } from './context.ts';

export type RateVerdict = 'ok' | 'refused' | 'flood';

/**
 * What one connection may send: frames per second and bytes per second (two token buckets), for
 * every frame it sends (binary, text, WebSocket pings). Refusals are counted in a fixed window
 * that a refilled token does not reset, so a steady flood just above the rate is closed as
 * surely as a burst.
 */
export interface RateLimiter {
  /** One frame of `bytes` arrived. `flood`: close the connection. */
  admit(bytes: number, now?: number): RateVerdict;
  /** Refusals in the current window (for the log line). */
  readonly refusedInWindow: number;
}

/** The relay's limits this limiter reads (documented where they are defined, in context.ts). */
export type RateLimits = Pick<RelayLimits, 'burstFrames' | 'framesPerSecond' | 'burstBytes' | 'bytesPerSecond' | 'floodCloseAfter' | 'floodWindowMs'>;

export function createRateLimiter(limits: RateLimits, clock: () => number = monotonicNow): RateLimiter {
  const frames: TokenBucket = createTokenBucket(limits.burstFrames, limits.framesPerSecond, clock);
  const bytes: TokenBucket = createTokenBucket(limits.burstBytes, limits.bytesPerSecond, clock);
  let windowStart = clock();
  let refused = 0;
  return {
    admit(size, now = clock()) {
      // A clock that went back starts a new window too, or the refusals would add up until it caught up.
      if (now - windowStart >= limits.floodWindowMs || now < windowStart) {
        windowStart = now;
        refused = 0;
      }
      // Both buckets are charged only when both allow it, so a refused frame costs no bytes.
      if (frames.peek(now) >= 1 && bytes.peek(now) >= size) {
        frames.take(now, 1);
        bytes.take(now, size);
        return 'ok';
      }
      refused++;
      return refused >= limits.floodCloseAfter ? 'flood' : 'refused';
    },
    get refusedInWindow() {
      return refused;
    },
  };
}
