import type { Sodium } from './sodium.ts';
import { CryptoError, expectLength } from './errors.ts';
import type { KeyPair } from './keys.ts';
import { PUBLIC_KEY_BYTES, SYMMETRIC_KEY_BYTES } from './keys.ts';

/**
 * Anonymous sealed box of any bytes to one X25519 public key: what a device keeps for itself
 * alone (changes held while it has no usable epoch key), readable with its box key only.
 */
export function sealToBoxKey(s: Sodium, plaintext: Uint8Array, boxPublicKey: Uint8Array): Uint8Array {
  expectLength(boxPublicKey, PUBLIC_KEY_BYTES, 'box public key');
  return s.crypto_box_seal(plaintext, boxPublicKey);
}

export function openSealedToBox(s: Sodium, sealed: Uint8Array, box: KeyPair, what = 'sealed bytes'): Uint8Array {
  try {
    return s.crypto_box_seal_open(sealed, box.publicKey, box.privateKey);
  } catch {
    throw new CryptoError('decrypt-failed', `${what} not for this device or altered`);
  }
}

/** Anonymous sealed box of a 32-byte epoch key to one device's X25519 public key. */
export function sealEpochKey(s: Sodium, epochKey: Uint8Array, boxPublicKey: Uint8Array): Uint8Array {
  expectLength(epochKey, SYMMETRIC_KEY_BYTES, 'epoch key');
  return sealToBoxKey(s, epochKey, boxPublicKey);
}

export const SEALED_EPOCH_KEY_BYTES = SYMMETRIC_KEY_BYTES + 48;

export function openSealedEpochKey(s: Sodium, sealed: Uint8Array, box: KeyPair): Uint8Array {
  if (sealed.length !== SEALED_EPOCH_KEY_BYTES) throw new CryptoError('decrypt-failed', 'sealed key has the wrong size');
  return openSealedToBox(s, sealed, box, 'sealed key');
}
