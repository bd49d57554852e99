import { fromBase64Url, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import type { Channel } from '@safeplan/schema/protocol';
import type { AuthorClocks } from './author-clocks.ts';
import type { EnvelopeContext } from './envelope-context.ts';
import type { CheckedEnvelope } from './envelope-checks.ts';
import type { EnvelopeSealer } from './envelope-sealer.ts';
import type { LocalTyping } from './local-typing.ts';
import type { MemberLog } from './member-log.ts';
import { mayWrite } from './membership-view.ts';
import type { Outbox } from './outbox.ts';
import type { PlanMetaCell } from './plan-meta-cell.ts';
import type { PlanStore, StoredSnapshot } from './plan-store.ts';
import type { RelayConversation } from './relay-conversation.ts';
import { concerning } from './session-status.ts';
import { TypedEvents } from './typed-events.ts';
import { applySnapshotContent, applyToChannel, newPlanDocs, sameContent, snapshotContentOf, type PlanDocs } from './plan-docs.ts';
import { encodeSnapshotContent } from './snapshot-content.ts';
import { clocksAreProven } from './snapshot-proofs.ts';

/**
 * A snapshot after this many relay envelopes. Measured (docs/notes/sync.md): each replayed update
 * costs ~0.2 ms (verify + decrypt + apply), one snapshot of a 200-word plan ~2-9 ms; at 200 a reopen
 * replays at most ~45 ms of updates, and the full state is uploaded only once per 200 envelopes.
 */
export const SNAPSHOT_EVERY = 200;

export interface RelaySnapshotDeps {
  readonly s: Sodium;
  readonly planIdBytes: Uint8Array;
  readonly store: PlanStore;
  readonly docs: PlanDocs;
  readonly every: number;
  /** Marks what the snapshot's and the updates' own transactions are, so they are not sent back. */
  readonly remote: unknown;
  readonly log: MemberLog;
  /** This device's signing key. */
  readonly device: DeviceKeys;
  readonly meta: PlanMetaCell;
  readonly authors: AuthorClocks;
  /** Own envelopes not yet acknowledged by the relay; held while a snapshot is in flight. */
  readonly outbox: Outbox;
  /** Sealed before a comparison, so the documents hold only stored changes; a snapshot waits while typing goes on. */
  readonly typing: LocalTyping;
  readonly sealer: EnvelopeSealer;
  /** Opens stored envelopes (no clock check). */
  readonly envelopes: EnvelopeContext;
  /** Who this device's person is (membership-session.ts). */
  readonly membership: { readonly personId: string };
  /** Where a snapshot goes, and the word that one delivered was found true (relay-conversation.ts). */
  readonly relay: Pick<RelayConversation, 'phase' | 'publishSnapshot' | 'confirmSnapshot'>;
}

export interface RelaySnapshotEvents extends Record<string, unknown> {
  /** A snapshot was refused: the state shows it, naming its author's device (base64url). */
  alarm: { code: 'snapshot-unproven' | 'snapshot-mismatch'; author: string };
}

/**
 * Relay snapshots (docs/protocol.md "Snapshots"): taking one in, and writing one. A snapshot never
 * changes what this device believes without proof: its clock table must be signed by each author
 * (clocksAreProven), and a device that holds everything the snapshot covers compares it with what
 * it has and refuses it, with an alarm naming its author, when the two differ.
 */
export class RelaySnapshots {
  readonly events = new TypedEvents<RelaySnapshotEvents>();
  readonly #h: RelaySnapshotDeps;
  /** What the newest snapshot on this device covers (relay seq). */
  covers = 0;

  constructor(deps: RelaySnapshotDeps) {
    this.#h = deps;
  }

  /**
   * A snapshot comes under its own, later seq, followed by the updates after what it covers: only
   * coversUpTo may move lastSeq, the updates in between must still come in.
   */
  async apply(checked: Extract<CheckedEnvelope, { kind: 'snapshot' }>, bytes: Uint8Array, seq: number): Promise<void> {
    const h = this.#h;
    if (checked.coversUpTo <= this.covers) return;
    if (!clocksAreProven(h.s, h.planIdBytes, checked.content)) return this.#alarm('snapshot-unproven', checked.author);
    // This device already has everything the snapshot covers: it can tell whether it is true.
    const holder = h.meta.value.lastSeq >= checked.coversUpTo;
    if (holder) {
      const verdict = await this.#compare(checked);
      if (verdict === 'differs') return this.#alarm('snapshot-mismatch', checked.author);
      // Own typing could not be sealed: the documents hold more than the store. Judge nothing,
      // take nothing; the relay keeps the updates, and the next snapshot is compared again.
      if (verdict === 'unknown') return;
      // Compared and true: the relay may now serve it to others and drop what it covers.
      if (this.#mayConfirm(checked.author)) h.relay.confirmSnapshot(seq);
    }
    await this.#keep({ coversUpTo: checked.coversUpTo, envelope: bytes }, true);
    // A holder found the documents equal to it: merging it in would change nothing (and cost as much as the comparison).
    if (!holder) applySnapshotContent(h.docs, checked.content, h.remote);
    for (const [a, c] of checked.content.clocks) h.authors.raise(a, c, checked.content.proofs?.get(a));
    this.covers = checked.coversUpTo;
    await h.store.pruneConfirmed(checked.coversUpTo);
  }

  /**
   * The snapshot plus every stored envelope after what it covers plus own waiting changes must be
   * exactly the documents this device shows: no item, no deletion more or less. A snapshot that
   * drops what someone wrote (an empty plan with honest clocks), adds deletions nobody signed, or
   * claims a clock this device never saw fails this. Runs once per snapshot (every 200 envelopes).
   */
  async #compare(checked: Extract<CheckedEnvelope, { kind: 'snapshot' }>): Promise<'same' | 'differs' | 'unknown'> {
    const h = this.#h;
    const mine = h.authors.clocks;
    for (const [a, c] of checked.content.clocks) if (c > (mine.get(a) ?? 0)) return 'differs';
    try {
      await h.typing.flush();
      // Delivered updates are applied before they are stored (plan-session.ts): wait for their writes.
      await h.store.writes.written();
    } catch {
      return 'unknown';
    }
    const later = await h.store.confirmed(checked.coversUpTo);
    const copy = newPlanDocs();
    try {
      applySnapshotContent(copy, checked.content, null);
      for (const rec of later) {
        const opened = this.#open(rec.envelope);
        if (opened) applyToChannel(copy, opened.channel, opened.plaintext, null);
      }
      for (const envelope of h.outbox.values()) {
        const opened = this.#open(envelope);
        if (opened) applyToChannel(copy, opened.channel, opened.plaintext, null);
      }
      return sameContent(copy, h.docs) ? 'same' : 'differs';
    } finally {
      copy.plan.destroy();
      copy.contributions.destroy();
    }
  }

  /**
   * Only the device whose own ack crossed the threshold writes a snapshot, and only when it holds
   * every envelope up to lastSeq and nothing of its own is unacknowledged or still being typed:
   * then the snapshot's state is exactly "everything with seq <= coversUpTo". It also needs the
   * proof of every clock it lists (a device upgraded from before proofs may lack some: it then
   * writes none, rather than a snapshot every other device would refuse).
   */
  async maybeWrite(): Promise<void> {
    const h = this.#h;
    const covers = h.meta.value.lastSeq;
    if (covers - this.covers < h.every || !this.#settled() || !this.#mayWrite('plan')) return;
    const { clocks, proofs } = h.authors;
    for (const author of clocks.keys()) if (!proofs.has(author)) return;
    const content = encodeSnapshotContent(snapshotContentOf(h.docs, clocks, proofs));
    // The counter moves on only with the relay's ack: a snapshot that never arrived reuses it.
    const envelope = h.sealer.seal('snapshot', h.meta.value.snapshotCounter + 1, content, { coversUpTo: covers });
    if (!envelope) return;
    // Queued, and published in the same turn: nothing may be sent between the check that the
    // outbox is empty and the snapshot going out alone (acks do not say which kind they answer).
    const saved = this.#keep({ coversUpTo: covers, envelope }, false);
    this.covers = covers;
    h.relay.publishSnapshot(envelope);
    try {
      await saved;
    } catch {
      // Kept and retried by the store, which tells the person; only the pruning waits for it.
      return;
    }
    // Only after the snapshot is durable: a crash must never leave pruned updates without it.
    await h.store.pruneConfirmed(covers);
  }

  /**
   * Queues the snapshot's write with the plan's meta (lastSeq raised to `coversUpTo` when asked),
   * behind every earlier write; resolves when it is durable.
   */
  #keep(snapshot: StoredSnapshot, raiseLastSeq: boolean): Promise<void> {
    const { meta, store } = this.#h;
    const m = raiseLastSeq ? meta.set((m) => ({ ...m, lastSeq: Math.max(m.lastSeq, snapshot.coversUpTo) })) : meta.value;
    return store.saveSnapshotWithMeta(snapshot, m);
  }

  /** True when every own change is acknowledged, nothing is typed, and the relay is live. */
  #settled(): boolean {
    const { outbox, relay, typing } = this.#h;
    return outbox.size === 0 && !outbox.held && relay.phase === 'live' && !typing.busy();
  }

  /** Whether this device's role, per the member log now, may write `channel` (a snapshot holds both documents). */
  #mayWrite(channel: Channel): boolean {
    return mayWrite(this.#h.log.state, this.#h.device.sign.publicKey, channel);
  }

  /**
   * Whether this device may vouch for a snapshot by `author` (base64url): its role writes
   * something and it is another person than the author (the relay checks the same).
   */
  #mayConfirm(author: string): boolean {
    if (!this.#mayWrite('plan') && !this.#mayWrite('contributions')) return false;
    const theirs = concerning(this.#h.log, fromBase64Url(author))?.personId;
    return theirs !== undefined && theirs !== this.#h.membership.personId;
  }

  /** A stored update envelope verified and decrypted (no clock check), or null. */
  #open(envelope: unknown): { channel: Channel; plaintext: Uint8Array } | null {
    const checked = this.#h.envelopes.checkStored(envelope);
    return checked?.kind === 'update' ? checked : null;
  }

  #alarm(code: 'snapshot-unproven' | 'snapshot-mismatch', author: string): void {
    this.events.tell('alarm', { code, author });
  }
}
