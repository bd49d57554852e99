import type { Sodium } from '@safeplan/schema/crypto';

const CONTEXT = new TextEncoder().encode('safeplan/verification-code/v1');

/**
 * The short code both screens show after a join, to compare aloud: BLAKE2b over the invite's public
 * key and the joining device's signing key. Both are in the log, so the owner's device and the
 * joiner compute it alike; a different device slipped in with the same link gives another code.
 * Six digits, shown as "482 913".
 */
export function verificationCode(s: Sodium, inviteKey: Uint8Array, deviceKey: Uint8Array): string {
  const input = new Uint8Array(CONTEXT.length + inviteKey.length + deviceKey.length);
  input.set(CONTEXT, 0);
  input.set(inviteKey, CONTEXT.length);
  input.set(deviceKey, CONTEXT.length + inviteKey.length);
  const digest = s.crypto_generichash(8, input, null);
  // Four bytes give 2^32 values: the modulo bias over 10^6 is below 0.03%, harmless for a spoken check.
  const n = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
  const digits = String(n % 1_000_000).padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
