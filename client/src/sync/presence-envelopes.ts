import type { Awareness } from 'y-protocols/awareness';
import { fromBase64Url, type Sodium } from '@safeplan/schema/crypto';
import type { EnvelopeContext } from './envelope-context.ts';
import { checkEnvelope, CheckError } from './envelope-checks.ts';
import type { EnvelopeSealer } from './envelope-sealer.ts';
import type { MemberLog } from './member-log.ts';
import type { SessionMembership } from './membership-session.ts';
import { PresenceChannel } from './presence-channel.ts';
import type { RelayConversation } from './relay-conversation.ts';
import type { SyncWarning, SyncWarningCode } from './session.ts';
import { concerning } from './session-status.ts';
import { TypedEvents } from './typed-events.ts';

export interface PresenceEvents extends Record<string, unknown> {
  /** Presence refused: forged entries, or an envelope that failed its checks. */
  warning: { code: SyncWarningCode; concerns?: SyncWarning['concerns'] };
}

/**
 * Presence as envelopes (presence-channel.ts holds the awareness side): our own state sealed and
 * sent while live, others' checked against the log and shown with the name the plan knows.
 */
export class PresenceEnvelopes {
  readonly events = new TypedEvents<PresenceEvents>();
  readonly #channel: PresenceChannel;

  constructor(
    awareness: Awareness,
    private readonly d: {
      readonly s: Sodium;
      readonly log: MemberLog;
      /** This device's signing key, base64url. */
      readonly me: string;
      readonly sealer: EnvelopeSealer;
      readonly envelopes: EnvelopeContext;
      readonly relay: Pick<RelayConversation, 'phase' | 'presence'>;
      /** Who the people are: the names shown (membership-session.ts). */
      readonly membership: Pick<SessionMembership, 'nameOfDevice'>;
    },
  ) {
    this.#channel = new PresenceChannel(awareness, (update) => {
      const envelope = d.relay.phase === 'live' ? d.sealer.seal('presence', 0, update) : null;
      if (envelope) d.relay.presence(envelope);
    });
  }

  /** A presence envelope from the relay. */
  receive(bytes: Uint8Array): void {
    const d = this.d;
    try {
      const checked = checkEnvelope(d.s, bytes, d.envelopes.presence());
      if (checked.kind !== 'presence' || checked.author === d.me) return;
      const forged = this.#channel.receive(checked.plaintext, checked.author, (a) => this.#nameOf(a));
      if (forged > 0) this.#warn('presence-forged', concerning(d.log, fromBase64Url(checked.author)));
    } catch (err) {
      this.#warn(err instanceof CheckError ? err.code : 'malformed', err instanceof CheckError ? concerning(d.log, err.author) : undefined);
    }
  }

  /** A change to the people document may name someone whose presence came first. */
  named(): void {
    this.#channel.named((a) => this.#nameOf(a));
  }

  announceSelf(): void {
    this.#channel.announceSelf();
  }

  close(): void {
    this.#channel.close();
  }

  /** The name the plan shows for the person of device `author` (base64url), if known. */
  /** Per presence update received (a caret moving elsewhere): only that device's person is looked up. */
  #nameOf(author: string): string | undefined {
    return this.d.membership.nameOfDevice(author);
  }

  #warn(code: SyncWarningCode, concerns?: SyncWarning['concerns']): void {
    this.events.tell('warning', { code, ...(concerns ? { concerns } : {}) });
  }
}
