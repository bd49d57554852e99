import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../sync/session.ts';
import { RECOVERY_NOTICE_MS, recentRecoveryUses } from './recent-recovery-uses.ts';

const NOW = Date.UTC(2026, 11, 6, 12);
const anna = { personId: 'anna', displayName: 'Anna' };
const use = (at: number): TimelineEntry => ({ type: 'use-recovery', at, actor: anna, subject: anna });

describe('who is told that a recovery code was used', () => {
  it('tells the others and an older device of the same person, not the device the code brought in, and only for two weeks', () => {
    const timeline: TimelineEntry[] = [
      { type: 'create', at: NOW - 5 * RECOVERY_NOTICE_MS, actor: anna },
      use(NOW - RECOVERY_NOTICE_MS - 1),
      { type: 'register-recovery', at: NOW - 2000, actor: anna },
      use(NOW - 1000),
    ];
    expect(recentRecoveryUses(timeline, { personId: 'bram', deviceSince: NOW - 10 * RECOVERY_NOTICE_MS }, NOW)).toEqual([
      { key: `anna:${NOW - 1000}`, personId: 'anna', name: 'Anna', at: NOW - 1000 },
    ]);
    // Anna's old tablet, still in the plan: someone used her kit elsewhere.
    expect(recentRecoveryUses(timeline, { personId: 'anna', deviceSince: NOW - 10 * RECOVERY_NOTICE_MS }, NOW)).toHaveLength(1);
    // The device the code brought in joined with that very event.
    expect(recentRecoveryUses(timeline, { personId: 'anna', deviceSince: NOW - 1000 }, NOW)).toEqual([]);
  });
});
