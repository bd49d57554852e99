import type { Sodium } from '../crypto/index.ts';
import { SIGN_DOMAINS, signDetached, verifyDetached } from '../crypto/index.ts';

/** The review area's signature domains, so a fix or an endorsement never verifies as anything else. */
export const REVIEW_SIGN_DOMAINS = {
  versionFix: SIGN_DOMAINS.versionFix,
  endorsement: SIGN_DOMAINS.endorsement,
} as const;

export type ReviewSignDomain = (typeof REVIEW_SIGN_DOMAINS)[keyof typeof REVIEW_SIGN_DOMAINS];

export function reviewSign(s: Sodium, domain: ReviewSignDomain, message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return signDetached(s, domain, message, privateKey);
}

/** False for any bad signature or key; never throws on attacker-controlled input. */
export function reviewVerify(
  s: Sodium,
  domain: ReviewSignDomain,
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  return verifyDetached(s, domain, message, signature, publicKey);
}
