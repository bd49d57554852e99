import { SIGN_DOMAINS, signDetached, verifyDetached, type Sodium } from '../crypto/index.ts';

export const CHALLENGE_BYTES = 32;

/** The device proves it holds the private half of the key it named in `hello`. */
export function signChallenge(s: Sodium, challenge: Uint8Array, signPrivateKey: Uint8Array): Uint8Array {
  return signDetached(s, SIGN_DOMAINS.auth, challenge, signPrivateKey);
}

export function verifyChallenge(s: Sodium, challenge: Uint8Array, signature: Uint8Array, author: Uint8Array): boolean {
  return challenge.length === CHALLENGE_BYTES && verifyDetached(s, SIGN_DOMAINS.auth, challenge, signature, author);
}
