import type { SyncWarningCode } from './session.ts';
import type * as Y from 'yjs';
import type { DeviceKeys, Sodium } from '@safeplan/schema/crypto';
import { memberOf } from '@safeplan/schema/protocol';
import type { MemberLog } from './member-log.ts';
import { SessionMembership } from './membership-session.ts';
import type { PlanStore } from './plan-store.ts';

/** What the session lends to membership and revocation. */
export interface AccessHost {
  readonly s: Sodium;
  readonly device: DeviceKeys;
  /** The contributions document, where people's names live. */
  readonly peopleDoc: Y.Doc;
  readonly log: MemberLog;
  readonly store: PlanStore;
  readonly timeoutMs: number;
  readonly deviceLinkUrl?: (secret: Uint8Array) => string;
  now(): number;
  displayName(): string;
  whenLive(timeoutMs: number): Promise<void>;
  appendMemberEvent(event: Uint8Array, timeoutMs: number): Promise<void>;
  /** Resolves once every received frame is handled. */
  idle(): Promise<void>;
  /** The highest update clock of `device` this device applied: where a removal or demotion caps it. */
  clockOf(device: Uint8Array): number;
  share(): Promise<void>;
  /** Removed per the log: mark the problem and stop presence, relay and change recording. */
  stopForRevocation(): void;
  /** The relay alone says we are not a member: stop talking to it, keep sealing on the device. */
  refusedByRelay(): void;
  refresh(): void;
  /** The session's warning path (someone's details came in signed by the wrong device). */
  warn?(code: SyncWarningCode): void;
}

/**
 * This device's standing in the plan: `session.membership`, the member log as stored, and what
 * happens when the log shows this device removed (revoked for good) or only the relay says so.
 */
export class SessionAccess {
  readonly membership: SessionMembership;
  readonly #h: AccessHost;
  #revoked = false;

  constructor(host: AccessHost) {
    this.#h = host;
    this.membership = new SessionMembership({
      s: host.s,
      device: host.device,
      peopleDoc: host.peopleDoc,
      log: host.log,
      timeoutMs: host.timeoutMs,
      now: () => host.now(),
      displayName: () => host.displayName(),
      revoked: () => this.#revoked,
      clockOf: (device) => host.clockOf(device),
      change: {
        whenLive: (ms) => host.whenLive(ms),
        append: (event, ms) => host.appendMemberEvent(event, ms),
        idle: () => host.idle(),
      },
      share: () => host.share(),
      deviceLinkUrl: host.deviceLinkUrl,
      warn: (code) => host.warn?.(code),
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
   * The relay says we are not a member, but the signed log we hold does not show a removal (we may
   * not have seen it yet, or the relay lies): stop talking to it and keep sealing edits on the
   * device, so nothing typed is lost. A reopen asks the relay again.
   */
  refusedByRelay(): void {
    this.#h.refusedByRelay();
  }

  /**
   * Removed (or the case closed for this device): stop talking to the relay and writing, keep
   * everything already here. Without the new epoch key nothing written later could be read anyway.
   */
  revoke(): void {
    if (this.#revoked) return;
    this.#revoked = true;
    this.#h.stopForRevocation();
    this.membership.notify();
    this.#h.refresh();
  }
}
