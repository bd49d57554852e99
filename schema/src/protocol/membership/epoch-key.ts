import { constantTimeEqual, epochKeyCommitment, openSealedEpochKey, type KeyPair, type Sodium } from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import type { MembershipState } from './state.ts';

/**
 * Opens the epoch key sealed to this device; `no-epoch-key` if none was, `tampered` if it will not
 * open, `key-split` if it is not the key the rotation committed to (the signer sealed different
 * keys to different members).
 */
export function openEpochKey(s: Sodium, state: MembershipState, epoch: number, myBoxKeys: KeyPair): Uint8Array {
  const entry = state.sealedKeys.find((k) => k.epoch === epoch && constantTimeEqual(k.boxKey, myBoxKeys.publicKey));
  if (!entry) throw new ProtocolError('no-epoch-key', `no key for epoch ${epoch} was sealed to this device`);
  let key: Uint8Array;
  try {
    key = openSealedEpochKey(s, entry.sealed, myBoxKeys);
  } catch (e) {
    throw new ProtocolError('tampered', `the key for epoch ${epoch} does not open`, { cause: e });
  }
  if (!keyMatchesCommitment(s, state, epoch, key)) {
    throw new ProtocolError('key-split', `the key for epoch ${epoch} is not the one its rotation committed to`);
  }
  return key;
}

/**
 * Whether `key` is the key the event that began `epoch` committed to. True when that event carries
 * no commitment (epoch 0, rotations written before event version 3): nothing to check against.
 */
export function keyMatchesCommitment(s: Sodium, state: MembershipState, epoch: number, key: Uint8Array): boolean {
  const start = state.epochs[epoch];
  if (!start?.commitment) return true;
  return constantTimeEqual(epochKeyCommitment(s, state.planId, epoch, key), start.commitment);
}
