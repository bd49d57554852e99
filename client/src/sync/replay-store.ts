import type { CheckedEnvelope } from './envelope-checks.ts';
import type { PlanStore } from './plan-store.ts';

export interface ReplayTarget {
  /** Verifies and decrypts a stored record; null when it cannot be read. */
  check(value: unknown): CheckedEnvelope | null;
  apply(update: Uint8Array): void;
  raiseClock(author: string, clock: number): void;
  keepPending(clock: number, envelope: Uint8Array): void;
  now(): number;
}

/**
 * Rebuilds a document from the device store: the newest snapshot, the relay envelopes after it,
 * then the own envelopes still waiting for the relay. Records that do not verify or decrypt are
 * moved to quarantine (never deleted) and reported as damage.
 */
export async function replayStore(store: PlanStore, t: ReplayTarget): Promise<{ snapshotCovers: number; damaged: boolean }> {
  let damaged = false;
  let snapshotCovers = 0;
  const snap = await store.snapshot();
  if (snap) {
    const checked = t.check(snap.envelope);
    if (checked?.kind === 'snapshot') {
      t.apply(checked.content.state);
      for (const [a, c] of checked.content.clocks) t.raiseClock(a, c);
      snapshotCovers = snap.coversUpTo;
    } else {
      await store.quarantine(`plans/${store.planId}/snapshot`, snap, 'unreadable snapshot', t.now());
      damaged = true;
    }
  }
  for (const rec of await store.confirmed(snapshotCovers)) {
    const checked = t.check(rec.envelope);
    if (checked?.kind === 'update') {
      t.apply(checked.plaintext);
      t.raiseClock(checked.author, checked.clock);
    } else {
      await store.quarantine(rec.key, rec.envelope, 'unreadable envelope', t.now());
      damaged = true;
    }
  }
  for (const p of await store.pending()) {
    const checked = t.check(p.envelope);
    if (checked?.kind === 'update') {
      t.apply(checked.plaintext);
      // Kept even when already acknowledged: a resend is re-acked, and only then is it moved.
      t.keepPending(p.clock, p.envelope);
    } else {
      await store.quarantine(`plans/${store.planId}/pending/${String(p.clock).padStart(12, '0')}`, p.envelope, 'unreadable pending envelope', t.now());
      damaged = true;
    }
  }
  return { snapshotCovers, damaged };
}
