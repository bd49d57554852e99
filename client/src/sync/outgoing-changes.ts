import type { Sodium } from '@safeplan/schema/crypto';
import { verifyEnvelope, type Channel } from '@safeplan/schema/protocol';
import type { CheckedEnvelope } from './envelope-checks.ts';
import type { HeldChange, HeldChanges } from './held-changes.ts';
import { toldByTheStore } from './incoming-updates.ts';
import type { MemberLog } from './member-log.ts';
import type { Outbox } from './outbox.ts';
import { withMeta, type PlanMetaCell } from './plan-meta-cell.ts';
import type { PlanStore } from './plan-store.ts';

/** A Yjs update (v1) that changes nothing: two zero counts (no structs, no deletions). */
export const EMPTY_YJS_UPDATE = new Uint8Array([0, 0]);

export interface OutgoingDeps {
  readonly s: Sodium;
  readonly store: PlanStore;
  readonly meta: PlanMetaCell;
  readonly outbox: Outbox;
  readonly held: HeldChanges;
  readonly log: MemberLog;
  now(): number;
  /** The session's one place plaintext becomes an update envelope; null when it may not (the session shows why). */
  seal(clock: number, plaintext: Uint8Array, channel: Channel): Uint8Array | null;
  /** Sends what the outbox lets go now (relay-conversation.ts pump). */
  send(): void;
  /** A stored envelope checked without clocks, or null. */
  checkStored(bytes: Uint8Array): CheckedEnvelope | null;
  /**
   * Whether a waiting envelope's chain link (`prev` in its header) no longer names our envelope
   * before its clock: only when we hold that one and it differs (chain-links.ts), never because
   * we cannot find it (then sealing again would send other bytes at a clock the relay may hold).
   */
  linkBroken(clock: number, prev: Uint8Array | null | undefined): boolean;
  /** Whether this device's role, per the member log now, may write `channel`. */
  mayWrite(channel: Channel): boolean;
  /** True while the key is split: a change that cannot be sealed is held (held-changes.ts). */
  keySplit(): boolean;
  /** One more envelope kept: the local snapshot keeper counts them. */
  counted(): void;
}

/**
 * The sending half of the path: a batch of typing becomes an envelope under the next own clock,
 * its pending write is queued and it is sent in the same turn; the send does not wait for the
 * write. "Synced" still waits for both: the session counts own writes not yet durable as waiting.
 * A write that fails stays queued and is tried again (write-behind.ts); the envelope stays in the
 * outbox. Also here: what else changes own waiting envelopes (held changes, fillers for lost
 * clocks, a re-seal after a rotation, setting aside after a role change, moving past own clocks
 * the relay holds from before a crash).
 */
export class OutgoingChanges {
  /** Local changes made while this device had no usable key for the current epoch (a split key): sealed once it has one. */
  readonly held: HeldChange[] = [];

  constructor(private readonly d: OutgoingDeps) {}

  /** Seals a batch of local changes, queues its write and sends it. Clocks are drawn synchronously: two batches never share one. */
  keep(update: Uint8Array, channel: Channel, wasHeld?: HeldChange): void {
    const d = this.d;
    const clock = d.meta.value.nextClock;
    // Behind a held change a later one cannot go first: Yjs would wait for the missing one.
    const envelope = !wasHeld && this.held.length > 0 ? null : d.seal(clock, update, channel);
    if (!envelope) {
      if (wasHeld) this.held.unshift(wasHeld);
      else if (d.keySplit() || this.held.length > 0) {
        const { change, written } = d.held.keep(update, channel);
        this.held.push(change);
        written.catch(toldByTheStore);
      }
      return;
    }
    d.meta.set((m) => withMeta(m, { nextClock: clock + 1, updatedAt: d.now() }));
    this.#put(clock, envelope);
    // Queued after the pending write: a crash leaves both copies or the held one, and Yjs applies a change twice without harm.
    if (wasHeld) d.held.drop(wasHeld).catch(toldByTheStore);
    d.send();
    d.counted();
  }

  /** Seals, in order, what was held while the key was split; stops at the first that still cannot be sealed. */
  sealHeld(): void {
    while (this.held.length > 0 && this.d.log.keyFor(this.d.log.state.epoch)) {
      const before = this.held.length;
      const next = this.held.shift()!;
      this.keep(next.update, next.channel, next);
      if (this.held.length >= before) return;
    }
  }

