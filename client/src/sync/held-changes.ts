import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { openSealedToBox, sealToBoxKey, type KeyPair, type Sodium } from '@safeplan/schema/crypto';
import { CHANNELS, type Channel } from '@safeplan/schema/protocol';
import { planKeys, type PlanStore } from './plan-store.ts';

/** One own change that could not be sealed into an envelope (the key was split): kept until it can. */
export interface HeldChange {
  /** Its place in the store (plans/<id>/held/<n>). */
  n: number;
  update: Uint8Array;
  channel: Channel;
}

/**
 * Own changes made while this device had no usable key for the current epoch (a split key). They
 * are kept in the store like pending envelopes, so a reopen loses none, but sealed to this
 * device's own box key: no epoch key can be trusted for them yet, and the Yjs plaintext is never
 * written. Once the key is good again the session seals them, in order, as ordinary updates.
 */
export class HeldChanges {
  #next = 1;

  constructor(
    private readonly s: Sodium,
    private readonly box: KeyPair,
    private readonly store: PlanStore,
  ) {}

  /**
   * Queues the change's write (write-behind.ts) and returns it at once with the write's outcome:
   * a failing write is retried by the store, so the change is kept either way.
   */
  keep(update: Uint8Array, channel: Channel): { change: HeldChange; written: Promise<void> } {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, CHANNELS.indexOf(channel));
    encoding.writeVarUint8Array(e, update);
    const n = this.#next++;
    const written = this.store.addHeld(n, sealToBoxKey(this.s, encoding.toUint8Array(e), this.box.publicKey));
    return { change: { n, update, channel }, written };
  }

  /** Sealed into a pending envelope: no longer held. */
  drop(change: HeldChange): Promise<void> {
    return this.store.dropHeld(change.n);
  }

  /** What a previous session held, in order. A record that does not open is quarantined, never deleted. */
  async read(now: number): Promise<HeldChange[]> {
    const out: HeldChange[] = [];
    for (const { n, sealed } of await this.store.held()) {
      this.#next = Math.max(this.#next, n + 1);
      try {
        if (!(sealed instanceof Uint8Array)) throw new Error('not bytes');
        const d = decoding.createDecoder(openSealedToBox(this.s, sealed, this.box));
        const channel = CHANNELS[decoding.readVarUint(d)];
        if (!channel) throw new Error('unknown channel');
        out.push({ n, channel, update: decoding.readVarUint8Array(d) });
      } catch {
        await this.store.quarantine(planKeys.held(this.store.planId, n), sealed, 'a held change does not open', now);
      }
    }
    return out;
  }
}
