/**
 * Per-connection rate limit. A burst allowance lets a client catch up after being offline
 * (many publishes at once); the refill rate bounds what one connection can make the relay do.
 */
export interface TokenBucket {
  /** Takes one token; false when the connection is over its rate. */
  take(now?: number): boolean;
}

export function createTokenBucket(capacity: number, refillPerSecond: number, clock: () => number = Date.now): TokenBucket {
  let tokens = capacity;
  let last = clock();
  return {
    take(now = clock()) {
      tokens = Math.min(capacity, tokens + ((now - last) / 1000) * refillPerSecond);
      last = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
