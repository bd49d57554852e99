import type { Sodium } from './sodium.ts';

export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const SYMMETRIC_KEY_BYTES = 32;
export const PLAN_ID_BYTES = 16;

export interface KeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** A device's two key pairs: Ed25519 to sign (its public half is the device id), X25519 to receive sealed keys. */
export interface DeviceKeys {
  sign: KeyPair;
  box: KeyPair;
}

export function generateDeviceKeys(s: Sodium): DeviceKeys {
  const sign = s.crypto_sign_keypair();
  const box = s.crypto_box_keypair();
  return {
    sign: { publicKey: sign.publicKey, privateKey: sign.privateKey },
    box: { publicKey: box.publicKey, privateKey: box.privateKey },
  };
}

/** A fresh random epoch key for XChaCha20-Poly1305. */
export function generateEpochKey(s: Sodium): Uint8Array {
  return s.crypto_aead_xchacha20poly1305_ietf_keygen();
}

export function generatePlanId(s: Sodium): Uint8Array {
  return s.randombytes_buf(PLAN_ID_BYTES);
}
