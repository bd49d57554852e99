import type { Sodium } from './sodium.ts';
import { SIGNATURE_BYTES, PUBLIC_KEY_BYTES } from './keys.ts';
import { expectLength } from './errors.ts';

/** Every signature names what it is for, so a signature on one kind of message never verifies as another. */
export const SIGN_DOMAINS = {
  envelope: 'safeplan/envelope/v1',
  memberEvent: 'safeplan/member-event/v1',
  auth: 'safeplan/auth/v1',
  versionFix: 'safeplan/version-fix/v1',
  endorsement: 'safeplan/endorsement/v1',
  personDetails: 'safeplan/person-details/v1',
} as const;

export type SignDomain = (typeof SIGN_DOMAINS)[keyof typeof SIGN_DOMAINS];

const encoder = new TextEncoder();

/** Each domain's UTF-8 bytes, encoded once: every signature made or checked starts with them. */
const DOMAIN_TAGS = new Map<string, Uint8Array>(Object.values(SIGN_DOMAINS).map((d) => [d, encoder.encode(d)]));

/**
 * utf8(domain) || 0x00 || message. The message may come in parts (an envelope's header and
 * ciphertext): they are joined here, in the one copy a signature needs anyway.
 */
export function domainSeparated(domain: SignDomain, message: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const tag = DOMAIN_TAGS.get(domain) ?? encoder.encode(domain);
  const parts: readonly Uint8Array[] = Array.isArray(message) ? (message as readonly Uint8Array[]) : [message as Uint8Array];
  let length = tag.length + 1;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  out.set(tag, 0);
  out[tag.length] = 0;
  let at = tag.length + 1;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function signDetached(s: Sodium, domain: SignDomain, message: Uint8Array | readonly Uint8Array[], privateKey: Uint8Array): Uint8Array {
  expectLength(privateKey, s.crypto_sign_SECRETKEYBYTES, 'signing private key');
  return s.crypto_sign_detached(domainSeparated(domain, message), privateKey);
}

/** False for any bad signature or key; never throws on attacker-controlled input. */
export function verifyDetached(
  s: Sodium,
  domain: SignDomain,
  message: Uint8Array | readonly Uint8Array[],
  signature: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return false;
  try {
    return s.crypto_sign_verify_detached(signature, domainSeparated(domain, message), publicKey);
  } catch {
    // libsodium throws on some malformed public keys (small-order points): that is just "not valid".
    return false;
  }
}
