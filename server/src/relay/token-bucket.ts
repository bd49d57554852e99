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

export function createTokenBucket(capacity: number, refillPerSecond: number, clock: () => number = Date.now): TokenBucket {
  let tokens = capacity;
  let last = clock();
  const refill = (now: number) => {
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * refillPerSecond);
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
