import { toBase64Url } from '@safeplan/schema/crypto';
import { memberOf } from '@safeplan/schema/protocol';
import type { MemberLog } from './member-log.ts';
import type { SyncWarning, SyncWarningCode } from './session.ts';
import { SyncError } from './sync-error.ts';
import { TypedEvents } from './typed-events.ts';

/** This device's standing, as far as the alarms need it (session-access.ts). */
export interface KeyAccess {
  readonly revoked: boolean;
  /** Signs the `rotate-key` the log owes (an owner's device only); resolves when the relay holds it. */
  readonly membership: { rotateOwedKey(): Promise<void> };
}

/** What the alarms tell, in the turn they find it (the session shows it: session-status.ts). */
export interface KeyAlarmEvents extends Record<string, unknown> {
  warning: { code: SyncWarningCode; concerns?: SyncWarning['concerns'] };
  /** The problem the keys cause now, or null when they cause none (any earlier one is mended). */
  problem: 'key-split' | 'history-unreadable' | null;
}

/**
 * What the member log says about the epoch keys, turned into what the person sees and what an
 * owner's device does (docs/protocol.md "Key rotations every device can check"):
 * - older epochs this device holds no key for (a rotation without the key chain, or a bad chained
 *   key): the problem `history-unreadable` (part of the plan cannot be opened here);
 * - a key sealed to this device that is not the one its rotation committed to: the alarm
 *   `key-split`, naming the event and its signer, and the problem `key-split` while it is the
 *   current epoch's key (the device then writes nothing others could not read);
 * - pending invites a rotation ended: `invites-lapsed` on an owner's device (make a new link);
 * - a removal that left the rotation to an owner: an owner's device rotates the key.
 */
export class KeyAlarms {
  readonly events = new TypedEvents<KeyAlarmEvents>();
  readonly #told = new Set<number>();
  #rotating = false;

  /** `me`: this device's signing key. */
  constructor(
    private readonly log: MemberLog,
    private readonly me: Uint8Array,
    private readonly access: KeyAccess,
  ) {}

  /** Runs after every change of the log (and at load); never waits for the relay. */
  check(): void {
    const { log } = this;
    for (const split of log.splits) {
      if (this.#told.has(split.epoch)) continue;
      this.#told.add(split.epoch);
      this.#warn('key-split', { eventHash: split.eventHash, devicePub: split.signer, ...(split.signerPerson ? { personId: split.signerPerson } : {}) });
    }
    const currentSplit = log.splits.some((s) => s.epoch === log.state.epoch);
    // Part of the plan this device cannot open is never "synced", also after a reopen.
    this.events.tell('problem', currentSplit ? 'key-split' : log.unreadableEpochs.length > 0 ? 'history-unreadable' : null);
    const owner = memberOf(log.state, this.me)?.role === 'owner';
    const lapsed = log.takeLapsedInvites();
    if (lapsed > 0 && owner) this.#warn('invites-lapsed');
    if (owner && log.state.rotationOwed && !this.#rotating && !this.access.revoked) this.#rotate();
  }

  #warn(code: SyncWarningCode, concerns?: SyncWarning['concerns']): void {
    this.events.tell('warning', { code, ...(concerns ? { concerns } : {}) });
  }

  #rotate(): void {
    this.#rotating = true;
    this.access.membership
      .rotateOwedKey()
      .catch((err: unknown) => {
        // Offline: the next catch-up tries again. Anything else the person must know about.
        if (!(err instanceof SyncError && err.code === 'offline')) this.#warn('key-rotation-failed', { devicePub: toBase64Url(this.me) });
      })
      .finally(() => {
        this.#rotating = false;
      });
  }
}
