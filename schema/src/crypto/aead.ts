import type { Sodium } from './sodium.ts';
import { CryptoError, expectLength } from './errors.ts';
import { SYMMETRIC_KEY_BYTES } from './keys.ts';

export const NONCE_BYTES = 24;
export const AEAD_TAG_BYTES = 16;

/** XChaCha20-Poly1305 IETF; `ad` is authenticated but not encrypted (the envelope header). */
export function aeadEncrypt(
  s: Sodium,
  key: Uint8Array,
  nonce: Uint8Array,
  ad: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  expectLength(key, SYMMETRIC_KEY_BYTES, 'key');
  expectLength(nonce, NONCE_BYTES, 'nonce');
  return s.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key);
}

/** Throws CryptoError('decrypt-failed') when key, nonce, ad or ciphertext do not match. */
export function aeadDecrypt(
  s: Sodium,
  key: Uint8Array,
  nonce: Uint8Array,
  ad: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array {
  expectLength(key, SYMMETRIC_KEY_BYTES, 'key');
  expectLength(nonce, NONCE_BYTES, 'nonce');
  if (ciphertext.length < AEAD_TAG_BYTES) throw new CryptoError('decrypt-failed', 'ciphertext too short');
  try {
    return s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, key);
  } catch {
    throw new CryptoError('decrypt-failed', 'ciphertext could not be authenticated');
  }
}
