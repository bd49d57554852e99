import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { aeadDecrypt, aeadEncrypt, NONCE_BYTES, type NonceSource, type Sodium } from '@safeplan/schema/crypto';

/**
 * What a sealed record is for, bound into the AEAD's additional data: a fixed version never opens
 * as a local snapshot, or the other way round.
 */
export const SEAL_PURPOSES = {
  reviewVersion: 'safeplan/review-version/v1',
  localSnapshot: 'safeplan/local-snapshot/v1',
} as const;
export type SealPurpose = (typeof SEAL_PURPOSES)[keyof typeof SEAL_PURPOSES];

export class EpochSealError extends Error {
  constructor(readonly code: 'no-epoch-key' | 'unreadable') {
    super(code);
  }
}

function additionalData(purpose: SealPurpose, planId: Uint8Array, epoch: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, purpose);
  encoding.writeVarUint8Array(e, planId);
  encoding.writeVarUint(e, epoch);
  return encoding.toUint8Array(e);
}

/**
 * Plan data sealed under an epoch key outside envelopes (a fixed version in the document, the
 * device's local snapshot): `varuint epoch | nonce(24) | XChaCha20-Poly1305(epoch key, ad =
 * purpose | planId | epoch)`. The epoch travels in the clear so whoever holds that epoch's key
 * opens it later, after rotations too; the plan id in the ad keeps it to this plan. Not signed:
 * it proves "sealed by a holder of this epoch's key", nothing about which member.
 */
export function sealUnderEpoch(
  s: Sodium,
  purpose: SealPurpose,
  planId: Uint8Array,
  epoch: number,
  key: Uint8Array,
  nonces: NonceSource,
  plaintext: Uint8Array,
): Uint8Array {
  const nonce = nonces.next();
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, epoch);
  encoding.writeUint8Array(e, nonce);
  encoding.writeUint8Array(e, aeadEncrypt(s, key, nonce, additionalData(purpose, planId, epoch), plaintext));
  return encoding.toUint8Array(e);
}

/** The epoch a sealed record names in the clear, or undefined when it does not even start with one. */
export function sealedEpoch(sealed: Uint8Array): number | undefined {
  try {
    return decoding.readVarUint(decoding.createDecoder(sealed));
  } catch {
    return undefined;
  }
}

/** Throws EpochSealError: `no-epoch-key` when this device never had that epoch's key, else `unreadable`. */
export function openUnderEpoch(
  s: Sodium,
  purpose: SealPurpose,
  planId: Uint8Array,
  keyFor: (epoch: number) => Uint8Array | undefined,
  sealed: Uint8Array,
): Uint8Array {
  let epoch: number;
  let nonce: Uint8Array;
  let ciphertext: Uint8Array;
  try {
    const d = decoding.createDecoder(sealed);
    epoch = decoding.readVarUint(d);
    nonce = decoding.readUint8Array(d, NONCE_BYTES);
    ciphertext = decoding.readTailAsUint8Array(d);
  } catch {
    throw new EpochSealError('unreadable');
  }
  const key = keyFor(epoch);
  if (!key) throw new EpochSealError('no-epoch-key');
  try {
    return aeadDecrypt(s, key, nonce, additionalData(purpose, planId, epoch), ciphertext);
  } catch {
    throw new EpochSealError('unreadable');
  }
}
