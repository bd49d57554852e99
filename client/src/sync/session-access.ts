import type { SyncWarningCode } from './session.ts';
import type * as Y from 'yjs';
import { toBase64Url, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import { memberOf } from '@safeplan/schema/protocol';
import type { AuthorClocks } from './author-clocks.ts';
import type { MemberLog } from './member-log.ts';
import { SessionMembership } from './membership-session.ts';
import type { PlanMetaCell } from './plan-meta-cell.ts';
import type { PlanStore } from './plan-store.ts';
import type { RelayConversation } from './relay-conversation.ts';
import type { SessionStatus } from './session-status.ts';
import { TypedEvents } from './typed-events.ts';

/** What membership and revocation read and whom they ask (the relay conversation, directly). */
export interface AccessDeps {
  readonly s: Sodium;
  readonly device: DeviceKeys;
  /** The contributions document, where people's names live. */
  readonly peopleDoc: Y.Doc;
  readonly log: MemberLog;
  readonly store: PlanStore;
  readonly timeoutMs: number;
  readonly deviceLinkUrl?: (secret: Uint8Array) => string;
  now(): number;
  /** The plan's meta: this device's display name, its own clocks drawn. */
  readonly meta: PlanMetaCell;
  readonly authors: AuthorClocks;
  /** Where member events go and where "live" is known. */
  readonly relay: Pick<RelayConversation, 'whenLive' | 'appendMemberEvent' | 'idle'>;
  /** Tells when the state was shown again: whenLive looks again then. */
  readonly status: Pick<SessionStatus, 'events'>;
}

/** What access tells the session, in the turn it happens. */
export interface AccessEvents extends Record<string, unknown> {
  /** Removed per the log: the session marks the problem and stops presence, relay and change recording. */
  revoked: undefined;
  /** Standing changed: the visible state is computed again. */
  changed: undefined;
  /** Someone's details came in signed by the wrong device ('forged-details'). */
  warning: SyncWarningCode;
  /** A membership operation needs the plan on the relay too (it may have been local); emitted and awaited. */
  share: undefined;
}

/**
 * This device's standing in the plan: `session.membership`, the member log as stored, and what
 * happens when the log shows this device removed (revoked for good) or only the relay says so.
 */
export class SessionAccess {
  readonly events = new TypedEvents<AccessEvents>();
  readonly membership: SessionMembership;
  readonly #h: AccessDeps;
  readonly #me: string;
  #revoked = false;

  constructor(deps: AccessDeps) {
    this.#h = deps;
    this.#me = toBase64Url(deps.device.sign.publicKey);
    const { relay } = deps;
    this.membership = new SessionMembership({
      s: deps.s,
      device: deps.device,
      peopleDoc: deps.peopleDoc,
      log: deps.log,
      timeoutMs: deps.timeoutMs,
      now: () => deps.now(),
      displayName: () => deps.meta.value.displayName,
      revoked: () => this.#revoked,
      clockOf: (device) => this.#clockOf(device),
      change: {
        whenLive: (ms) => relay.whenLive(ms, (l) => deps.status.events.on('shown', l)),
        append: (event, ms) => relay.appendMemberEvent(event, ms),
        idle: () => relay.idle(),
      },
      share: () => this.events.emit('share', undefined),
      deviceLinkUrl: deps.deviceLinkUrl,
      warn: (code) => this.events.tell('warning', code),
    });
  }

  /** True once this device lost its access to the plan; it keeps what it had and sends nothing. */
  get revoked(): boolean {
    return this.#revoked;
  }

  isMember(): boolean {
    return memberOf(this.#h.log.state, this.#h.device.sign.publicKey) !== undefined;
  }

  /** Stores the log as the relay conversation accepted it; a log without us revokes. */
  async saveLog(): Promise<void> {
    await this.#h.store.setLog([...this.#h.log.events]);
    if (!this.isMember()) this.revoke();
    this.membership.notify();
  }

  /**
   * Removed (or the case closed for this device): stop talking to the relay and writing, keep
   * everything already here. Without the new epoch key nothing written later could be read anyway.
   */
  revoke(): void {
    if (this.#revoked) return;
    this.#revoked = true;
    this.events.tell('revoked', undefined);
    this.membership.notify();
    this.events.tell('changed', undefined);
  }

  /**
   * The highest update clock of `device` this device applied: where a removal or demotion caps it.
   * Our own device (an owner stepping back herself): every clock we drew, stored by the relay or not yet.
   */
  #clockOf(device: Uint8Array): number {
    const id = toBase64Url(device);
    return id === this.#me ? this.#h.meta.value.nextClock - 1 : this.#h.authors.of(id);
  }
}
