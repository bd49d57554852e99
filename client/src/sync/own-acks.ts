import type { AuthorClocks } from './author-clocks.ts';
import { toldByTheStore } from './incoming-updates.ts';
import { sameBytes } from './member-log.ts';
import type { Outbox } from './outbox.ts';
import { withMeta, type PlanMetaCell } from './plan-meta-cell.ts';
import type { PlanStore } from './plan-store.ts';

/**
 * The relay holds one of our own waiting envelopes: its ack, or the very bytes coming back in a
 * catch-up after the ack was lost. Either way it is confirmed here, once: the confirmed copy is
 * queued behind its pending write (plan-store.ts confirm), and it is never sent again.
 */
export class OwnAcks {
  constructor(
    private readonly d: {
      readonly outbox: Outbox;
      readonly meta: PlanMetaCell;
      readonly store: PlanStore;
      readonly authors: AuthorClocks;
      /** This device's signing key, base64url. */
      readonly me: string;
    },
  ) {}

  /**
   * The relay holds our waiting envelope at `clock` under `seq`. Never sent again: once every
   * device has subscribed past `seq` the relay forgets its receipt (receipt-pruning.ts) and would
   * refuse the resend as replayed. False when nothing waited at that clock (a re-ack).
   */
  stored(clock: number, seq: number): boolean {
    const d = this.d;
    const envelope = d.outbox.confirm(clock);
    if (!envelope) return false;
    const meta = d.meta.set((m) => withMeta(m, { ackedClock: Math.max(m.ackedClock, clock), lastSeq: Math.max(m.lastSeq, seq) }));
    d.store.confirm(clock, seq, envelope, meta).catch(toldByTheStore);
    d.authors.raise(d.me, clock, envelope);
    return true;
  }

  /**
   * Our own update came back from the relay (a catch-up after a lost ack): if it is the very
   * envelope waiting at its clock, that one is stored there, so it counts as acknowledged. Other
   * bytes at that clock (sealed again after a crash) are moved past it at the catch-up's end
   * (outgoing-changes.ts moveOwnClocksPast).
   */
  cameBack(clock: number | undefined, seq: number, bytes: Uint8Array): void {
    if (clock === undefined) return;
    const waiting = this.d.outbox.get(clock);
    if (waiting && sameBytes(waiting, bytes)) this.stored(clock, seq);
  }
}
