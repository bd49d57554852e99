/**
 * Per-connection rate limit. A burst allowance lets a client catch up after being offline
 * (many publishes at once); the refill rate bounds what one connection can make the relay do.
 */
export interface TokenBucket {
  /** Takes `cost` tokens (default one); false, taking none, when the connection is over its rate. */
  take(now?: number, cost?: number): boolean;
  /** The tokens available now. */
  peek(now?: number): number;
}

/**
 * Milliseconds from a clock that never goes back (the wall clock does: NTP steps it, a resumed VM
 * corrects it), for every rate the relay keeps.
 */
export const monotonicNow = (): number => performance.now();

export function createTokenBucket(capacity: number, refillPerSecond: number, clock: () => number = monotonicNow): TokenBucket {
  let tokens = capacity;
  let last = clock();
  const refill = (now: number) => {
    // A clock that went back refills nothing and takes nothing: with the wall clock stepped back an
    // hour, every bucket went 180,000 tokens into debt and refused its connection (or, for the
    // per-address buckets, every new socket of that address) for that hour.
    tokens = Math.min(capacity, tokens + (Math.max(0, now - last) / 1000) * refillPerSecond);
    last = now;
  };
  return {
    take(now = clock(), cost = 1) {
      refill(now);
      if (tokens < Math.max(cost, 1)) return false;
      tokens -= cost;
      return true;
    },
    peek(now = clock()) {
      refill(now);
      return tokens;
    },
  };
}
