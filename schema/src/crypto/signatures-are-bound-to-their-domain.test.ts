import { expect, it } from 'vitest';
import { ready } from './sodium.ts';
import { SIGN_DOMAINS, signDetached, verifyDetached } from './sign.ts';
import { generateDeviceKeys } from './keys.ts';

const s = await ready();

it('a signature verifies only under its own domain, message and key', () => {
  const me = generateDeviceKeys(s);
  const other = generateDeviceKeys(s);
  const msg = new Uint8Array([1, 2, 3]);
  const sig = signDetached(s, SIGN_DOMAINS.envelope, msg, me.sign.privateKey);
  expect(verifyDetached(s, SIGN_DOMAINS.envelope, msg, sig, me.sign.publicKey)).toBe(true);
  expect(verifyDetached(s, SIGN_DOMAINS.auth, msg, sig, me.sign.publicKey)).toBe(false);
  expect(verifyDetached(s, SIGN_DOMAINS.memberEvent, msg, sig, me.sign.publicKey)).toBe(false);
  expect(verifyDetached(s, SIGN_DOMAINS.envelope, new Uint8Array([1, 2, 4]), sig, me.sign.publicKey)).toBe(false);
  expect(verifyDetached(s, SIGN_DOMAINS.envelope, msg, sig, other.sign.publicKey)).toBe(false);
});

it('garbage signatures and keys give false, never an exception', () => {
  const msg = new Uint8Array([9]);
  expect(verifyDetached(s, SIGN_DOMAINS.auth, msg, new Uint8Array(64), new Uint8Array(32))).toBe(false);
  expect(verifyDetached(s, SIGN_DOMAINS.auth, msg, new Uint8Array(3), new Uint8Array(32))).toBe(false);
  expect(verifyDetached(s, SIGN_DOMAINS.auth, msg, new Uint8Array(64), new Uint8Array(31))).toBe(false);
  expect(verifyDetached(s, SIGN_DOMAINS.auth, msg, new Uint8Array(64).fill(255), new Uint8Array(32).fill(255))).toBe(
    false,
  );
});
