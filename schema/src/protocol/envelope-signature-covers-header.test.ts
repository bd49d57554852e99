import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import {
  generateDeviceKeys,
  generateEpochKey,
  generatePlanId,
  NonceSource,
  ready,
  SIGN_DOMAINS,
  signDetached,
} from '../crypto/index.ts';
import { envelopeSignedParts, openEnvelope, sealEnvelope, verifyEnvelope } from './envelope.ts';
import { decodeEnvelopeHeader, encodeEnvelopeHeader } from './envelope-header.ts';
import { ProtocolError } from './errors.ts';

const s = await ready();

function setup() {
  const device = generateDeviceKeys(s);
  const key = generateEpochKey(s);
  const planId = generatePlanId(s);
  const nonces = NonceSource.random(s);
  const plaintext = new TextEncoder().encode('Veilige plek: bij de buren op nummer 12.');
  const bytes = sealEnvelope(s, { planId, epoch: 3, author: device.sign, clock: 7, kind: 'update' }, key, plaintext, nonces);
  return { device, key, planId, nonces, plaintext, bytes };
}

/** Re-assemble an envelope from parts, so tests can swap one part. */
function assemble(header: Uint8Array, ciphertext: Uint8Array, signature: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint8Array(e, header);
  encoding.writeVarUint8Array(e, ciphertext);
  encoding.writeVarUint8Array(e, signature);
  return encoding.toUint8Array(e);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProtocolError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('envelopes', () => {
  it('seal → verify (no key) → open gives back the plaintext and the header', () => {
    const { bytes, key, plaintext, planId, device } = setup();
    const v = verifyEnvelope(s, bytes);
    expect(v.header).toMatchObject({ planId, epoch: 3, author: device.sign.publicKey, clock: 7, kind: 'update', channel: 'plan' });
    expect(openEnvelope(s, v, key)).toEqual(plaintext);
    expect(v.bytes).toEqual(bytes);
  });

  it('a relay cannot move an envelope to another plan, epoch, clock or author without breaking the signature', () => {
    const { bytes } = setup();
    const v = verifyEnvelope(s, bytes);
    const other = generateDeviceKeys(s);
    const variants = [
      { ...v.header, planId: generatePlanId(s) },
      { ...v.header, epoch: 4 },
      { ...v.header, clock: 8 },
      { ...v.header, author: other.sign.publicKey },
      { ...v.header, kind: 'snapshot' as const, coversUpTo: 10 },
      { ...v.header, channel: 'contributions' as const },
    ];
    for (const h of variants) {
      const forged = assemble(encodeEnvelopeHeader(h), v.ciphertext, v.signature);
      expect(codeOf(() => verifyEnvelope(s, forged))).toBe('bad-signature');
    }
  });

  it('a re-signed envelope with a changed header does not decrypt: the header is the additional data', () => {
    const { bytes, key, device } = setup();
    const v = verifyEnvelope(s, bytes);
    // An insider with the signing key still cannot splice old ciphertext under a new header.
    const header = encodeEnvelopeHeader({ ...v.header, clock: 99 });
    const resealed = sealEnvelope(s, { planId: v.header.planId, epoch: 3, author: device.sign, clock: 99, kind: 'update' }, key, new Uint8Array([1]), NonceSource.random(s));
    const good = verifyEnvelope(s, resealed);
    const spliced = { ...good, headerBytes: header, header: decodeEnvelopeHeader(header), ciphertext: v.ciphertext };
    expect(codeOf(() => openEnvelope(s, spliced, key))).toBe('tampered');
  });

  it('a relay cannot move an envelope to the other channel: the channel byte is signed and is additional data', () => {
    const { device, key, planId, nonces } = setup();
    const bytes = sealEnvelope(s, { planId, epoch: 3, author: device.sign, clock: 7, kind: 'update', channel: 'contributions' }, key, new Uint8Array([1, 2]), nonces);
    const v = verifyEnvelope(s, bytes);
    expect(v.header.channel).toBe('contributions');
    // The channel is the header's last byte: 1 (contributions) flipped to 0 (plan).
    const moved = v.headerBytes.slice();
    expect(moved[moved.length - 1]).toBe(1);
    moved[moved.length - 1] = 0;
    expect(decodeEnvelopeHeader(moved).channel).toBe('plan');
    expect(codeOf(() => verifyEnvelope(s, assemble(moved, v.ciphertext, v.signature)))).toBe('bad-signature');
    // Even re-signed by its own author (who may write the plan, say), it does not decrypt.
    const signature = signDetached(s, SIGN_DOMAINS.envelope, new Uint8Array([...moved, ...v.ciphertext]), device.sign.privateKey);
    const resigned = verifyEnvelope(s, assemble(moved, v.ciphertext, signature));
    expect(resigned.header.channel).toBe('plan');
    expect(codeOf(() => openEnvelope(s, resigned, key))).toBe('tampered');
  });

  it('the signed parts a verifier packs itself (the relay verify threads) are exactly what the signature covers', () => {
    const { bytes } = setup();
    const v = verifyEnvelope(s, bytes);
    const joined = (parts: readonly Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));
    expect(s.crypto_sign_verify_detached(v.signature, joined(envelopeSignedParts(v)), v.header.author)).toBe(true);
    const clock8 = encodeEnvelopeHeader({ ...v.header, clock: 8 });
    expect(s.crypto_sign_verify_detached(v.signature, joined(envelopeSignedParts({ ...v, headerBytes: clock8 })), v.header.author)).toBe(false);
  });

  it('a flipped ciphertext byte fails the signature; a wrong epoch key is reported as tampered', () => {
    const { bytes } = setup();
    const v = verifyEnvelope(s, bytes);
    const ct = v.ciphertext.slice();
    ct[0] = (ct[0] ?? 0) ^ 0x80;
    expect(codeOf(() => verifyEnvelope(s, assemble(v.headerBytes, ct, v.signature)))).toBe('bad-signature');
    expect(codeOf(() => openEnvelope(s, v, generateEpochKey(s)))).toBe('tampered');
  });

  it('snapshots carry coversUpTo and presence carries clock 0', () => {
    const { device, key, planId, nonces } = setup();
    const snap = sealEnvelope(s, { planId, epoch: 0, author: device.sign, clock: 2, kind: 'snapshot', coversUpTo: 1234 }, key, new Uint8Array([5]), nonces);
    expect(verifyEnvelope(s, snap).header.coversUpTo).toBe(1234);
    const presence = sealEnvelope(s, { planId, epoch: 0, author: device.sign, clock: 0, kind: 'presence' }, key, new Uint8Array([6]), nonces);
    expect(verifyEnvelope(s, presence).header).toMatchObject({ kind: 'presence', channel: 'plan' });
    expect(verifyEnvelope(s, snap).header.channel).toBe('plan');
    expect(() =>
      sealEnvelope(s, { planId, epoch: 0, author: device.sign, clock: 0, kind: 'update' }, key, new Uint8Array(), nonces),
    ).toThrow(/clocks start at 1/);
    expect(() =>
      sealEnvelope(s, { planId: new Uint8Array(3), epoch: 0, author: device.sign, clock: 1, kind: 'update' }, key, new Uint8Array(), nonces),
    ).toThrow(/planId must be 16 bytes/);
  });
});
