import { openSealedEpochKey, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import { mayPublish, memberOf, roleUnderEpoch, type Channel, type MembershipState } from '@safeplan/schema/protocol';

/**
 * What the session needs from membership: who may write under which epoch, and the epoch keys
 * this device can open. Built from the membership log once `@safeplan/schema/protocol` validates
 * it; a plan that was never shared has only its creator.
 */
export interface MembershipView {
  readonly currentEpoch: number;
  /**
   * The epoch key if `author` may write `channel` under `epoch` (null: only membership counts,
   * as for presence); 'no-key' if it may but this device lacks the key; 'not-allowed' if it was a
   * member whose role may not write that channel; undefined if it was no member then.
   */
  keyFor(author: Uint8Array, epoch: number, channel: Channel | null): Uint8Array | undefined | 'no-key' | 'not-allowed';
}

/** Epoch keys sealed to this device's box key, as kept in `plans/<id>/keys`. */
export type SealedKeyring = Record<number, Uint8Array>;

export function openKeyring(s: Sodium, device: DeviceKeys, sealed: SealedKeyring): Map<number, Uint8Array> {
  const keys = new Map<number, Uint8Array>();
  for (const [epoch, bytes] of Object.entries(sealed)) keys.set(Number(epoch), openSealedEpochKey(s, bytes, device.box));
  return keys;
}

/**
 * The view of a validated membership log: current members may write under every epoch up to the
 * current one, removed devices only under the epochs before their removal (what they wrote then
 * stays valid), each only on the channels their role writes. Keys come from this device's keyring.
 */
export function viewOfState(state: MembershipState, keys: ReadonlyMap<number, Uint8Array>): MembershipView {
  return {
    currentEpoch: state.epoch,
    keyFor(author, epoch, channel) {
      // The role once (mayHaveWritten would find it again): asked for every delivered envelope.
      const role = roleUnderEpoch(state, author, epoch);
      if (role === undefined) return undefined;
      if (channel !== null && !mayPublish(role, channel)) return 'not-allowed';
      return keys.get(epoch) ?? 'no-key';
    },
  };
}

/** Whether `device` (its signing key), per the log's state now, may write `channel`. */
export function mayWrite(state: MembershipState, device: Uint8Array, channel: Channel): boolean {
  const me = memberOf(state, device);
  return me !== undefined && mayPublish(me.role, channel);
}
