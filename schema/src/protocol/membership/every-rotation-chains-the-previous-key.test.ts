import { describe, expect, it } from 'vitest';
import { chainEpochKey, generateEpochKey, openChainedEpochKey, ready } from '../../crypto/index.ts';
import { createKeyRotation, createRemoval } from './create-rotation-events.ts';
import { walkKeyChain } from './epoch-key.ts';
import { decodeEvent } from './event-codec.ts';
import { handoverWorld } from './testing/handover-world.ts';
import { validateLog } from './validate-log.ts';

const s = await ready();
const T0 = Date.UTC(2026, 2, 2, 9, 0);

describe('every rotation chains the previous epoch key under the new one (event version 5)', () => {
  it('rotate-key and remove carry the chain (close-case: the engine test); from the newest key a device walks back to epoch 0', () => {
    const w = handoverWorld(s, T0);
    const r1 = w.log.add(createKeyRotation(s, w.log.state, { owner: w.pro, now: w.log.tick(), previousKey: w.epochKey }));
    const r2 = w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: w.youthPro.sign.publicKey, scope: 'person', now: w.log.tick(), previousKey: r1.epochKey }));
    const r3 = w.log.add(createKeyRotation(s, w.log.state, { owner: w.pro, now: w.log.tick(), previousKey: r2.epochKey }));
    for (const r of [r1, r2, r3]) expect(decodeEvent(r.event).version).toBe(5);
    // The stored log validates from scratch (a device reading it on join).
    const state = validateLog(s, w.log.events, w.log.now);
    const keys = new Map([[3, r3.epochKey]]);
    expect(walkKeyChain(s, state, keys)).toEqual([]);
    expect([...keys.entries()].sort(([a], [b]) => a - b)).toEqual([[0, w.epochKey], [1, r1.epochKey], [2, r2.epochKey], [3, r3.epochKey]]);
  });

  it('a chained key opens only for its plan and its pair of epochs', () => {
    const w = handoverWorld(s, T0);
    const [older, newer] = [generateEpochKey(s), generateEpochKey(s)];
    const chained = chainEpochKey(s, w.log.state.planId, 4, newer, older);
    expect(openChainedEpochKey(s, w.log.state.planId, 4, newer, chained)).toEqual(older);
    expect(() => openChainedEpochKey(s, w.log.state.planId, 5, newer, chained)).toThrow(/authenticated/);
    expect(() => openChainedEpochKey(s, new Uint8Array(w.log.state.planId.length), 4, newer, chained)).toThrow(/authenticated/);
    expect(() => openChainedEpochKey(s, w.log.state.planId, 4, older, chained)).toThrow(/authenticated/);
  });

  it('a chained key that is not the committed one is returned as a problem and never used', () => {
    const w = handoverWorld(s, T0);
    const r1 = w.log.add(createKeyRotation(s, w.log.state, { owner: w.pro, now: w.log.tick(), previousKey: w.epochKey }));
    const r2 = w.log.add(createKeyRotation(s, w.log.state, { owner: w.pro, now: w.log.tick(), previousKey: generateEpochKey(s) }));
    const keys = new Map([[2, r2.epochKey]]);
    expect(walkKeyChain(s, w.log.state, keys)).toEqual([{ epoch: 1, from: 2, reason: 'not-committed' }]);
    expect(keys.has(1)).toBe(false);
    expect(keys.has(0)).toBe(false);
    expect(r1.epochKey).not.toEqual(r2.epochKey);
  });

  it('a rotation without a previous key is written as before (version 3) and still validates: older epochs reach only whom they were sealed to', () => {
    const w = handoverWorld(s, T0);
    const r = w.log.add(createKeyRotation(s, w.log.state, { owner: w.pro, now: w.log.tick() }));
    expect(decodeEvent(r.event).version).toBe(3);
    const keys = new Map([[1, r.epochKey]]);
    expect(walkKeyChain(s, w.log.state, keys)).toEqual([]);
    expect(keys.has(0)).toBe(false);
  });
});
