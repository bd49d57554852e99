import { describe, expect, it } from 'vitest';
import { generateDeviceKeys, generateEpochKey, generatePlanId, NonceSource, ready } from '@safeplan/schema/crypto';
import { authenticateRuns, decodeEnvelope, envelopeHash } from '@safeplan/schema/protocol';
import { ChainLinks, sealOwn } from './chain-links.ts';

const s = await ready();
const planId = generatePlanId(s);
const key = generateEpochKey(s);
const device = generateDeviceKeys(s).sign;
const nonces = NonceSource.random(s);
const header = (clock: number, kind: 'update' | 'presence' = 'update') => ({ planId, epoch: 0, author: device, clock, kind, logPosition: 1 });

describe('sealOwn (the engine\'s sealing, also used by the benches)', () => {
  it('chains every update to the one sealed before it, so a run costs one signature; presence names nothing', () => {
    const links = new ChainLinks(s);
    const updates: Uint8Array[] = [];
    for (let clock = 1; clock <= 5; clock++) {
      updates.push(sealOwn(s, links, header(clock), key, new Uint8Array([clock]), nonces));
      // Presence between updates neither names a previous envelope nor becomes one.
      const presence = sealOwn(s, links, header(0, 'presence'), key, new Uint8Array([9]), nonces);
      expect(decodeEnvelope(presence).header.prev).toBeUndefined();
    }
    expect(decodeEnvelope(updates[0]!).header.prev).toBeNull();
    for (let i = 1; i < updates.length; i++) expect(decodeEnvelope(updates[i]!).header.prev).toEqual(envelopeHash(s, updates[i - 1]!));
    const batch = authenticateRuns(s, updates);
    expect(batch.signaturesChecked).toBe(1);
    expect(batch.results.map((r) => r.ok && r.by)).toEqual(['chain', 'chain', 'chain', 'chain', 'signature']);
  });

  it('names the envelope this device holds at clock - 1 before the one sealed last', () => {
    const links = new ChainLinks(s);
    const held = sealOwn(s, links, header(1), key, new Uint8Array([1]), nonces);
    sealOwn(s, links, header(1), key, new Uint8Array([2]), nonces); // sealed again at clock 1, not what the relay holds
    const next = sealOwn(s, links, header(2), key, new Uint8Array([3]), nonces, (c) => (c === 1 ? held : undefined));
    expect(decodeEnvelope(next).header.prev).toEqual(envelopeHash(s, held));
  });

  it('a tampered envelope in the middle of a run is refused, not vouched for by the chain', () => {
    const links = new ChainLinks(s);
    const updates = [1, 2, 3].map((clock) => sealOwn(s, links, header(clock), key, new Uint8Array([clock]), nonces));
    const tampered = updates[1]!.slice();
    tampered[tampered.length - 70]! ^= 1; // a ciphertext byte
    const batch = authenticateRuns(s, [updates[0]!, tampered, updates[2]!]);
    expect(batch.results[1]!.ok).toBe(false);
    expect(batch.results[2]!.ok).toBe(true);
  });
});
