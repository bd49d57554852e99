import type { TimelineEntry } from '../../sync/session.ts';

/** How long the notice stays above the plan; the regie timeline keeps the step for good. */
export const RECOVERY_NOTICE_MS = 14 * 24 * 60 * 60 * 1000;

export interface RecoveryUse {
  key: string;
  personId: string;
  name: string;
  at: number;
}

/**
 * Uses of a recovery code in the last two weeks, newest first: by someone else, or by my own
 * person while this device was already in the plan (then someone used *my* kit elsewhere, which I
 * must hear about most of all). Not the use that brought this very device in.
 */
export function recentRecoveryUses(
  timeline: readonly TimelineEntry[],
  me: { personId: string; deviceSince: number | undefined },
  now: number,
): RecoveryUse[] {
  const mine = (e: TimelineEntry) => e.actor.personId === me.personId;
  return timeline
    .filter((e) => e.type === 'use-recovery' && now - e.at <= RECOVERY_NOTICE_MS)
    .filter((e) => !mine(e) || (me.deviceSince !== undefined && me.deviceSince < e.at))
    .map((e) => ({ key: `${e.actor.personId}:${e.at}`, personId: e.actor.personId, name: e.actor.displayName, at: e.at }))
    .reverse();
}
