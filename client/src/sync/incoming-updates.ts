import type { Sodium } from '@safeplan/schema/crypto';
import type { Authentication } from '@safeplan/schema/protocol';
import { checkEnvelope, CheckError, type CheckCode, type CheckContext, type CheckedEnvelope } from './envelope-checks.ts';
import { sameBytes } from './member-log.ts';
import type { Outbox } from './outbox.ts';
import { withMeta, type PlanMetaCell } from './plan-meta-cell.ts';
import type { PlanStore } from './plan-store.ts';
import { applyToChannel, type PlanDocs } from './plan-docs.ts';

/** What became of one envelope the relay delivered; the session acts on each kind (plan-session.ts). */
export type Delivery =
  /** Checked, applied to its document, its write queued; `ownClock` when it is this device's own update (its ack was lost). */
  | { kind: 'applied'; ownClock?: number }
  /** This device's own envelope back (its ack was lost): stored, nothing to apply. */
  | { kind: 'own-echo'; ownClock?: number }
  /** At or below what this device has (a resubscribe overlap). */
  | { kind: 'duplicate' }
  /** A snapshot: relay-snapshots.ts judges it. */
  | { kind: 'snapshot'; checked: Extract<CheckedEnvelope, { kind: 'snapshot' }> }
  /** Presence under a seq: nothing to keep. */
  | { kind: 'presence' }
  /** Refused by the client checks; nothing applied, nothing stored. */
  | { kind: 'refused'; code: CheckCode; author?: Uint8Array };

export interface IncomingDeps {
  readonly s: Sodium;
  readonly docs: PlanDocs;
  readonly store: PlanStore;
  readonly meta: PlanMetaCell;
  readonly outbox: Outbox;
  /** This device's signing key, base64url. */
  readonly me: string;
  /** Marks the documents' transactions as remote, so they are not sent back out. */
  readonly remote: unknown;
  /** The context for a live envelope, clocks included (envelope-context.ts `live`). */
  liveContext(): CheckContext;
  /** A stored envelope checked without clocks, or null. */
  checkStored(bytes: Uint8Array): CheckedEnvelope | null;
  raiseClock(author: string, clock: number, proof: Uint8Array): void;
  /** One more envelope kept: the local snapshot keeper counts them. */
  counted(): void;
}

/**
 * The receiving half of the path: check, apply, store. The person sees a delivered change as soon
 * as it passed every client check; its write is queued with the raised lastSeq in one record
 * (write-behind.ts), and the frame does not wait for it, so a burst of deliveries is one
 * transaction. A tab that dies between the apply and the write leaves a store whose lastSeq is
 * still before the change: the reopened plan asks the relay from there and gets it again.
 */
export class IncomingUpdates {
  constructor(private readonly d: IncomingDeps) {}

  /** `authenticated`: its verdict from run verification (incoming-runs.ts); without it the signature is checked here. */
  deliver(seq: number, bytes: Uint8Array, authenticated?: Authentication): Delivery {
    const d = this.d;
    if (seq <= d.meta.value.lastSeq) return { kind: 'duplicate' };
    let checked: CheckedEnvelope;
    try {
      checked = checkEnvelope(d.s, bytes, d.liveContext(), authenticated);
    } catch (err) {
      const code = err instanceof CheckError ? err.code : 'malformed';
      // Our own envelope coming back (its ack was lost) is not suspicious.
      const echo = code === 'replayed' ? this.#ownEcho(bytes) : null;
      if (echo) {
        this.#keep(seq, bytes);
        return echo.clock === undefined ? { kind: 'own-echo' } : { kind: 'own-echo', ownClock: echo.clock };
      }
      return { kind: 'refused', code, ...(err instanceof CheckError && err.author ? { author: err.author } : {}) };
    }
    switch (checked.kind) {
      case 'presence':
        return { kind: 'presence' };
      case 'snapshot':
        return { kind: 'snapshot', checked };
      case 'update':
        applyToChannel(d.docs, checked.channel, checked.plaintext, d.remote);
        d.raiseClock(checked.author, checked.clock, bytes);
        this.#keep(seq, bytes);
        return checked.author === d.me ? { kind: 'applied', ownClock: checked.clock } : { kind: 'applied' };
      default: {
        const unknown: never = checked;
        throw new Error(`unknown envelope kind ${String(unknown)}`);
      }
    }
  }

  /** Queues the envelope with the raised lastSeq; nothing waits for the write (a failure is retried and told by the store). */
  #keep(seq: number, bytes: Uint8Array): void {
    const meta = this.d.meta.set((m) => withMeta(m, { lastSeq: Math.max(m.lastSeq, seq) }));
    this.d.store.addDelivered(seq, bytes, meta).catch(toldByTheStore);
    this.d.counted();
  }

  /**
   * Whether these bytes are our own envelope coming back, and its clock: each envelope is opened
   * once here (it was opened twice, once to tell and once for the clock).
   */
  #ownEcho(bytes: Uint8Array): { clock?: number } | null {
    let waiting = false;
    for (const env of this.d.outbox.values()) if (sameBytes(env, bytes)) waiting = true;
    const checked = this.d.checkStored(bytes);
    const clock = checked?.kind === 'update' ? checked.clock : undefined;
    if (waiting) return clock === undefined ? {} : { clock };
    return checked?.author === this.d.me && clock !== undefined && clock < this.d.meta.value.nextClock ? { clock } : null;
  }
}

/**
 * A queued write's rejection: the store keeps the write, tries it again and tells the session
 * through its status (the problem store-full / store-write-failed), which is where the person
 * reads it. This promise has nobody else to tell.
 */
export function toldByTheStore(): void {}
