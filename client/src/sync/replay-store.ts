import type { AuthorClocks } from './author-clocks.ts';
import type { EnvelopeContext } from './envelope-context.ts';
import type { LocalSnapshot } from './local-snapshot.ts';
import type { Outbox } from './outbox.ts';
import { applySnapshotContent, applyToChannel, type PlanDocs } from './plan-docs.ts';
import type { PlanStore } from './plan-store.ts';

/** Where a replay goes: the documents, the authors' clocks and the outbox, checked as stored envelopes. */
export interface ReplayTarget {
  /** Verifies and decrypts stored records (checkStored). */
  readonly envelopes: Pick<EnvelopeContext, 'checkStored'>;
  readonly docs: PlanDocs;
  /** Marks the replay's transactions, so they are not sent back out. */
  readonly remote: unknown;
  /** Raised with each clock's proof when known (snapshot-proofs.ts). */
  readonly authors: Pick<AuthorClocks, 'raise'>;
  /** Own envelopes still waiting for the relay go back in here. */
  readonly outbox: Pick<Outbox, 'add'>;
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
  const check = (value: unknown) => t.envelopes.checkStored(value);
  if (local) {
    applySnapshotContent(t.docs, local, t.remote);
    for (const [a, c] of local.clocks) t.authors.raise(a, c, local.proofs?.get(a));
  }
  const coveredSeq = local?.coversSeq ?? 0;
  const snap = await store.snapshot();
  if (snap && snap.coversUpTo <= coveredSeq) {
    snapshotCovers = snap.coversUpTo;
  } else if (snap) {
    const checked = check(snap.envelope);
    checkedCount++;
    if (checked?.kind === 'snapshot') {
      applySnapshotContent(t.docs, checked.content, t.remote);
      for (const [a, c] of checked.content.clocks) t.authors.raise(a, c, checked.content.proofs?.get(a));
      snapshotCovers = snap.coversUpTo;
    } else {
      await store.quarantine(`plans/${store.planId}/snapshot`, snap, 'unreadable snapshot', t.now());
      damaged = true;
    }
  }
  for (const rec of await store.confirmed(Math.max(snapshotCovers, coveredSeq))) {
    const checked = check(rec.envelope);
    checkedCount++;
    if (checked?.kind === 'update') {
      applyToChannel(t.docs, checked.channel, checked.plaintext, t.remote);
      t.authors.raise(checked.author, checked.clock, checked.env.bytes);
    } else {
      await store.quarantine(rec.key, rec.envelope, 'unreadable envelope', t.now());
      damaged = true;
    }
  }
  for (const p of await store.pending()) {
    if (local && p.clock <= local.coversClock) {
      t.outbox.add(p.clock, p.envelope);
      continue;
    }
    const checked = check(p.envelope);
    checkedCount++;
    if (checked?.kind === 'update') {
      applyToChannel(t.docs, checked.channel, checked.plaintext, t.remote);
      // Kept even when already acknowledged: a resend is re-acked, and only then is it moved.
      t.outbox.add(p.clock, p.envelope);
    } else {
      await store.quarantine(`plans/${store.planId}/pending/${String(p.clock).padStart(12, '0')}`, p.envelope, 'unreadable pending envelope', t.now());
      lostPending.push(p.clock);
      damaged = true;
    }
  }
  return { snapshotCovers, damaged, lostPending, checked: checkedCount };
}
