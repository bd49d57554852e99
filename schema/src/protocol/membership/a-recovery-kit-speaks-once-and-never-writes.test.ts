import { describe, expect, it } from 'vitest';
import { deriveRecoveryKeys, formatRecoveryCode, generateDeviceKeys, generateRecoverySecret, parseRecoveryCode, ready, RecoveryCodeError } from '@safeplan/schema/crypto';
import { createRecoveryRegistration, createRecoveryUse } from './create-recovery-events.ts';
import { createInvite } from './create-events.ts';
import { createOwnershipAccept, createOwnershipOffer } from './create-member-events.ts';
import { createKeyRotation, createRemoval } from './create-rotation-events.ts';
import { decodeEvent } from './event-codec.ts';
import { openEpochKey } from './epoch-key.ts';
import { isRecoveryKey, keyId, memberOf, mayHaveWritten, writeStanding } from './state.ts';
import { forgeEvent, handoverWorld, refusal } from './testing/handover-world.ts';
import { appendEvent, validateLog } from './validate-log.ts';

const s = await ready();

const T0 = Date.UTC(2026, 2, 2, 9, 0);

/** The plan of the hand-over world with a kit registered by its owner (the professional). */
function withKit() {
  const w = handoverWorld(s, T0);
  const secret = generateRecoverySecret(s);
  const kit = deriveRecoveryKeys(s, w.log.state.planId, secret);
  const kitKeys = { signKey: kit.sign.publicKey, boxKey: kit.box.publicKey };
  w.log.add(createRecoveryRegistration(s, w.log.state, { owner: w.pro, epochKeys: new Map([[0, w.epochKey]]), kit: kitKeys, now: w.log.tick() }));
  return { w, kit, kitKeys, secret };
}

