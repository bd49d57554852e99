import { toBase64Url, type DeviceKeys, type NonceSource, type Sodium } from '@safeplan/schema/crypto';
import { mayPublish, memberOf, type Channel, type EnvelopeKind } from '@safeplan/schema/protocol';
import type { AuthorClocks } from './author-clocks.ts';
import { sealOwn, type ChainLinks } from './chain-links.ts';
import { sameBytes, type MemberLog } from './member-log.ts';
import type { Outbox } from './outbox.ts';
import { TypedEvents } from './typed-events.ts';

/** Why nothing was sealed: this device was removed, its role may not write that, or it has no key. */
export type SealRefusal = 'revoked' | 'read-only' | 'no-epoch-key';

export interface SealerEvents extends Record<string, unknown> {
  /** Told in the turn of the refusal; the caller gets null. */
  refused: SealRefusal;
}

/**
 * The one place plaintext becomes an envelope: current epoch, own key, fresh nonce, the log
 * position, and for updates the link to our previous one (docs/protocol.md "Author chains").
 */
export class EnvelopeSealer {
  readonly events = new TypedEvents<SealerEvents>();
  readonly #me: string;

  constructor(
    private readonly d: {
      readonly s: Sodium;
      readonly device: DeviceKeys;
      readonly planIdBytes: Uint8Array;
      readonly log: MemberLog;
      readonly nonces: NonceSource;
      readonly links: ChainLinks;
      readonly authors: AuthorClocks;
      readonly outbox: Outbox;
      /** This device's standing (session-access.ts): a revoked device seals nothing. */
      readonly access: { readonly revoked: boolean };
    },
  ) {
    this.#me = toBase64Url(d.device.sign.publicKey);
  }

  seal(kind: EnvelopeKind, clock: number, plaintext: Uint8Array, { coversUpTo, channel = 'plan' }: { coversUpTo?: number; channel?: Channel } = {}): Uint8Array | null {
    const d = this.d;
    const state = d.log.state;
    const me = memberOf(state, d.device.sign.publicKey);
    const key = d.log.keyFor(state.epoch);
    if (d.access.revoked || !me) {
      this.events.tell('refused', 'revoked');
      return null;
    }
    // Presence is not a write: readers and contributors are seen too.
    if ((kind !== 'presence' && !mayPublish(me.role, channel)) || !key) {
      this.events.tell('refused', key ? 'read-only' : 'no-epoch-key');
      return null;
    }
    // The log position: every client refuses what we write here if the log before it removed us.
    const logPosition = state.length;
    // Updates name our previous one (docs/protocol.md "Author chains"); snapshots and presence do not.
    const header = { planId: d.planIdBytes, epoch: state.epoch, author: d.device.sign, clock, kind, coversUpTo, channel, logPosition };
    return sealOwn(d.s, d.links, header, key, plaintext, d.nonces, (c) => this.#ownEnvelope(c));
  }

  /**
   * Whether a waiting envelope's chain link (`prev`) no longer names our envelope before its
   * clock: only when we hold that one and it differs, never because we cannot find it.
   */
  linkBroken(clock: number, prev: Uint8Array | null | undefined): boolean {
    const expected = this.d.links.prevFor(clock, (c) => this.#ownEnvelope(c));
    return expected !== null && !(prev != null && sameBytes(prev, expected));
  }

  /**
   * Our own update envelope at `clock` if this device holds it: the one the relay has shown us
   * (acknowledged, or come back at the first catch-up), else the one waiting in the outbox. The
   * relay's copy comes first: after a crash the outbox may hold other bytes under a clock the relay
   * already has (outgoing-changes.ts moveOwnClocksPast), and the chain must continue what peers hold.
   */
  #ownEnvelope(clock: number): Uint8Array | undefined {
    const { authors, outbox } = this.d;
    return (authors.of(this.#me) === clock ? authors.proofs.get(this.#me) : undefined) ?? outbox.get(clock);
  }
}
