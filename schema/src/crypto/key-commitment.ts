import * as encoding from 'lib0/encoding';
import { HASH_BYTES } from './hash.ts';
import type { Sodium } from './sodium.ts';

const DOMAIN = 'safeplan/epoch-key-commitment/v1';

/**
 * A commitment to an epoch key that reveals nothing of it: BLAKE2b-256 keyed with the key over
 * `domain || planId || epoch`. A rotation event carries it, so every device that opens its sealed
 * copy can check it got the same key as everyone else (sealed boxes are anonymous; a signer could
 * otherwise seal a different key to each member).
 */
export function epochKeyCommitment(s: Sodium, planId: Uint8Array, epoch: number, epochKey: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, DOMAIN);
  encoding.writeVarUint8Array(e, planId);
  encoding.writeVarUint(e, epoch);
  return s.crypto_generichash(HASH_BYTES, encoding.toUint8Array(e), epochKey);
}
