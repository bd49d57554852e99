import * as encoding from 'lib0/encoding';
import { aeadDecrypt, aeadEncrypt, AEAD_TAG_BYTES, NONCE_BYTES } from './aead.ts';
import { SYMMETRIC_KEY_BYTES } from './keys.ts';
import type { Sodium } from './sodium.ts';

const DOMAIN = 'safeplan/epoch-key-chain/v1';

/** nonce(24) | XChaCha20-Poly1305 of a 32-byte key with its tag. */
export const CHAINED_KEY_BYTES = NONCE_BYTES + SYMMETRIC_KEY_BYTES + AEAD_TAG_BYTES;

function additionalData(planId: Uint8Array, newEpoch: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, DOMAIN);
  encoding.writeVarUint8Array(e, planId);
  encoding.writeVarUint(e, newEpoch - 1);
  encoding.writeVarUint(e, newEpoch);
  return encoding.toUint8Array(e);
}

/**
 * The backward key chain: the key of epoch `newEpoch - 1` sealed under the key of `newEpoch`, so
 * whoever holds a newer key can walk back to every older one (a member who joins after a rotation
 * reads the whole plan). The additional data binds the plan and both epoch numbers: a chained key
 * never opens for another plan or another pair of epochs.
 */
export function chainEpochKey(s: Sodium, planId: Uint8Array, newEpoch: number, newKey: Uint8Array, previousKey: Uint8Array): Uint8Array {
  const nonce = s.randombytes_buf(NONCE_BYTES);
  const out = new Uint8Array(CHAINED_KEY_BYTES);
  out.set(nonce, 0);
  out.set(aeadEncrypt(s, newKey, nonce, additionalData(planId, newEpoch), previousKey), NONCE_BYTES);
  return out;
}

/** The key of epoch `newEpoch - 1`; throws CryptoError('decrypt-failed') when it does not open. */
export function openChainedEpochKey(s: Sodium, planId: Uint8Array, newEpoch: number, newKey: Uint8Array, chained: Uint8Array): Uint8Array {
  return aeadDecrypt(s, newKey, chained.subarray(0, NONCE_BYTES), additionalData(planId, newEpoch), chained.subarray(NONCE_BYTES));
}
