import type { Receipt } from '../store/relay-store.ts';

/**
 * Per (plan, author, kind) clocks rise by exactly one. What to do with an incoming clock, given
 * the author's newest receipt and (when the clock is not new) the receipt stored at that clock.
 */
export type ClockVerdict =
  | { kind: 'new' }
  /** The very same envelope again (a lost ack): acknowledge it again with its original seq. */
  | { kind: 'resend'; seq: number }
  | { kind: 'replayed' }
  | { kind: 'clock-gap'; expected: number };

export function judgeClock(clock: number, last: Receipt | null, atClock: Receipt | null, digest: string): ClockVerdict {
  const lastClock = last?.clock ?? 0;
  if (clock === lastClock + 1) return { kind: 'new' };
  if (clock > lastClock + 1) return { kind: 'clock-gap', expected: lastClock + 1 };
  if (atClock && atClock.digest === digest) return { kind: 'resend', seq: atClock.seq };
  return { kind: 'replayed' };
}
