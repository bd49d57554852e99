import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import {
  aeadEncrypt,
  generateDeviceKeys,
  generateEpochKey,
  generatePlanId,
  NonceSource,
  ready,
  SIGN_DOMAINS,
  signDetached,
} from '../crypto/index.ts';
import { openEnvelope, sealEnvelope, verifyEnvelope } from './envelope.ts';
import { decodeEnvelopeHeader, ENVELOPE_KINDS, type EnvelopeKind } from './envelope-header.ts';
import { ProtocolError } from './errors.ts';

const s = await ready();
const device = generateDeviceKeys(s);
const planId = generatePlanId(s);
const key = generateEpochKey(s);
const nonces = NonceSource.random(s);

interface RawHeader {
  version: number;
  kind: EnvelopeKind;
  clock: number;
  coversUpTo?: number;
  /** Absent: no channel field at all (as version 1 wrote). */
  channel?: number;
}

/** Header bytes written field by field, so a test can write what the encoder refuses to. */
function rawHeader(h: RawHeader, nonce = nonces.next()): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, h.version);
  encoding.writeVarUint8Array(e, planId);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint8Array(e, device.sign.publicKey);
  encoding.writeVarUint(e, h.clock);
  encoding.writeVarUint(e, ENVELOPE_KINDS[h.kind]);
  encoding.writeVarUint8Array(e, nonce);
  if (h.kind === 'snapshot') encoding.writeVarUint(e, h.coversUpTo ?? 0);
  if (h.channel !== undefined) encoding.writeVarUint(e, h.channel);
  return encoding.toUint8Array(e);
}

/** A whole envelope around `headerBytes`, sealed and signed exactly as sealEnvelope does. */
function envelopeWith(headerBytes: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const ciphertext = aeadEncrypt(s, key, nonce, headerBytes, plaintext);
  const signature = signDetached(s, SIGN_DOMAINS.envelope, new Uint8Array([...headerBytes, ...ciphertext]), device.sign.privateKey);
  const e = encoding.createEncoder();
  encoding.writeVarUint8Array(e, headerBytes);
  encoding.writeVarUint8Array(e, ciphertext);
  encoding.writeVarUint8Array(e, signature);
  return encoding.toUint8Array(e);
}

function decodeOutcome(bytes: Uint8Array): string {
  try {
    return decodeEnvelopeHeader(bytes).channel;
  } catch (e) {
    if (e instanceof ProtocolError) return `${e.code}: ${e.detail}`;
    throw e;
  }
}

describe('the envelope channel', () => {
  it('is written by version 2 as the last field, 0 for plan and 1 for contributions, for every kind', () => {
    expect(decodeOutcome(rawHeader({ version: 2, kind: 'update', clock: 1, channel: 0 }))).toBe('plan');
    expect(decodeOutcome(rawHeader({ version: 2, kind: 'update', clock: 1, channel: 1 }))).toBe('contributions');
    expect(decodeOutcome(rawHeader({ version: 2, kind: 'snapshot', clock: 1, coversUpTo: 9, channel: 0 }))).toBe('plan');
    expect(decodeOutcome(rawHeader({ version: 2, kind: 'presence', clock: 0, channel: 0 }))).toBe('plan');
    const sealed = verifyEnvelope(s, sealEnvelope(s, { planId, epoch: 0, author: device.sign, clock: 4, kind: 'snapshot', coversUpTo: 300 }, key, new Uint8Array([1]), nonces));
    expect(sealed.headerBytes).toEqual(rawHeader({ version: 2, kind: 'snapshot', clock: 4, coversUpTo: 300, channel: 0 }, sealed.header.nonce));
  });

  it('refuses an unknown channel, a version 2 header without one, and unknown versions', () => {
    expect(decodeOutcome(rawHeader({ version: 2, kind: 'update', clock: 1, channel: 2 }))).toBe('malformed: unknown envelope channel');
    expect(decodeOutcome(rawHeader({ version: 2, kind: 'update', clock: 1 }))).toBe('malformed: unexpected end');
    expect(decodeOutcome(rawHeader({ version: 1, kind: 'update', clock: 1, channel: 0 }))).toBe('malformed: trailing bytes');
    // Version 3 ends with the log position: without it the header is cut short.
    expect(decodeOutcome(rawHeader({ version: 3, kind: 'update', clock: 1, channel: 0 }))).toBe('malformed: unexpected end');
    expect(decodeOutcome(rawHeader({ version: 5, kind: 'update', clock: 1, channel: 0 }))).toBe('malformed: unknown envelope version 5');
    expect(decodeOutcome(rawHeader({ version: 0, kind: 'update', clock: 1 }))).toBe('malformed: unknown envelope version 0');
  });

  it('keeps snapshots and presence on channel plan: the decoder and sealEnvelope refuse anything else', () => {
    expect(decodeOutcome(rawHeader({ version: 2, kind: 'snapshot', clock: 1, coversUpTo: 3, channel: 1 }))).toBe('malformed: a snapshot is on channel plan');
    expect(decodeOutcome(rawHeader({ version: 2, kind: 'presence', clock: 0, channel: 1 }))).toBe('malformed: a presence is on channel plan');
    const base = { planId, epoch: 0, author: device.sign, channel: 'contributions' as const };
    expect(() => sealEnvelope(s, { ...base, clock: 1, kind: 'snapshot', coversUpTo: 2 }, key, new Uint8Array(), nonces)).toThrow(/a snapshot is on channel plan/);
    expect(() => sealEnvelope(s, { ...base, clock: 0, kind: 'presence' }, key, new Uint8Array(), nonces)).toThrow(/a presence is on channel plan/);
    const contribution = verifyEnvelope(s, sealEnvelope(s, { ...base, clock: 1, kind: 'update' }, key, new Uint8Array([7]), nonces));
    expect(contribution.header).toMatchObject({ kind: 'update', channel: 'contributions' });
    expect(openEnvelope(s, contribution, key)).toEqual(new Uint8Array([7]));
  });

  it('reads envelopes written by version 1 (stored before the channel existed) as channel plan, and opens them', () => {
    const plaintext = new TextEncoder().encode('Veilige plek: bij oma.');
    for (const h of [
      { version: 1, kind: 'update', clock: 5 },
      { version: 1, kind: 'snapshot', clock: 2, coversUpTo: 40 },
      { version: 1, kind: 'presence', clock: 0 },
    ] satisfies RawHeader[]) {
      const nonce = nonces.next();
      const v = verifyEnvelope(s, envelopeWith(rawHeader(h, nonce), nonce, plaintext));
      expect(v.header).toMatchObject({ kind: h.kind, clock: h.clock, channel: 'plan' });
      expect(openEnvelope(s, v, key)).toEqual(plaintext);
    }
  });
});
