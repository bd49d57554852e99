import { constantTimeEqual, openSealedEpochKey, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import { keyId, keyMatchesCommitment, pendingInvites, validateLog, walkKeyChain, type MembershipState } from '@safeplan/schema/protocol';
import { viewOfState, type MembershipView } from './membership-view.ts';

/** The relay's log and ours disagree on an event: someone forged or rewrote history. */
export class LogConflictError extends Error {
  constructor() {
    super('log-forked');
  }
}

/**
 * A rotation sealed this device a key other than the one it committed to: its signer gave
 * different members different keys. Named by the event (its hash) and its signer.
 */
export interface KeySplit {
  epoch: number;
  eventHash: string;
  signer: string;
  signerPerson?: string;
}

/**
 * This device's copy of a plan's membership log. The relay keeps the log linear; a client still
 * re-validates every event it is sent with the shared rules, and only ever accepts a log that
 * extends the one it had.
 */
export class MemberLog {
  #events: Uint8Array[];
  #state: MembershipState;
  readonly #keys = new Map<number, Uint8Array>();
  readonly #splits = new Map<number, KeySplit>();
  /** Pending invites a rotation ended since the session last asked (lapsedInvites). */
  #lapsed = 0;

  constructor(
    private readonly s: Sodium,
    private readonly device: DeviceKeys,
    events: Uint8Array[],
    state: MembershipState,
    keyring: ReadonlyMap<number, Uint8Array>,
  ) {
    this.#events = events;
    this.#state = state;
    for (const [epoch, key] of keyring) this.#keys.set(epoch, key);
    this.#openSealedKeys();
  }

  get events(): readonly Uint8Array[] {
    return this.#events;
  }

  get state(): MembershipState {
    return this.#state;
  }

  keyFor(epoch: number): Uint8Array | undefined {
    return this.#keys.get(epoch);
  }

  /** Epochs whose key, as sealed to this device, is not the one the rotation committed to. */
  get splits(): readonly KeySplit[] {
    return [...this.#splits.values()];
  }

  /**
   * Epochs before the newest key this device holds whose key it has neither been sealed nor could
   * walk back to (a rotation written without the key chain, or a split): what was written under
   * them cannot be read here.
   */
  get unreadableEpochs(): number[] {
    const newest = Math.max(-1, ...this.#keys.keys());
    const out: number[] = [];
    for (let epoch = 0; epoch < newest; epoch++) if (!this.#keys.has(epoch)) out.push(epoch);
    return out;
  }

  /** How many pending invites rotations ended since the last call (they die with their epoch). */
  takeLapsedInvites(): number {
    const n = this.#lapsed;
    this.#lapsed = 0;
    return n;
  }

  view(): MembershipView {
    return viewOfState(this.#state, this.#keys);
  }

  contains(event: Uint8Array): boolean {
    return this.#events.some((e) => sameBytes(e, event));
  }

  /**
   * The full log sent on subscribe. Returns our events the relay does not have yet (to push);
   * throws LogConflictError when neither log extends the other, or the relay's does not validate.
   */
  adoptFull(relayEvents: readonly Uint8Array[], now: number): { changed: boolean; missing: Uint8Array[] } {
    const common = Math.min(relayEvents.length, this.#events.length);
    for (let i = 0; i < common; i++) if (!sameBytes(relayEvents[i]!, this.#events[i]!)) throw new LogConflictError();
    if (relayEvents.length <= this.#events.length) return { changed: false, missing: this.#events.slice(relayEvents.length) };
    this.#accept([...relayEvents], now);
    return { changed: true, missing: [] };
  }

  /** Events from a live `log` frame; returns whether anything new was accepted. */
  appendLive(events: readonly Uint8Array[], now: number): boolean {
    const fresh = events.filter((e) => !this.contains(e));
    if (fresh.length === 0) return false;
    this.#accept([...this.#events, ...fresh], now);
    return true;
  }

  #accept(events: Uint8Array[], now: number): void {
    let state: MembershipState;
    try {
      // Events we did not hold yet are judged as new ones: a rotation must commit to its key.
      state = validateLog(this.s, events, now, { strictFrom: this.#events.length });
    } catch {
      throw new LogConflictError();
    }
    if (!constantTimeEqual(state.planId, this.#state.planId)) throw new LogConflictError();
    if (state.epoch > this.#state.epoch) {
      const still = new Set(pendingInvites(state, now).map((i) => keyId(i.inviteKey)));
      const ended = pendingInvites(this.#state, now).filter((i) => !still.has(keyId(i.inviteKey)) && !state.invites.get(keyId(i.inviteKey))?.usedBy);
      this.#lapsed += ended.filter((i) => state.invites.get(keyId(i.inviteKey))?.revokedAt === undefined).length;
    }
    this.#events = events;
    this.#state = state;
    this.#openSealedKeys();
  }

  /**
   * Epoch keys the log seals to this device (create, join, link-device, rotations), each checked
   * against its rotation's commitment. A key that does not match is never used: the epoch is
   * marked split, so the session raises the alarm instead of writing what others cannot read.
   */
  #openSealedKeys(): void {
    for (const entry of this.#state.sealedKeys) {
      if (this.#keys.has(entry.epoch) || this.#splits.has(entry.epoch) || !constantTimeEqual(entry.boxKey, this.device.box.publicKey)) continue;
      try {
        this.#keys.set(entry.epoch, openSealedEpochKey(this.s, entry.sealed, this.device.box));
      } catch {
        // A sealed key that does not open is reported as 'no-epoch-key' when an envelope needs it.
      }
    }
    for (const [epoch, key] of this.#keys) {
      if (keyMatchesCommitment(this.s, this.#state, epoch, key)) continue;
      this.#keys.delete(epoch);
      this.#splits.set(epoch, this.#splitNamedBy(epoch, epoch));
    }
    // The backward key chain: older epochs' keys from the newest one held (a member who joined
    // after a rotation reads the whole plan). A chained key that does not open or is not the
    // committed one is the alarm too, named by the rotation that carried it.
    // A split epoch is walked too: the chain from an owner's next rotation brings the committed key.
    const problems = walkKeyChain(this.s, this.#state, this.#keys);
    for (const p of problems) if (!this.#splits.has(p.epoch)) this.#splits.set(p.epoch, this.#splitNamedBy(p.epoch, p.from));
  }

  #splitNamedBy(epoch: number, by: number): KeySplit {
    const start = this.#state.epochs[by]!;
    const signer = this.#state.members.get(keyId(start.signer)) ?? this.#state.removed.get(keyId(start.signer));
    return {
      epoch,
      eventHash: keyId(start.eventHash),
      signer: keyId(start.signer),
      ...(signer ? { signerPerson: keyId(signer.personId) } : {}),
    };
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
