import type { SyncState } from '../sync/session.ts';

/**
 * Since when this device holds changes that are not shared yet: the moment the waiting count
 * left zero while this screen was open. A plan opened with changes already waiting gets
 * 'earlier': we do not know when they were made, so no time is claimed.
 */
export type UnsharedSince = number | 'earlier' | null;

const waitingOf = (s: SyncState): number => ('waiting' in s ? s.waiting : 0);

export function firstUnsharedSince(s: SyncState): UnsharedSince {
  return waitingOf(s) > 0 ? 'earlier' : null;
}

export function nextUnsharedSince(prev: UnsharedSince, s: SyncState, now: number): UnsharedSince {
  if (waitingOf(s) === 0) return null;
  return prev ?? now;
}
