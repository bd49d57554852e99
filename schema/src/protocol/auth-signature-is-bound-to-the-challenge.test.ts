import { expect, it } from 'vitest';
import { generateDeviceKeys, ready, SIGN_DOMAINS, signDetached } from '../crypto/index.ts';
import { CHALLENGE_BYTES, signChallenge, verifyChallenge } from './auth.ts';

const s = await ready();

it('an auth signature proves the device key for this challenge only', () => {
  const device = generateDeviceKeys(s);
  const challenge = s.randombytes_buf(CHALLENGE_BYTES);
  const sig = signChallenge(s, challenge, device.sign.privateKey);
  expect(verifyChallenge(s, challenge, sig, device.sign.publicKey)).toBe(true);
  expect(verifyChallenge(s, s.randombytes_buf(CHALLENGE_BYTES), sig, device.sign.publicKey)).toBe(false);
  expect(verifyChallenge(s, challenge, sig, generateDeviceKeys(s).sign.publicKey)).toBe(false);
  // A signature made for an envelope over the same bytes is not an auth signature.
  const envelopeSig = signDetached(s, SIGN_DOMAINS.envelope, challenge, device.sign.privateKey);
  expect(verifyChallenge(s, challenge, envelopeSig, device.sign.publicKey)).toBe(false);
  expect(verifyChallenge(s, challenge.subarray(0, 16), sig, device.sign.publicKey)).toBe(false);
});
