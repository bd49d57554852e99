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

/** utf8(domain) || 0x00 for every domain, encoded once: every signature made or checked starts with one. */
const DOMAIN_TAGS = new Map<string, Uint8Array>(Object.values(SIGN_DOMAINS).map((d) => [d, tagOf(d)]));

function tagOf(domain: string): Uint8Array {
  const name = encoder.encode(domain);
  const tag = new Uint8Array(name.length + 1);
  tag.set(name, 0);
  return tag;
}

/** utf8(domain) || 0x00: what every signed message of `domain` starts with. Shared: read it, never write to it. */
export function domainTag(domain: SignDomain): Uint8Array {
  return DOMAIN_TAGS.get(domain) ?? tagOf(domain);
}

/**
 * utf8(domain) || 0x00 || message. The message may come in parts (an envelope's header and
 * ciphertext): they are joined here, in the one copy a signature needs anyway.
 */
export function domainSeparated(domain: SignDomain, message: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const tag = domainTag(domain);
  const parts: readonly Uint8Array[] = Array.isArray(message) ? (message as readonly Uint8Array[]) : [message as Uint8Array];
  let length = tag.length;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  out.set(tag, 0);
  let at = tag.length;
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
