import type { Sodium } from './sodium.ts';
import type { DeviceKeys } from './keys.ts';
import { PLAN_ID_BYTES } from './keys.ts';
import { expectLength } from './errors.ts';

/** 128 bits: far beyond guessing, short enough to type from paper. */
export const RECOVERY_SECRET_BYTES = 16;
const CHECK_BYTES = 2;
const CODE_BYTES = PLAN_ID_BYTES + RECOVERY_SECRET_BYTES + CHECK_BYTES;

// crypto_kdf contexts are exactly 8 bytes; the secret is stretched to a kdf key with its own personalisation.
const KDF_CONTEXT = 'sprecovr';
const SIGN_SEED_ID = 1;
const BOX_SEED_ID = 2;
/** Crockford base32: no I, L, O or U, so 1/I/L and 0/O read the same when typed. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function generateRecoverySecret(s: Sodium): Uint8Array {
  return s.randombytes_buf(RECOVERY_SECRET_BYTES);
}

/**
 * The kit's key pairs from its secret. The secret has 128 bits of entropy, so a fast KDF is
 * enough: BLAKE2b (keyed with the plan id, so one code never fits two plans) makes the 32-byte
 * master key, crypto_kdf splits it into the two seeds.
 */
export function deriveRecoveryKeys(s: Sodium, planId: Uint8Array, secret: Uint8Array): DeviceKeys {
  expectLength(secret, RECOVERY_SECRET_BYTES, 'recovery secret');
  expectLength(planId, PLAN_ID_BYTES, 'plan id');
  const master = s.crypto_generichash(32, secret, planId);
  const signSeed = s.crypto_kdf_derive_from_key(s.crypto_sign_SEEDBYTES, SIGN_SEED_ID, KDF_CONTEXT, master);
  const boxSeed = s.crypto_kdf_derive_from_key(s.crypto_box_SEEDBYTES, BOX_SEED_ID, KDF_CONTEXT, master);
  const sign = s.crypto_sign_seed_keypair(signSeed);
  const box = s.crypto_box_seed_keypair(boxSeed);
  for (const x of [master, signSeed, boxSeed]) s.memzero(x);
  return {
    sign: { publicKey: sign.publicKey, privateKey: sign.privateKey },
    box: { publicKey: box.publicKey, privateKey: box.privateKey },
  };
}

function checkOf(s: Sodium, body: Uint8Array): Uint8Array {
  return s.crypto_generichash(16, body, null).slice(0, CHECK_BYTES);
}

/**
 * The code on the kit: plan id, secret and a 2-byte check, in Crockford base32, in groups of four
 * ("7K3M-QX2A-…"). The check catches a typo before anything reaches the relay.
 */
export function formatRecoveryCode(s: Sodium, planId: Uint8Array, secret: Uint8Array): string {
  expectLength(secret, RECOVERY_SECRET_BYTES, 'recovery secret');
  const body = new Uint8Array([...planId, ...secret]);
  const bytes = new Uint8Array([...body, ...checkOf(s, body)]);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)!.join('-');
}

export type RecoveryCodeProblem = 'length' | 'character' | 'typo';

export class RecoveryCodeError extends Error {
  constructor(readonly problem: RecoveryCodeProblem) {
    super(`recovery code: ${problem}`);
  }
}

/** Reads a typed or scanned code: case, spaces and dashes do not matter; O reads as 0, I and L as 1. */
export function parseRecoveryCode(s: Sodium, text: string): { planId: Uint8Array; secret: Uint8Array } {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const wanted = Math.ceil((CODE_BYTES * 8) / 5);
  if (clean.length !== wanted) throw new RecoveryCodeError('length');
  const bytes = new Uint8Array(CODE_BYTES);
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new RecoveryCodeError('character');
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      if (at < CODE_BYTES) bytes[at++] = (value >>> (bits - 8)) & 255;
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  const body = bytes.slice(0, PLAN_ID_BYTES + RECOVERY_SECRET_BYTES);
  const check = checkOf(s, body);
  if (check[0] !== bytes[body.length] || check[1] !== bytes[body.length + 1]) throw new RecoveryCodeError('typo');
  return { planId: body.slice(0, PLAN_ID_BYTES), secret: body.slice(PLAN_ID_BYTES) };
}
