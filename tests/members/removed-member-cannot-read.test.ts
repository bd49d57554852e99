import { describe, expect, it } from 'vitest';
import { NonceSource, openSealedEpochKey, ready, type DeviceKeys } from '@safeplan/schema/crypto';
import {
  createCaseClose,
  createOwnershipAccept,
  createOwnershipOffer,
  createRemoval,
  mayHaveWritten,
  memberOf,
  openEpochKey,
  openEnvelope,
  sealEnvelope,
  validateLog,
  verifyEnvelope,
  type MembershipState,
} from '@safeplan/schema/protocol';
import { handoverWorld, refusal, type HandoverWorld } from '../../schema/src/protocol/membership/testing/handover-world.ts';

const s = await ready();

const T0 = Date.UTC(2026, 3, 6, 9, 0);
const text = new TextEncoder();

/** What a member writes after the rotation: an envelope under the new epoch's key. */
function writeUnder(state: MembershipState, author: DeviceKeys, epochKey: Uint8Array): Uint8Array {
  const params = { planId: state.planId, epoch: state.epoch, author: author.sign, clock: 1, kind: 'update' as const };
  return sealEnvelope(s, params, epochKey, text.encode('nieuwe afspraak'), NonceSource.random(s));
}

/** Everything a removed device can try: its own entry, every sealed copy of the new key, every old key it kept. */
function expectLockedOut(state: MembershipState, device: DeviceKeys, envelope: Uint8Array, oldKeys: Uint8Array[]) {
  expect(memberOf(state, device.sign.publicKey)).toBeUndefined();
  expect(refusal(() => openEpochKey(s, state, state.epoch, device.box))).toBe(
    `no-epoch-key: no key for epoch ${state.epoch} was sealed to this device`,
  );
  const newCopies = state.sealedKeys.filter((k) => k.epoch === state.epoch);
  expect(newCopies.length).toBeGreaterThan(0);
  for (const copy of newCopies) expect(() => openSealedEpochKey(s, copy.sealed, device.box)).toThrow();
  const verified = verifyEnvelope(s, envelope);
  for (const key of oldKeys) expect(refusal(() => openEnvelope(s, verified, key))).toMatch(/^tampered/);
}

function expectCanRead(state: MembershipState, device: DeviceKeys, envelope: Uint8Array, epochKey: Uint8Array) {
  const key = openEpochKey(s, state, state.epoch, device.box);
  expect(key).toEqual(epochKey);
  expect(new TextDecoder().decode(openEnvelope(s, verifyEnvelope(s, envelope), key))).toBe('nieuwe afspraak');
}

/** Every member validates the log from the relay itself, later. */
const seenLater = (w: HandoverWorld) => validateLog(s, w.log.events, w.log.now + 60_000);

describe('after a removal the key rotates', () => {
  it('a removed person cannot open the new epoch key or read what is written under it; everyone else can', () => {
    const w = handoverWorld(s, T0);
    const removal = w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: w.youthPro.sign.publicKey, scope: 'person', now: w.log.tick() }));
    const state = seenLater(w);
    expect(state.epoch).toBe(1);
    const envelope = writeUnder(state, w.parent, removal.epochKey);
    expectLockedOut(state, w.youthPro, envelope, [w.epochKey]);
    for (const d of [w.pro, w.parent, w.chair, w.chairTablet]) expectCanRead(state, d, envelope, removal.epochKey);
    // What it had before the removal stays readable to it: removal is not retroactive.
    expect(refusal(() => openEpochKey(s, state, 0, w.youthPro.box))).toBe('accepted');
    // What it wrote before stays valid history; under the new epoch nothing of it is accepted.
    const youth = w.youthPro.sign.publicKey;
    expect([mayHaveWritten(state, youth, 0, 'contributions'), mayHaveWritten(state, youth, 0, 'plan')]).toEqual([true, false]);
    expect(mayHaveWritten(state, youth, 1, 'contributions')).toBe(false);
    expect([mayHaveWritten(state, w.parent.sign.publicKey, 1), mayHaveWritten(state, w.parent.sign.publicKey, 2)]).toEqual([true, false]);
  });

  it('a lost device is removed on its own; the same person keeps reading on their other device', () => {
    const w = handoverWorld(s, T0);
    const removal = w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: w.chairTablet.sign.publicKey, scope: 'device', now: w.log.tick() }));
    const state = seenLater(w);
    const envelope = writeUnder(state, w.chair, removal.epochKey);
    expectLockedOut(state, w.chairTablet, envelope, [w.epochKey]);
    expectCanRead(state, w.chair, envelope, removal.epochKey);
    expect(memberOf(state, w.chair.sign.publicKey)?.role).toBe('editor');
  });

  it('closing the case removes every professional; the chair and the parent keep the plan under a new key', () => {
    const w = handoverWorld(s, T0);
    const chairId = w.chair.sign.publicKey;
    w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: chairId, now: w.log.tick() }));
    w.log.add(createOwnershipAccept(s, w.log.state, { device: w.chair, now: w.log.tick() }));
    const close = w.log.add(createCaseClose(s, w.log.state, { owner: w.chair, now: w.log.tick() }));
    const state = seenLater(w);
    expect(state.closed).toBe(true);
    expect([...state.people.values()].map((p) => p.kind).sort()).toEqual(['household', 'network']);
    const envelope = writeUnder(state, w.parent, close.epochKey);
    for (const pro of [w.pro, w.youthPro]) expectLockedOut(state, pro, envelope, [w.epochKey]);
    for (const d of [w.parent, w.chair, w.chairTablet]) expectCanRead(state, d, envelope, close.epochKey);
  });

  it('two removals in a row: a device removed first cannot read the second epoch either', () => {
    const w = handoverWorld(s, T0);
    const first = w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: w.youthPro.sign.publicKey, scope: 'person', now: w.log.tick() }));
    const second = w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: w.parent.sign.publicKey, scope: 'person', now: w.log.tick() }));
    const state = seenLater(w);
    expect(state.epoch).toBe(2);
    const envelope = writeUnder(state, w.chair, second.epochKey);
    expectLockedOut(state, w.youthPro, envelope, [w.epochKey]);
    expectLockedOut(state, w.parent, envelope, [w.epochKey, first.epochKey]);
    expectCanRead(state, w.chairTablet, envelope, second.epochKey);
  });
});