  /**
   * An own waiting envelope that was damaged on the device is gone, but its clock was used: the
   * relay would refuse every later one as a clock gap. An empty Yjs update under the same clock
   * fills the gap, so the changes after it still get through.
   */
  fillLostClocks(clocks: readonly number[]): void {
    for (const clock of clocks) {
      // On the contributions channel: every role that ever has pending changes may write it.
      if (!this.#replace(clock, EMPTY_YJS_UPDATE, 'contributions')) return;
    }
    // The envelope after a lost one names the lost one: linked again to the filler.
    if (clocks.length > 0) this.resealPending();
  }

  /**
   * After a key rotation the relay refuses the old epoch. Unacknowledged own envelopes were not
   * stored (acks for anything stored before the rotation arrive before its log frame), so they
   * are sealed again under the new epoch with their own clocks.
   */
  resealPending(): void {
    const epoch = this.d.log.state.epoch;
    // Lowest clock first: each one sealed again names the one before it (docs/protocol.md "Author chains").
    for (const [clock, envelope] of this.d.outbox.entries().sort((a, b) => a[0] - b[0])) {
      const checked = this.d.checkStored(envelope);
      if (checked?.kind !== 'update') continue;
      if (checked.env.header.epoch === epoch && !this.d.linkBroken(clock, checked.env.header.prev)) continue;
      if (!this.#replace(clock, checked.plaintext, checked.channel)) return;
    }
  }

  /**
   * An editor made contributor while changes to the plan waited on this device: the relay refuses
   * them, and since one clock sequence covers both channels, everything after them would wait
   * forever. Each such change is set aside on the device (kept, never deleted) and its clock is
   * filled with an empty contributions update, so the log entries and scores after it still go out.
   * A reader keeps what waits: nothing of theirs can go out until their role changes back.
   * Returns how many were set aside.
   */
  async setAsideWhatMyRoleMayNotSend(): Promise<number> {
    const d = this.d;
    if (!d.mayWrite('contributions')) return 0;
    let setAside = 0;
    for (const [clock, envelope] of d.outbox.entries()) {
      // Own envelopes are judged by the role now, not by the role they were written under.
      let channel: Channel;
      try {
        const { header } = verifyEnvelope(d.s, envelope);
        if (header.kind !== 'update') continue;
        channel = header.channel;
      } catch {
        continue;
      }
      if (d.mayWrite(channel)) continue;
      const filler = d.seal(clock, EMPTY_YJS_UPDATE, 'contributions');
      if (!filler) break;
      // Under a key of its own: the waiting record is replaced by the filler only after this copy is kept.
      await d.store.quarantine(`plans/${d.store.planId}/set-aside/${clock}`, envelope, 'the role may no longer write this document', d.now());
      this.#put(clock, filler);
      setAside++;
    }
    // What waited after a filler named the envelope it replaced: linked again.
    if (setAside > 0) this.resealPending();
    return setAside;
  }

  /**
   * At the first catch-up after an open: own clocks drawn since this device last caught up
   * (meta.uncheckedFrom) may already be on the relay under envelopes the store never got (sent,
   * then the tab died before the pending write). Those came in during the catch-up like anyone's
   * and raised this device's own clock to `onRelay`; what it sealed since under such clocks is
   * sealed again, in order, under the clocks after them, before anything is sent.
   */
  moveOwnClocksPast(onRelay: number): void {
    const d = this.d;
    const from = d.meta.value.uncheckedFrom;
    if (from === undefined) return;
    const moves: Array<{ from: number; to: number; envelope: Uint8Array }> = [];
    let next = Math.max(d.meta.value.nextClock, onRelay + 1);
    if (onRelay >= from) {
      next = onRelay + 1;
      for (const [clock, envelope] of d.outbox.entries().sort((a, b) => a[0] - b[0])) {
        if (clock < from) continue;
        const checked = d.checkStored(envelope);
        const fresh = checked?.kind === 'update' ? d.seal(next, checked.plaintext, checked.channel) : null;
        if (!fresh) return; // no key or no right to write now: checked again at the next catch-up
        moves.push({ from: clock, to: next++, envelope: fresh });
      }
    }
    const meta = d.meta.set((m) => ({ ...m, nextClock: next, uncheckedFrom: undefined }));
    for (const m of moves) d.outbox.confirm(m.from);
    for (const m of moves) d.outbox.add(m.to, m.envelope);
    (moves.length > 0 ? d.store.renumberPending(moves, meta) : d.store.saveMeta(meta)).catch(toldByTheStore);
  }

  /** Puts a fresh envelope under an own waiting clock (its write queued); false when it could not be sealed. */
  #replace(clock: number, plaintext: Uint8Array, channel: Channel): boolean {
    const envelope = this.d.seal(clock, plaintext, channel);
    if (envelope) this.#put(clock, envelope);
    return envelope !== null;
  }

  #put(clock: number, envelope: Uint8Array): void {
    this.d.store.addPending(clock, envelope, this.d.meta.value).catch(toldByTheStore);
    this.d.outbox.add(clock, envelope);
  }
}
