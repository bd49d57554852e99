import { constantTimeEqual, openSealedEpochKey, type KeyPair, type Sodium } from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import type { MembershipState } from './state.ts';

/** Opens the epoch key sealed to this device; `no-epoch-key` if none was, `tampered` if it will not open. */
export function openEpochKey(s: Sodium, state: MembershipState, epoch: number, myBoxKeys: KeyPair): Uint8Array {
  const entry = state.sealedKeys.find((k) => k.epoch === epoch && constantTimeEqual(k.boxKey, myBoxKeys.publicKey));
  if (!entry) throw new ProtocolError('no-epoch-key', `no key for epoch ${epoch} was sealed to this device`);
  try {
    return openSealedEpochKey(s, entry.sealed, myBoxKeys);
  } catch (e) {
    throw new ProtocolError('tampered', `the key for epoch ${epoch} does not open`, { cause: e });
  }
}
