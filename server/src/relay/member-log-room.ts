import { decodeEvent, MAX_FRAME_BYTES, memberOf, ProtocolError } from '@safeplan/schema/protocol';
import type { PlanRecord } from '../auth/plan-authority.ts';
import type { RelayLimits } from './context.ts';

/**
 * Whether a plan's member log has room for one more event.
 *
 * The whole log goes to every subscriber in one `log` frame, which no client decodes above 1 MiB
 * (MAX_FRAME_BYTES), and every device and the relay validate it from its genesis on each load,
 * at a cost that grows faster than the log. Without a bound any member, a reader too, could link
 * device after device to its own person until nobody could open the plan again. So the log is
 * bounded in events and bytes, and the last quarter of either bound is kept for the plan's owners
 * (a recovery kit is a device of its owner): whoever filled the log can still be removed.
 *
 * Returns the refusal to throw, or null. Judged on the signer the event names: a forged signer
 * gets no further than the signature check that follows.
 */
export function logRoomRefusal(limits: Pick<RelayLimits, 'maxLogEvents' | 'maxLogBytes'>, plan: PlanRecord, event: Uint8Array): LogFull | null {
  const events = plan.events.length + 1;
  let bytes = event.length;
  for (const e of plan.events) bytes += e.length;
  const maxBytes = Math.min(limits.maxLogBytes, logFrameRoom(limits.maxLogEvents));
  if (events > limits.maxLogEvents || bytes > maxBytes) return new LogFull(events, bytes, false);
  const reserve = events > limits.maxLogEvents * OPEN_SHARE || bytes > maxBytes * OPEN_SHARE;
  if (reserve && !signedByOwner(plan, event)) return new LogFull(events, bytes, true);
  return null;
}

/** The share of each bound every member may fill; the rest only owners. */
const OPEN_SHARE = 0.75;

/**
 * Event bytes that still fit one `log` frame, whatever the operator set: the frame's type, plan id
 * and count take under 64 bytes, each event's length at most 3 (events are under 2 MiB).
 */
function logFrameRoom(maxEvents: number): number {
  return MAX_FRAME_BYTES - 64 - 3 * maxEvents;
}

/** The refusal, with the counts for the `limit.hit` line. */
export class LogFull extends ProtocolError {
  constructor(
    readonly events: number,
    readonly bytes: number,
    readonly ownersOnly: boolean,
  ) {
    super(
      'invalid-event',
      ownersOnly
        ? 'the member log is nearly as long as the relay allows (log-full): only an owner may add to it now'
        : 'the member log is as long as the relay allows (log-full)',
    );
  }
}

function signedByOwner(plan: PlanRecord, event: Uint8Array): boolean {
  let signer: Uint8Array;
  try {
    signer = decodeEvent(event).signer;
  } catch {
    return false; // refused anyway: the rules say why
  }
  return memberOf(plan.membership.state, signer)?.role === 'owner';
}