describe('a recovery kit in the membership log', () => {
  it('is registered by an owner for herself, sealed to by every later rotation, and not listed as a device anyone holds', () => {
    const { w, kit, kitKeys } = withKit();
    const state = w.log.state;
    expect(isRecoveryKey(state, kit.sign.publicKey)).toBe(true);
    expect(keyId(memberOf(state, kit.sign.publicKey)!.personId)).toBe(keyId(w.pro.sign.publicKey));
    expect(state.history.at(-1)).toMatchObject({ type: 'register-recovery' });
    // The stored log decodes and validates the same way for every reader.
    expect(decodeEvent(w.log.events.at(-1)!).body).toMatchObject({ type: 'register-recovery' });
    expect(validateLog(s, w.log.events, w.log.now).head).toEqual(state.head);
    // A later rotation seals to the kit; the kit opens it.
    const rotation = w.log.add(createKeyRotation(s, state, { owner: w.pro, now: w.log.tick() }));
    expect(openEpochKey(s, w.log.state, w.log.state.epoch, kit.box)).toEqual(rotation.epochKey);
    // Only an owner makes one, only for her own person, and one live kit per person.
    const other = generateDeviceKeys(s);
    const otherKeys = { signKey: other.sign.publicKey, boxKey: other.box.publicKey };
    expect(refusal(() => createRecoveryRegistration(s, w.log.state, { owner: w.chair, epochKeys: new Map([[1, rotation.epochKey]]), kit: otherKeys, now: w.log.tick() }))).toBe(
      'invalid-event: only an owner may make a recovery kit',
    );
    expect(refusal(() => createRecoveryRegistration(s, w.log.state, { owner: w.pro, epochKeys: new Map([[1, rotation.epochKey]]), kit: otherKeys, now: w.log.tick() }))).toBe(
      'invalid-event: this person has a recovery kit already: remove it first',
    );
    expect(refusal(() => createRecoveryRegistration(s, w.log.state, { owner: w.pro, epochKeys: new Map([[1, rotation.epochKey]]), kit: kitKeys, now: w.log.tick() }))).toBe(
      'invalid-event: this person has a recovery kit already: remove it first',
    );
    // Removing the old kit (a device removal that rotates away from it) makes room for a new one.
    const removal = w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: kit.sign.publicKey, scope: 'device', now: w.log.tick() }));
    expect(refusal(() => openEpochKey(s, w.log.state, w.log.state.epoch, kit.box))).toMatch(/^no-epoch-key/);
    // The new kit gets every key its owner holds (epochs 0, 1 and the current 2), each once, none ahead.
    const at = w.log.tick();
    const register = (epochKeys: Map<number, Uint8Array>) => () =>
      createRecoveryRegistration(s, w.log.state, { owner: w.pro, epochKeys, kit: otherKeys, now: at });
    expect(refusal(register(new Map([[0, w.epochKey]])))).toBe('invalid-event: a recovery kit gets the current epoch key');
    const ahead = forgeEvent(s, w.pro.sign, w.log.state, { type: 'register-recovery', recoveryKey: otherKeys.signKey, boxKey: otherKeys.boxKey, sealedEpochs: [
      { epoch: 2, sealed: new Uint8Array(80) },
      { epoch: 3, sealed: new Uint8Array(80) },
    ] }, { timestamp: at });
    expect(refusal(() => appendEvent(s, w.log.state, ahead, at))).toBe('invalid-event: a recovery kit gets no key of an epoch that has not begun');
    const twice = forgeEvent(s, w.pro.sign, w.log.state, { type: 'register-recovery', recoveryKey: otherKeys.signKey, boxKey: otherKeys.boxKey, sealedEpochs: [
      { epoch: 2, sealed: new Uint8Array(80) },
      { epoch: 2, sealed: new Uint8Array(80) },
    ] }, { timestamp: at });
    expect(refusal(() => appendEvent(s, w.log.state, twice, at))).toBe('invalid-event: a recovery kit gets each epoch key once');
    w.log.add(register(new Map([[0, w.epochKey], [1, rotation.epochKey], [2, removal.epochKey]]))());
    expect(isRecoveryKey(w.log.state, other.sign.publicKey)).toBe(true);
    for (const [epoch, key] of [[0, w.epochKey], [1, rotation.epochKey], [2, removal.epochKey]] as const) {
      expect(openEpochKey(s, w.log.state, epoch, other.box)).toEqual(key);
    }
    expect(validateLog(s, w.log.events, w.log.now).head).toEqual(w.log.state.head);
  });

  it('signs nothing but its one use and writes nothing, so acting as the owner always shows in the log', () => {
    const { w, kit } = withKit();
    const state = w.log.state;
    const invite = () => createInvite(s, state, { inviter: kit, epochKey: w.epochKey, expiresAt: w.log.now + 86_400_000, now: w.log.tick() });
    expect(refusal(invite)).toBe('invalid-event: a recovery kit signs nothing but its one use');
    const removal = () => createRemoval(s, state, { owner: kit, subject: w.parent.sign.publicKey, scope: 'person', now: w.log.tick() });
    expect(refusal(removal)).toBe('invalid-event: a recovery kit signs nothing but its one use');
    // No envelope of the kit's key stands, on any channel or as presence, with or without a log position.
    for (const channel of ['plan', 'contributions', null] as const) {
      expect(writeStanding(state, kit.sign.publicKey, state.epoch, channel, state.length)).toBe('not-a-member');
      expect(writeStanding(state, kit.sign.publicKey, state.epoch, channel, undefined)).toBe('not-a-member');
    }
    expect(mayHaveWritten(state, kit.sign.publicKey, state.epoch, 'plan')).toBe(false);
  });

  it('brings in a new device of its person once; a second use, a forged kit and a member posing as a kit are refused', () => {
    const { w, kit } = withKit();
    const phone = generateDeviceKeys(s);
    const newDevice = { signKey: phone.sign.publicKey, boxKey: phone.box.publicKey };
    const used = w.log.add(createRecoveryUse(s, w.log.state, { kit, newDevice, now: w.log.tick() }));
    const state = w.log.state;
    expect(used.epochKey).toEqual(w.epochKey);
    expect(memberOf(state, phone.sign.publicKey)).toMatchObject({ role: 'owner', kind: 'professional' });
    expect(keyId(memberOf(state, phone.sign.publicKey)!.personId)).toBe(keyId(w.pro.sign.publicKey));
    expect(openEpochKey(s, state, state.epoch, phone.box)).toEqual(w.epochKey);
    expect(memberOf(state, kit.sign.publicKey)).toBeUndefined();
    expect(state.removed.has(keyId(kit.sign.publicKey))).toBe(true);
    expect(state.rotationOwed).toBe(true);
    expect(state.history.at(-1)).toMatchObject({ type: 'use-recovery' });
    expect(keyId(state.history.at(-1)!.actor)).toBe(keyId(w.pro.sign.publicKey));

    const another = generateDeviceKeys(s);
    const body = { type: 'use-recovery' as const, deviceKey: another.sign.publicKey, boxKey: another.box.publicKey, sealedEpochKey: new Uint8Array(80) };
    const at = w.log.tick();
    expect(refusal(() => appendEvent(s, state, forgeEvent(s, kit.sign, state, body, { timestamp: at }), at))).toBe(
      'invalid-event: this device was removed and may sign nothing',
    );
    const forged = deriveRecoveryKeys(s, state.planId, generateRecoverySecret(s));
    expect(refusal(() => appendEvent(s, state, forgeEvent(s, forged.sign, state, body, { timestamp: at }), at))).toBe(
      'invalid-event: only a recovery kit signs its use',
    );
    expect(refusal(() => appendEvent(s, state, forgeEvent(s, w.parent.sign, state, body, { timestamp: at }), at))).toBe(
      'invalid-event: only a recovery kit signs its use',
    );
    // The restored owner rotates the key the kit's holder knew; the spent kit gets no part of it.
    const rotation = w.log.add(createKeyRotation(s, state, { owner: phone, now: w.log.tick() }));
    expect(w.log.state.rotationOwed).toBe(false);
    expect(openEpochKey(s, w.log.state, w.log.state.epoch, phone.box)).toEqual(rotation.epochKey);
    expect(refusal(() => openEpochKey(s, w.log.state, w.log.state.epoch, kit.box))).toMatch(/^no-epoch-key/);
  });

  it('leaves with its person: removing the person removes the kit, and it receives no later key', () => {
    const { w, kit } = withKit();
    // The chair becomes co-owner and removes the professional, kit and all.
    w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: w.chair.sign.publicKey, now: w.log.tick() }));
    w.log.add(createOwnershipAccept(s, w.log.state, { device: w.chair, now: w.log.tick() }));
    w.log.add(createRemoval(s, w.log.state, { owner: w.chair, subject: w.pro.sign.publicKey, scope: 'person', now: w.log.tick() }));
    expect(memberOf(w.log.state, kit.sign.publicKey)).toBeUndefined();
    expect(refusal(() => openEpochKey(s, w.log.state, w.log.state.epoch, kit.box))).toMatch(/^no-epoch-key/);
  });
});

