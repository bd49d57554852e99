import type { Sodium } from './sodium.ts';

export const HASH_BYTES = 32;

/** BLAKE2b-256 (crypto_generichash). */
export function hash(s: Sodium, bytes: Uint8Array): Uint8Array {
  return s.crypto_generichash(HASH_BYTES, bytes, null);
}
