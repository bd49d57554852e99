import { describe, expect, it } from 'vitest';
import { epochKeyCommitment, generateEpochKey, ready, sealEpochKey, toBase64Url } from '../../crypto/index.ts';
import { createKeyRotation } from './create-rotation-events.ts';
import { keyMatchesCommitment, openEpochKey } from './epoch-key.ts';
import { forgeEvent, handoverWorld, refusal } from './testing/handover-world.ts';
import { appendEvent } from './validate-log.ts';

const s = await ready();
const T0 = Date.UTC(2026, 2, 2, 9, 0);

describe('every rotation commits to its key, and each device checks the key it opened', () => {
  it('an honest rotation opens on every device and matches its commitment', () => {
    const w = handoverWorld(s, T0);
    const r = w.log.add(createKeyRotation(s, w.log.state, { owner: w.pro, now: w.log.tick() }));
    const state = w.log.state;
    expect(state.epochs[1]?.commitment).toEqual(epochKeyCommitment(s, state.planId, 1, r.epochKey));
    for (const d of [w.pro, w.parent, w.chair, w.chairTablet]) expect(openEpochKey(s, state, 1, d.box)).toEqual(r.epochKey);
  });

  it('a split rotation passes the rules, but the device sealed another key gets key-split and no key', () => {
    const w = handoverWorld(s, T0);
    const before = w.log.state;
    const [keyA, keyB] = [generateEpochKey(s), generateEpochKey(s)];
    const victim = toBase64Url(w.parent.box.publicKey);
    const sealedKeys = [...before.members.values()].map((m) => ({ boxKey: m.boxKey, sealed: sealEpochKey(s, toBase64Url(m.boxKey) === victim ? keyB : keyA, m.boxKey) }));
    const event = forgeEvent(s, w.pro.sign, before, { type: 'rotate-key', epoch: 1, sealedKeys, keyCommitment: epochKeyCommitment(s, before.planId, 1, keyA) }, { timestamp: w.log.tick() });
    const state = appendEvent(s, before, event, w.log.now);
    expect(openEpochKey(s, state, 1, w.chair.box)).toEqual(keyA);
    expect(refusal(() => openEpochKey(s, state, 1, w.parent.box))).toBe('key-split: the key for epoch 1 is not the one its rotation committed to');
    expect(keyMatchesCommitment(s, state, 1, keyB)).toBe(false);
    // The commitment is bound to plan and epoch: the same key under another epoch does not match.
    expect(keyMatchesCommitment(s, { ...state, epochs: [state.epochs[0]!, { ...state.epochs[1]!, commitment: epochKeyCommitment(s, state.planId, 2, keyA) }] }, 1, keyA)).toBe(false);
  });
});