describe('the recovery code', () => {
  it('round-trips through typing (case, spaces, O for 0, I/L for 1) and catches a typo before anything is sent', () => {
    // Fixed bytes, so the typo below is caught every run (a 2-byte check misses one typo in 65536).
    const bytesFor = (i: number, n: number) => s.crypto_generichash(n, new Uint8Array([i]), null);
    const planId = bytesFor(255, 16);
    for (let i = 0; i < 50; i++) {
      const secret = bytesFor(i, 16);
      const code = formatRecoveryCode(s, planId, secret);
      expect(code).toMatch(/^([0-9A-Z]{4}-){13}[0-9A-Z]{3}$/);
      const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
      const back = parseRecoveryCode(s, typed);
      expect(back.planId).toEqual(planId);
      expect(back.secret).toEqual(secret);
    }
    const code = formatRecoveryCode(s, planId, bytesFor(100, 16));
    const typo = code.slice(0, 5) + (code[5] === 'Z' ? 'Y' : 'Z') + code.slice(6);
    expect(() => parseRecoveryCode(s, typo)).toThrow(RecoveryCodeError);
    expect(() => parseRecoveryCode(s, code.slice(0, -1))).toThrow(expect.objectContaining({ problem: 'length' }));
    expect(() => parseRecoveryCode(s, `U${code.slice(1)}`)).toThrow(expect.objectContaining({ problem: 'character' }));
    // One code fits one plan: the same secret derives other keys for another plan.
    const secret = generateRecoverySecret(s);
    expect(deriveRecoveryKeys(s, planId, secret).sign.publicKey).not.toEqual(deriveRecoveryKeys(s, s.randombytes_buf(16), secret).sign.publicKey);
  });
});
