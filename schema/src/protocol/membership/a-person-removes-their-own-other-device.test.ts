import { describe, expect, it } from 'vitest';
import { ready } from '@safeplan/schema/crypto';
import { createDeviceRemoval, createKeyRotation } from './create-rotation-events.ts';
import { openEpochKey } from './epoch-key.ts';
import { keyId, memberOf } from './state.ts';
import { forgeEvent, handoverWorld, refusal } from './testing/handover-world.ts';
import { appendEvent } from './validate-log.ts';

const s = await ready();

const T0 = Date.UTC(2026, 2, 2, 9, 0);

describe('a member removes their own other device (how a device link retires its one-time key)', () => {
  it('an editor removes their tablet: it is out at once and signs nothing more; an owner rotates the key to everyone else', () => {
    const w = handoverWorld(s, T0);
    const before = w.log.state;
    const removal = createDeviceRemoval(s, before, { device: w.chair, subject: w.chairTablet.sign.publicKey, now: w.log.tick() });
    expect(removal.epochKey).toBeUndefined();
    w.log.add(removal);
    const removed = w.log.state;
    // Only owners choose keys: the editor's removal leaves the rotation to an owner.
    expect(removed.epoch).toBe(before.epoch);
    expect(removed.rotationOwed).toBe(true);
    expect(memberOf(removed, w.chairTablet.sign.publicKey)).toBeUndefined();
    expect(memberOf(removed, w.chair.sign.publicKey)?.role).toBe('editor');
    const history = removed.history.at(-1)!;
    expect(history).toMatchObject({ type: 'remove' });
    expect(keyId(history.actor)).toBe(keyId(w.chair.sign.publicKey));
    const rotation = createKeyRotation(s, removed, { owner: w.pro, now: w.log.tick() });
    w.log.add(rotation);
    const after = w.log.state;
    expect(after.epoch).toBe(before.epoch + 1);
    expect(after.rotationOwed).toBe(false);
    expect(openEpochKey(s, after, after.epoch, w.chair.box)).toEqual(rotation.epochKey);
    expect(refusal(() => openEpochKey(s, after, after.epoch, w.chairTablet.box))).not.toBe('accepted');
    const late = forgeEvent(s, w.chairTablet.sign, after, { type: 'set-role', person: w.parent.sign.publicKey, role: 'reader' }, { timestamp: w.log.now });
    expect(refusal(() => appendEvent(s, after, late, w.log.now))).toBe('invalid-event: this device was removed and may sign nothing');
  });

  it('still refuses: removing itself, a whole person, or another person’s device', () => {
    const w = handoverWorld(s, T0);
    const state = w.log.state;
    const at = w.log.now + 1000;
    const removeBy = (signer: typeof w.chair, subject: Uint8Array, scope: 'device' | 'person') =>
      refusal(() => appendEvent(s, state, forgeEvent(s, signer.sign, state, { type: 'remove', subject, scope, epoch: state.epoch + 1, sealedKeys: [] }, { timestamp: at }), at));
    expect(removeBy(w.chair, w.chair.sign.publicKey, 'device')).toBe('invalid-event: only an owner may remove members or devices');
    expect(removeBy(w.chair, w.chairTablet.sign.publicKey, 'person')).toBe('invalid-event: only an owner may remove members or devices');
    expect(removeBy(w.chairTablet, w.parent.sign.publicKey, 'device')).toBe('invalid-event: only an owner may remove members or devices');
  });
});
