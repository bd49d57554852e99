import type { Sodium } from './sodium.ts';
import type { KeyPair } from './keys.ts';
import { expectLength } from './errors.ts';

export const INVITE_SECRET_BYTES = 32;

// crypto_kdf contexts are exactly 8 bytes; subkey ids keep the two derived seeds apart.
const KDF_CONTEXT = 'spinvite';
const SIGN_SEED_ID = 1;
const BOX_SEED_ID = 2;

export interface InviteKeys {
  sign: KeyPair;
  box: KeyPair;
}

export function generateInviteSecret(s: Sodium): Uint8Array {
  return s.randombytes_buf(INVITE_SECRET_BYTES);
}

/** Both sides of an invite derive the same key pairs from the secret in the link's fragment. */
export function deriveInviteKeys(s: Sodium, secret: Uint8Array): InviteKeys {
  expectLength(secret, INVITE_SECRET_BYTES, 'invite secret');
  const signSeed = s.crypto_kdf_derive_from_key(s.crypto_sign_SEEDBYTES, SIGN_SEED_ID, KDF_CONTEXT, secret);
  const boxSeed = s.crypto_kdf_derive_from_key(s.crypto_box_SEEDBYTES, BOX_SEED_ID, KDF_CONTEXT, secret);
  const sign = s.crypto_sign_seed_keypair(signSeed);
  const box = s.crypto_box_seed_keypair(boxSeed);
  s.memzero(signSeed);
  s.memzero(boxSeed);
  return {
    sign: { publicKey: sign.publicKey, privateKey: sign.privateKey },
    box: { publicKey: box.publicKey, privateKey: box.privateKey },
  };
}
