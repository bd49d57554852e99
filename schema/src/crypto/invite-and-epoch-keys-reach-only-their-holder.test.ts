import { expect, it } from 'vitest';
import { ready } from './sodium.ts';
import { deriveInviteKeys, generateInviteSecret } from './invite-keys.ts';
import { openSealedEpochKey, sealEpochKey } from './sealed-box.ts';
import { generateDeviceKeys, generateEpochKey } from './keys.ts';
import { SIGN_DOMAINS, signDetached, verifyDetached } from './sign.ts';
import { hash } from './hash.ts';

const s = await ready();

it('derives the same invite keys from the same secret, and different ones otherwise', () => {
  const secret = generateInviteSecret(s);
  const a = deriveInviteKeys(s, secret);
  const b = deriveInviteKeys(s, secret.slice());
  const c = deriveInviteKeys(s, generateInviteSecret(s));
  expect(a.sign.publicKey).toEqual(b.sign.publicKey);
  expect(a.box.publicKey).toEqual(b.box.publicKey);
  expect(a.sign.publicKey).not.toEqual(c.sign.publicKey);
  // The sign and box seeds are separated: the two public keys are unrelated.
  expect(a.sign.publicKey).not.toEqual(a.box.publicKey);
  const sig = signDetached(s, SIGN_DOMAINS.memberEvent, new Uint8Array([1]), a.sign.privateKey);
  expect(verifyDetached(s, SIGN_DOMAINS.memberEvent, new Uint8Array([1]), sig, b.sign.publicKey)).toBe(true);
  expect(() => deriveInviteKeys(s, new Uint8Array(31))).toThrow(/invite secret must be 32 bytes/);
});

it('a sealed epoch key opens for its device and for the invite box key, for no one else', () => {
  const epochKey = generateEpochKey(s);
  const device = generateDeviceKeys(s);
  const stranger = generateDeviceKeys(s);
  const sealed = sealEpochKey(s, epochKey, device.box.publicKey);
  expect(openSealedEpochKey(s, sealed, device.box)).toEqual(epochKey);
  expect(() => openSealedEpochKey(s, sealed, stranger.box)).toThrow(/decrypt-failed/);
  const altered = sealed.slice();
  altered[50] = (altered[50] ?? 0) ^ 1;
  expect(() => openSealedEpochKey(s, altered, device.box)).toThrow(/decrypt-failed/);

  const invite = deriveInviteKeys(s, generateInviteSecret(s));
  expect(openSealedEpochKey(s, sealEpochKey(s, epochKey, invite.box.publicKey), invite.box)).toEqual(epochKey);
});

it('hashes with BLAKE2b-256', () => {
  // Known answer: BLAKE2b-256 of the empty string.
  expect(Buffer.from(hash(s, new Uint8Array())).toString('hex')).toBe(
    '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8',
  );
});
