import type { Sodium } from '../crypto/index.ts';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from '../crypto/index.ts';

/**
 * Signature domains of the review area. Built exactly like crypto/sign.ts (utf8(domain) || 0x00 ||
 * message), but kept here until crypto's SIGN_DOMAINS lists them, so a fix or an endorsement can
 * never verify as an envelope, a member event or an auth answer, nor as each other.
 */
export const REVIEW_SIGN_DOMAINS = {
  versionFix: 'safeplan/version-fix/v1',
  endorsement: 'safeplan/endorsement/v1',
} as const;

export type ReviewSignDomain = (typeof REVIEW_SIGN_DOMAINS)[keyof typeof REVIEW_SIGN_DOMAINS];

const encoder = new TextEncoder();

function separated(domain: ReviewSignDomain, message: Uint8Array): Uint8Array {
  const tag = encoder.encode(domain);
  const out = new Uint8Array(tag.length + 1 + message.length);
  out.set(tag, 0);
  out[tag.length] = 0;
  out.set(message, tag.length + 1);
  return out;
}

export function reviewSign(s: Sodium, domain: ReviewSignDomain, message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return s.crypto_sign_detached(separated(domain, message), privateKey);
}

/** False for any bad signature or key; never throws on attacker-controlled input. */
export function reviewVerify(
  s: Sodium,
  domain: ReviewSignDomain,
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return false;
  try {
    return s.crypto_sign_verify_detached(signature, separated(domain, message), publicKey);
  } catch {
    return false;
  }
}
