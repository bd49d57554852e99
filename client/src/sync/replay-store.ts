import type { Channel } from '@safeplan/schema/protocol';
import type { CheckedEnvelope } from './envelope-checks.ts';
import type { LocalSnapshot } from './local-snapshot.ts';
import type { SnapshotContent } from './snapshot-content.ts';
import type { PlanStore } from './plan-store.ts';

export interface ReplayTarget {
  /** Verifies and decrypts a stored record; null when it cannot be read. */
  check(value: unknown): CheckedEnvelope | null;
  apply(update: Uint8Array, channel: Channel): void;
  /** Both documents' states from a relay or local snapshot. */
  applySnapshot(content: SnapshotContent): void;
  /** `proof`: the envelope signed with exactly that clock, when known (snapshot-proofs.ts). */
  raiseClock(author: string, clock: number, proof?: Uint8Array): void;
  keepPending(clock: number, envelope: Uint8Array): void;
  now(): number;
}

export interface Replayed {
  /** What the newest relay snapshot in the store covers. */
  snapshotCovers: number;
  damaged: boolean;
  /** Clocks of own waiting envelopes that could not be read and were set aside. */
  lostPending: number[];
  /** Envelopes verified and decrypted on the way (what a local snapshot saves next time). */
  checked: number;
}

/**
 * Rebuilds a document from the device store: this device's local snapshot if it has one, the
 * newest relay snapshot, the relay envelopes after both, then the own envelopes still waiting for
 * the relay. Envelopes the local snapshot covers are not opened again: own pending ones only go
 * back into the outbox (they are this device's own, and the relay checks them anyway). Records
 * that do not verify or decrypt are moved to quarantine (never deleted) and reported as damage.
 */
export async function replayStore(store: PlanStore, t: ReplayTarget, local: LocalSnapshot | null = null): Promise<Replayed> {
  let damaged = false;
  const lostPending: number[] = [];
  let snapshotCovers = 0;
  let checkedCount = 0;
  if (local) {
    t.applySnapshot(local);
    for (const [a, c] of local.clocks) t.raiseClock(a, c, local.proofs?.get(a));
  }
  const coveredSeq = local?.coversSeq ?? 0;
  const snap = await store.snapshot();
  if (snap && snap.coversUpTo <= coveredSeq) {
    snapshotCovers = snap.coversUpTo;
  } else if (snap) {
    const checked = t.check(snap.envelope);
    checkedCount++;
    if (checked?.kind === 'snapshot') {
      t.applySnapshot(checked.content);
      for (const [a, c] of checked.content.clocks) t.raiseClock(a, c, checked.content.proofs?.get(a));
      snapshotCovers = snap.coversUpTo;
    } else {
      await store.quarantine(`plans/${store.planId}/snapshot`, snap, 'unreadable snapshot', t.now());
      damaged = true;
    }
  }
  for (const rec of await store.confirmed(Math.max(snapshotCovers, coveredSeq))) {
    const checked = t.check(rec.envelope);
    checkedCount++;
    if (checked?.kind === 'update') {
      t.apply(checked.plaintext, checked.channel);
      t.raiseClock(checked.author, checked.clock, checked.env.bytes);
    } else {
      await store.quarantine(rec.key, rec.envelope, 'unreadable envelope', t.now());
      damaged = true;
    }
  }
  for (const p of await store.pending()) {
    if (local && p.clock <= local.coversClock) {
      t.keepPending(p.clock, p.envelope);
      continue;
    }
    const checked = t.check(p.envelope);
    checkedCount++;
    if (checked?.kind === 'update') {
      t.apply(checked.plaintext, checked.channel);
      // Kept even when already acknowledged: a resend is re-acked, and only then is it moved.
      t.keepPending(p.clock, p.envelope);
    } else {
      await store.quarantine(`plans/${store.planId}/pending/${String(p.clock).padStart(12, '0')}`, p.envelope, 'unreadable pending envelope', t.now());
      lostPending.push(p.clock);
      damaged = true;
    }
  }
  return { snapshotCovers, damaged, lostPending, checked: checkedCount };
}
