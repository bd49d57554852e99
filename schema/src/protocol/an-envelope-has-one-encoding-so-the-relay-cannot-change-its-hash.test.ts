import { describe, expect, it } from 'vitest';
import { generateDeviceKeys, generateEpochKey, generatePlanId, NonceSource, ready } from '../crypto/index.ts';
import { decodeClientFrame, encodeClientFrame } from './client-frames.ts';
import { decodeEnvelope, envelopeHash, sealEnvelope, verifyEnvelope } from './envelope.ts';
import { ProtocolError } from './errors.ts';

const s = await ready();

/**
 * The author signs an envelope's header and ciphertext, not the lengths written around them. When
 * a length could also be written in more bytes than needed (64 as C0 00 instead of 40), the relay
 * could hand out the same signed envelope as other bytes with another hash: the author's next
 * envelope names the first hash, so readers would see two histories at one clock, a chain-fork
 * blamed on a member who never made one. Every number has one encoding, so such bytes are refused.
 */
describe('an envelope has one encoding, so the relay cannot change its hash', () => {
  const device = generateDeviceKeys(s);
  const bytes = sealEnvelope(s, { planId: generatePlanId(s), epoch: 0, author: device.sign, clock: 1, kind: 'update' }, generateEpochKey(s), new Uint8Array([1, 2, 3]), NonceSource.random(s));

  /** The same envelope with the signature's length (64, one byte: 0x40) written as two bytes. */
  function withLongerSignatureLength(): Uint8Array {
    const at = bytes.length - 64 - 1;
    expect(bytes[at]).toBe(64);
    return new Uint8Array([...bytes.subarray(0, at), 0xc0, 0x00, ...bytes.subarray(at + 1)]);
  }

  it('refuses the longer form of a length as malformed, before any signature is checked', () => {
    const other = withLongerSignatureLength();
    expect(envelopeHash(s, other)).not.toEqual(envelopeHash(s, bytes));
    for (const read of [() => decodeEnvelope(other), () => verifyEnvelope(s, other)]) {
      expect(read).toThrow(ProtocolError);
      expect(read).toThrow(/shortest form/);
    }
    // The envelope as its author wrote it still reads.
    expect(verifyEnvelope(s, bytes).header.clock).toBe(1);
  });

  it('refuses a frame whose numbers are not in their shortest form (a publish of the longer envelope, a type written long)', () => {
    const frame = encodeClientFrame({ type: 'publish', envelope: bytes });
    expect(decodeClientFrame(frame)).toMatchObject({ type: 'publish' });
    const longType = new Uint8Array([frame[0]! | 0x80, 0x00, ...frame.subarray(1)]);
    expect(() => decodeClientFrame(longType)).toThrow(/shortest form/);
    // Zero itself is one byte, 00: still read.
    expect(decodeClientFrame(encodeClientFrame({ type: 'subscribe', planId: generatePlanId(s), afterSeq: 0 }))).toMatchObject({ afterSeq: 0 });
  });
});
