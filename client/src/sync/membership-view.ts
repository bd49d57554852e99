import { openSealedEpochKey, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import { mayHaveWritten, type MembershipState } from '@safeplan/schema/protocol';

/**
 * What the session needs from membership: who may write under which epoch, and the epoch keys
 * this device can open. Built from the membership log once `@safeplan/schema/protocol` validates
 * it; a plan that was never shared has only its creator.
 */
export interface MembershipView {
  readonly currentEpoch: number;
  /** The epoch key if `author` may write under `epoch`, 'no-key' if it may but this device lacks the key. */
  keyFor(author: Uint8Array, epoch: number): Uint8Array | undefined | 'no-key';
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
 * stays valid). Keys come from this device's keyring.
 */
export function viewOfState(state: MembershipState, keys: ReadonlyMap<number, Uint8Array>): MembershipView {
  return {
    currentEpoch: state.epoch,
    keyFor(author, epoch) {
      if (!mayHaveWritten(state, author, epoch)) return undefined;
      return keys.get(epoch) ?? 'no-key';
    },
  };
}
