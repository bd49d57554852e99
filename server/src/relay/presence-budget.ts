import { ProtocolError } from '@safeplan/schema/protocol';
import type { RelayContext, RelayLimits } from './context.ts';
import { touchLru } from '../lru.ts';
import { createTokenBucket, monotonicNow, type TokenBucket } from './token-bucket.ts';

/** Devices whose presence budget is remembered; the least recently heard are forgotten. */
const MAX_SPEAKERS = 100_000;

/**
 * What one device may say as presence in one plan. Presence is fanned out to every other
 * subscriber of the plan and never stored, so nothing else bounded it but the connection's rate
 * limit (2 MiB/s): any member, a reader too, could send each other device of the plan 2 MiB a
 * second for as long as it liked (7 GB an hour over a phone's data plan; updates at least stop at
 * the plan's 64 MiB). A caret and a name take a few hundred bytes a keystroke. The budget is per
 * plan and device, not per connection, so opening more sockets does not multiply it.
 */
export interface PresenceBudget {
  /** Throws `too-large` or `rate-limited` when this presence may not be relayed. */
  spend(planKey: string, author: string, bytes: number): void;
}

export type PresenceLimits = Pick<RelayLimits, 'maxPresenceBytes' | 'presenceBurstBytes' | 'presenceBytesPerSecond'>;

export function createPresenceBudget(limits: PresenceLimits, clock: () => number = monotonicNow): PresenceBudget {
  const buckets = new Map<string, TokenBucket>();
  return {
    spend(planKey, author, bytes) {
      if (bytes > limits.maxPresenceBytes) throw new ProtocolError('too-large', `presence envelopes are at most ${limits.maxPresenceBytes} bytes`);
      const key = `${planKey}|${author}`;
      const bucket = buckets.get(key) ?? createTokenBucket(limits.presenceBurstBytes, limits.presenceBytesPerSecond, clock);
      touchLru(buckets, key, bucket, MAX_SPEAKERS);
      if (!bucket.take(clock(), bytes)) throw new ProtocolError('rate-limited', 'too much presence per second; slow down');
    },
  };
}

const budgets = new WeakMap<RelayContext, PresenceBudget>();

/** The relay's one presence budget (made on first use, like the publish pipeline). */
export function presenceBudgetOf(ctx: RelayContext): PresenceBudget {
  let budget = budgets.get(ctx);
  if (!budget) {
    budget = createPresenceBudget(ctx.limits);
    budgets.set(ctx, budget);
  }
  return budget;
}
