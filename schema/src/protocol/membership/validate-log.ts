import type { Sodium } from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import { applyEvent } from './apply-event.ts';
import { MAX_CLOCK_SKEW_MS } from './event-types.ts';
import type { MembershipState } from './state.ts';
import { decodeEvent } from './event-codec.ts';

/**
 * Validates a whole log from its genesis. Throws `invalid-event` with the failing index and reason.
 * Run by every client on the log the relay sends, and by the relay when it loads a plan.
 * Events from index `strictFrom` on are new to the reader and must follow the rules for new
 * events (a rotation commits to its key); earlier ones may be in the forms of older versions.
 */
export function validateLog(
  s: Sodium,
  events: readonly Uint8Array[],
  now: number,
  opts: { strictFrom?: number } = {},
): MembershipState {
  const strictFrom = opts.strictFrom ?? Infinity;
  let state: MembershipState | undefined;
  for (const [i, bytes] of events.entries()) {
    try {
      state = applyEvent(s, state, bytes, now, 'invalid-event', i < strictFrom);
    } catch (e) {
      if (e instanceof ProtocolError) throw new ProtocolError(e.code, `event ${i}: ${e.detail}`, { cause: e });
      throw e;
    }
  }
  if (!state) throw new ProtocolError('invalid-event', 'the log is empty');
  return state;
}

/**
 * Validates one new event against the current state (the relay appends one at a time).
 * Throws `stale-head` when `prev` is not the head (retry on the new head), else `invalid-event`.
 * New events must also be dated near `now`, so nobody can backdate a join to before an invite's expiry.
 */
export function appendEvent(s: Sodium, state: MembershipState, bytes: Uint8Array, now: number): MembershipState {
  const next = applyEvent(s, state, bytes, now, 'stale-head');
  if (decodeEvent(bytes).timestamp < now - MAX_CLOCK_SKEW_MS) {
    throw new ProtocolError('invalid-event', 'event is dated too far in the past');
  }
  return next;
}
