import type { EnvelopeKind } from '@safeplan/schema/protocol';
import type { CheckedEnvelope } from './envelope-checks.ts';
import type { PlanMeta, PlanStore } from './plan-store.ts';
import { applySnapshotContent, snapshotContentOf, type PlanDocs } from './plan-docs.ts';
import { encodeSnapshotContent } from './snapshot-content.ts';

/**
 * A snapshot after this many relay envelopes. Measured (docs/notes/sync.md): each replayed update
 * costs ~0.2 ms (verify + decrypt + apply), one snapshot of a 200-word plan ~2-9 ms; at 200 a reopen
 * replays at most ~45 ms of updates, and the full state is uploaded only once per 200 envelopes.
 */
export const SNAPSHOT_EVERY = 200;

export interface RelaySnapshotHost {
  readonly store: PlanStore;
  readonly docs: PlanDocs;
  readonly every: number;
  /** Marks what the snapshot's and the updates' own transactions are, so they are not sent back. */
  readonly remote: unknown;
  meta(): PlanMeta;
  /** Runs `work` between meta writes; `work` may replace meta by returning the new one. */
  withMeta(work: (meta: PlanMeta) => Promise<PlanMeta | void>): Promise<void>;
  clocks(): ReadonlyMap<string, number>;
  raiseClock(author: string, clock: number): void;
  /** True when every own change is acknowledged, nothing is typed, and the relay is live. */
  settled(): boolean;
  /** Whether this device's role writes both documents (a snapshot holds both). */
  writesPlan(): boolean;
  seal(kind: EnvelopeKind, clock: number, plaintext: Uint8Array, options: { coversUpTo: number }): Uint8Array | null;
  publish(envelope: Uint8Array): void;
}

/** Relay snapshots (docs/protocol.md "Snapshots"): taking one in, and writing one. */
export class RelaySnapshots {
  readonly #h: RelaySnapshotHost;
  /** What the newest snapshot on this device covers (relay seq). */
  covers = 0;

  constructor(host: RelaySnapshotHost) {
    this.#h = host;
  }

  /**
   * A snapshot comes under its own, later seq, followed by the updates after what it covers: only
   * coversUpTo may move lastSeq, the updates in between must still come in.
   */
  async apply(checked: Extract<CheckedEnvelope, { kind: 'snapshot' }>, bytes: Uint8Array): Promise<void> {
    const h = this.#h;
    if (checked.coversUpTo <= this.covers) return;
    await h.withMeta(async (m) => {
      const meta = { ...m, lastSeq: Math.max(m.lastSeq, checked.coversUpTo) };
      await h.store.saveSnapshotWithMeta({ coversUpTo: checked.coversUpTo, envelope: bytes }, meta);
      return meta;
    });
    applySnapshotContent(h.docs, checked.content, h.remote);
    for (const [a, c] of checked.content.clocks) h.raiseClock(a, c);
    this.covers = checked.coversUpTo;
    await h.store.pruneConfirmed(checked.coversUpTo);
  }

  /**
   * Only the device whose own ack crossed the threshold writes a snapshot, and only when it holds
   * every envelope up to lastSeq and nothing of its own is unacknowledged or still being typed:
   * then the snapshot's state is exactly "everything with seq <= coversUpTo".
   */
  async maybeWrite(): Promise<void> {
    const h = this.#h;
    const covers = h.meta().lastSeq;
    if (covers - this.covers < h.every || !h.settled() || !h.writesPlan()) return;
    const content = encodeSnapshotContent(snapshotContentOf(h.docs, h.clocks()));
    // The counter moves on only with the relay's ack: a snapshot that never arrived reuses it.
    const envelope = h.seal('snapshot', h.meta().snapshotCounter + 1, content, { coversUpTo: covers });
    if (!envelope) return;
    await h.withMeta((meta) => h.store.saveSnapshotWithMeta({ coversUpTo: covers, envelope }, meta));
    await h.store.pruneConfirmed(covers);
    this.covers = covers;
    h.publish(envelope);
  }
}
