import { describe, expect, it } from 'vitest';
import {
  deriveInviteKeys,
  generateDeviceKeys,
  generateEpochKey,
  generateInviteSecret,
  ready,
  sealEpochKey,
  epochKeyCommitment,
  toBase64Url,
  type KeyPair,
} from '@safeplan/schema/crypto';
import {
  appendEvent,
  createCaseClose,
  createInvite,
  createInviteRevocation,
  createJoin,
  createOwnershipAccept,
  createOwnershipOffer,
  createRemoval,
  createRoleChange,
  encodeUnsignedEvent,
  finishEvent,
  validateLog,
  type EventBody,
  type MembershipState,
} from '@safeplan/schema/protocol';
import {
  fingerprint,
  forgeEvent,
  handoverWorld,
  refusal,
  type HandoverWorld,
} from '../../schema/src/protocol/membership/testing/handover-world.ts';

const s = await ready();

const T0 = Date.UTC(2026, 2, 2, 9, 0);
const DAY = 86_400_000;

/** A refused event: the log before it, the event, and when it arrives. */
interface Attempt {
  events: readonly Uint8Array[];
  state: MembershipState;
  event: Uint8Array;
  at: number;
}

function attempt(w: HandoverWorld, event: Uint8Array): Attempt {
  return { events: [...w.log.events], state: w.log.state, event, at: w.log.now + 60_000 };
}

/** The chair becomes co-owner (offer + accept): steps 1-2 of the hand-over. */
function withChairAsOwner(w: HandoverWorld): HandoverWorld {
  const chairId = w.chair.sign.publicKey;
  w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: chairId, now: w.log.tick() }));
  w.log.add(createOwnershipAccept(s, w.log.state, { device: w.chairTablet, now: w.log.tick() }));
  return w;
}

function inviteBody(w: HandoverWorld, overrides: Partial<Extract<EventBody, { type: 'invite' }>> = {}): EventBody {
  const keys = deriveInviteKeys(s, generateInviteSecret(s));
  return {
    type: 'invite',
    inviteKey: keys.sign.publicKey,
    role: 'editor',
    expiresAt: w.log.now + DAY,
    epoch: w.log.state.epoch,
    sealedEpochKey: sealEpochKey(s, w.epochKey, keys.box.publicKey),
    kind: 'network',
    ...overrides,
  };
}

function joinBody(epochKey: Uint8Array): EventBody {
  const d = generateDeviceKeys(s);
  return { type: 'join', memberKey: d.sign.publicKey, boxKey: d.box.publicKey, sealedEpochKey: sealEpochKey(s, epochKey, d.box.publicKey) };
}

const forge = (w: HandoverWorld, signer: KeyPair, body: EventBody) =>
  forgeEvent(s, signer, w.log.state, body, { timestamp: w.log.now + 60_000 });

/** One case per rule: how to build the offending event, and the exact reason it is refused with. */
const RULES: { rule: string; reason: string; build: (w: HandoverWorld) => Attempt }[] = [
  {
    rule: 'a forged signature',
    reason: 'signature does not verify',
    build: (w) => {
      const ev = forge(w, w.pro.sign, { type: 'set-role', person: w.parent.sign.publicKey, role: 'reader' });
      ev[ev.length - 1] = (ev[ev.length - 1] ?? 0) ^ 1;
      return attempt(w, ev);
    },
  },
  {
    rule: 'an invite by a non-owner',
    reason: 'only an owner may invite',
    build: (w) => attempt(w, forge(w, w.chair.sign, inviteBody(w))),
  },
  {
    rule: 'an invite that grants ownership',
    reason: 'an invite cannot grant the role owner',
    build: (w) => attempt(w, forge(w, w.pro.sign, inviteBody(w, { role: 'owner' }))),
  },
  {
    rule: 'an invite for a professional without a function',
    reason: 'a professional needs a function',
    build: (w) => attempt(w, forge(w, w.pro.sign, inviteBody(w, { kind: 'professional' }))),
  },
  {
    rule: 'a role change by a non-owner',
    reason: 'only an owner may change roles',
    build: (w) => attempt(w, forge(w, w.parent.sign, { type: 'set-role', person: w.chair.sign.publicKey, role: 'reader' })),
  },
  {
    rule: 'ownership set directly instead of offered and accepted',
    reason: 'ownership is offered and accepted, never set',
    build: (w) => attempt(w, forge(w, w.pro.sign, { type: 'set-role', person: w.chair.sign.publicKey, role: 'owner' })),
  },
  {
    rule: 'the last owner stepping down',
    reason: 'the last owner cannot step down: the plan must always have an owner',
    build: (w) => attempt(w, forge(w, w.pro.sign, { type: 'set-role', person: w.pro.sign.publicKey, role: 'editor' })),
  },
  {
    rule: 'an ownership offer by a non-owner',
    reason: 'only an owner may offer ownership',
    build: (w) => attempt(w, forge(w, w.chair.sign, { type: 'offer-ownership', person: w.chair.sign.publicKey, withdraw: false })),
  },
  {
    rule: 'an accept by someone else than the offer was made to',
    reason: 'only the member the offer was made to may accept',
    build: (w) => {
      w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: w.chair.sign.publicKey, now: w.log.tick() }));
      return attempt(w, forge(w, w.parent.sign, { type: 'accept-ownership', person: w.chair.sign.publicKey }));
    },
  },
  {
    rule: 'an accept after the offer was withdrawn',
    reason: 'there is no pending ownership offer to this member',
    build: (w) => {
      const chairId = w.chair.sign.publicKey;
      w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: chairId, now: w.log.tick() }));
      w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: chairId, now: w.log.tick(), withdraw: true }));
      return attempt(w, forge(w, w.chair.sign, { type: 'accept-ownership', person: chairId }));
    },
  },
  {
    rule: 'the last owner removing themselves',
    reason: 'the last owner cannot leave: the plan must always have an owner',
    build: (w) => attempt(w, forge(w, w.pro.sign, { type: 'remove', subject: w.pro.sign.publicKey, scope: 'person', epoch: 1, sealedKeys: [] })),
  },
  {
    rule: 'an owner removing themselves (they would know the new key)',
    reason: 'an owner leaves only when another owner removes them',
    build: (w) => attempt(withChairAsOwner(w), forge(w, w.pro.sign, { type: 'remove', subject: w.pro.sign.publicKey, scope: 'person', epoch: 1, sealedKeys: [] })),
  },
  {
    rule: 'a removal by a non-owner',
    reason: 'only an owner may remove members or devices',
    build: (w) => attempt(w, forge(w, w.chair.sign, { type: 'remove', subject: w.parent.sign.publicKey, scope: 'person', epoch: 1, sealedKeys: [] })),
  },
  {
    rule: 'a non-owner removes a device of another person',
    reason: 'only an owner may remove members or devices',
    build: (w) => attempt(w, forge(w, w.chairTablet.sign, { type: 'remove', subject: w.parent.sign.publicKey, scope: 'device', epoch: 1, sealedKeys: [] })),
  },
  {
    rule: 'an event signed by a removed device',
    reason: 'this device was removed and may sign nothing',
    build: (w) => {
      withChairAsOwner(w);
      w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: w.chairTablet.sign.publicKey, scope: 'device', now: w.log.tick() }));
      return attempt(w, forge(w, w.chairTablet.sign, { type: 'set-role', person: w.parent.sign.publicKey, role: 'reader' }));
    },
  },
  {
    rule: 'a removed device joining again with a fresh invite',
    reason: 'a removed device cannot join again',
    build: (w) => {
      const r = w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: w.parent.sign.publicKey, scope: 'person', now: w.log.tick() }));
      const inv = w.log.add(createInvite(s, w.log.state, { inviter: w.pro, epochKey: r.epochKey, expiresAt: w.log.now + DAY, now: w.log.tick() }));
      const keys = deriveInviteKeys(s, inv.secret);
      const body: EventBody = { type: 'join', memberKey: w.parent.sign.publicKey, boxKey: w.parent.box.publicKey, sealedEpochKey: sealEpochKey(s, r.epochKey, w.parent.box.publicKey) };
      return attempt(w, forge(w, keys.sign, body));
    },
  },
  {
    rule: 'a device linked by a device of another person',
    reason: 'a device is linked by a device of the same person',
    build: (w) => {
      const d = generateDeviceKeys(s);
      const body: EventBody = { type: 'link-device', person: w.chair.sign.publicKey, deviceKey: d.sign.publicKey, boxKey: d.box.publicKey, sealedEpochKey: sealEpochKey(s, w.epochKey, d.box.publicKey) };
      return attempt(w, forge(w, w.parent.sign, body));
    },
  },
  {
    rule: 'a device linked by a non-member',
    reason: 'only a member device may link a device',
    build: (w) => {
      const stranger = generateDeviceKeys(s);
      const body: EventBody = { type: 'link-device', person: stranger.sign.publicKey, deviceKey: stranger.sign.publicKey, boxKey: stranger.box.publicKey, sealedEpochKey: sealEpochKey(s, w.epochKey, stranger.box.publicKey) };
      return attempt(w, forge(w, stranger.sign, body));
    },
  },
  {
    rule: 'a replayed invite',
    reason: 'invite already used',
    build: (w) => {
      const inv = w.log.add(createInvite(s, w.log.state, { inviter: w.pro, epochKey: w.epochKey, expiresAt: w.log.now + DAY, now: w.log.tick() }));
      w.log.add(createJoin(s, w.log.state, { secret: inv.secret, device: generateDeviceKeys(s), now: w.log.tick() }));
      return attempt(w, forge(w, deriveInviteKeys(s, inv.secret).sign, joinBody(w.epochKey)));
    },
  },
  {
    rule: 'an expired invite',
    reason: 'invite expired',
    build: (w) => {
      const inv = w.log.add(createInvite(s, w.log.state, { inviter: w.pro, epochKey: w.epochKey, expiresAt: w.log.now + 61_000, now: w.log.tick() }));
      w.log.now += 10 * 60_000;
      return attempt(w, forge(w, deriveInviteKeys(s, inv.secret).sign, joinBody(w.epochKey)));
    },
  },
  {
    rule: 'a revoked invite',
    reason: 'invite was revoked',
    build: (w) => {
      const inv = w.log.add(createInvite(s, w.log.state, { inviter: w.pro, epochKey: w.epochKey, expiresAt: w.log.now + DAY, now: w.log.tick() }));
      const inviteKey = deriveInviteKeys(s, inv.secret).sign;
      w.log.add(createInviteRevocation(s, w.log.state, { owner: w.pro, inviteKey: inviteKey.publicKey, now: w.log.tick() }));
      return attempt(w, forge(w, inviteKey, joinBody(w.epochKey)));
    },
  },
  {
    rule: 'a revocation by a non-owner',
    reason: 'only an owner may revoke an invite',
    build: (w) => {
      const inv = w.log.add(createInvite(s, w.log.state, { inviter: w.pro, epochKey: w.epochKey, expiresAt: w.log.now + DAY, now: w.log.tick() }));
      return attempt(w, forge(w, w.chair.sign, { type: 'revoke-invite', inviteKey: deriveInviteKeys(s, inv.secret).sign.publicKey }));
    },
  },
  {
    rule: 'an invite from before a key rotation',
    reason: 'invite belongs to an earlier epoch',
    build: (w) => {
      const inv = w.log.add(createInvite(s, w.log.state, { inviter: w.pro, epochKey: w.epochKey, expiresAt: w.log.now + DAY, now: w.log.tick() }));
      w.log.add(createRemoval(s, w.log.state, { owner: w.pro, subject: w.youthPro.sign.publicKey, scope: 'person', now: w.log.tick() }));
      return attempt(w, forge(w, deriveInviteKeys(s, inv.secret).sign, joinBody(w.epochKey)));
    },
  },
  {
    rule: 'an epoch that skips a number',
    reason: 'epochs rise by one: expected 1, got 2',
    build: (w) => {
      const key = generateEpochKey(s);
      const sealedKeys = [...w.log.state.members.values()].map((m) => ({ boxKey: m.boxKey, sealed: sealEpochKey(s, key, m.boxKey) }));
      return attempt(w, forge(w, w.pro.sign, { type: 'rotate-key', epoch: 2, sealedKeys }));
    },
  },
  {
    rule: 'a rotation that leaves a remaining device without the key',
    reason: 'the new key is not sealed to every remaining device',
    build: (w) => {
      const key = generateEpochKey(s);
      const sealedKeys = [...w.log.state.members.values()].slice(1).map((m) => ({ boxKey: m.boxKey, sealed: sealEpochKey(s, key, m.boxKey) }));
      return attempt(w, forge(w, w.pro.sign, { type: 'rotate-key', epoch: 1, sealedKeys }));
    },
  },
  {
    rule: 'a removal that still seals the new key to the removed member',
    reason: 'the new key is sealed to a device that is not a remaining member',
    build: (w) => {
      const key = generateEpochKey(s);
      const sealedKeys = [...w.log.state.members.values()].map((m) => ({ boxKey: m.boxKey, sealed: sealEpochKey(s, key, m.boxKey) }));
      return attempt(w, forge(w, w.pro.sign, { type: 'remove', subject: w.parent.sign.publicKey, scope: 'person', epoch: 1, sealedKeys }));
    },
  },
  {
    rule: 'a key rotation by a non-owner',
    reason: 'only an owner may rotate the key',
    build: (w) => attempt(w, forge(w, w.parent.sign, { type: 'rotate-key', epoch: 1, sealedKeys: [] })),
  },
  {
    rule: 'a non-owner’s removal of their own device that rotates the key (it would choose everyone’s key)',
    reason: 'only an owner rotates the key: a non-owner removes their own device without a new key',
    build: (w) => {
      const key = generateEpochKey(s);
      const remaining = [...w.log.state.members.values()].filter((m) => toBase64Url(m.boxKey) !== toBase64Url(w.chairTablet.box.publicKey));
      const sealedKeys = remaining.map((m) => ({ boxKey: m.boxKey, sealed: sealEpochKey(s, key, m.boxKey) }));
      const keyCommitment = epochKeyCommitment(s, w.log.state.planId, 1, key);
      return attempt(w, forge(w, w.chair.sign, { type: 'remove', subject: w.chairTablet.sign.publicKey, scope: 'device', epoch: 1, sealedKeys, keyCommitment }));
    },
  },
  {
    rule: 'a rotation with an empty key commitment',
    reason: 'a rotation commits to its new key',
    build: (w) => {
      const key = generateEpochKey(s);
      const sealedKeys = [...w.log.state.members.values()].map((m) => ({ boxKey: m.boxKey, sealed: sealEpochKey(s, key, m.boxKey) }));
      return attempt(w, forge(w, w.pro.sign, { type: 'rotate-key', epoch: 1, sealedKeys, keyCommitment: new Uint8Array() }));
    },
  },
  {
    rule: 'closing the case by a non-owner',
    reason: 'only an owner may close the case',
    build: (w) => attempt(w, forge(w, w.chair.sign, { type: 'close-case', epoch: 1, sealedKeys: [] })),
  },
  {
    rule: 'closing the case by a professional owner (who would learn the new key)',
    reason: 'a professional cannot close the case: an owner from the household or network closes it',
    build: (w) => attempt(withChairAsOwner(w), forge(w, w.pro.sign, { type: 'close-case', epoch: 1, sealedKeys: [] })),
  },
  {
    rule: 'closing a closed case',
    reason: 'the case is already closed',
    build: (w) => {
      withChairAsOwner(w);
      w.log.add(createCaseClose(s, w.log.state, { owner: w.chair, now: w.log.tick() }));
      return attempt(w, forge(w, w.chair.sign, { type: 'close-case', epoch: 2, sealedKeys: [] }));
    },
  },
  {
    rule: 'a new event type dressed as a v1 event',
    reason: 'event type 4 needs event version 2',
    build: (w) => {
      const unsigned = encodeUnsignedEvent({ planId: w.log.state.planId, prev: w.log.state.head, signer: w.pro.sign.publicKey, timestamp: w.log.now, body: { type: 'set-role', person: w.parent.sign.publicKey, role: 'reader' } });
      expect(unsigned[0]).toBe(2);
      unsigned[0] = 1;
      return attempt(w, finishEvent(unsigned, new Uint8Array(64)));
    },
  },
];

describe('the membership log refuses, with the exact reason, and changes nothing', () => {
  it.each(RULES)('$rule', ({ build, reason }) => {
    const w = handoverWorld(s, T0);
    const { events, state, event, at } = build(w);
    const before = fingerprint(state);
    expect(refusal(() => appendEvent(s, state, event, at))).toBe(`invalid-event: ${reason}`);
    expect(fingerprint(state)).toBe(before);
    // A relay that stored it anyway is caught by every client validating the whole log.
    expect(refusal(() => validateLog(s, [...events, event], at))).toBe(`invalid-event: event ${events.length}: ${reason}`);
    // And the log without it still validates to the same state.
    expect(fingerprint(validateLog(s, events, at))).toBe(before);
  });

  it('a rotation without a key commitment (the old form): refused when new, at the relay and at a client that did not hold it; valid in a stored log', () => {
    const w = handoverWorld(s, T0);
    const events = [...w.log.events];
    const key = generateEpochKey(s);
    const sealedKeys = [...w.log.state.members.values()].map((m) => ({ boxKey: m.boxKey, sealed: sealEpochKey(s, key, m.boxKey) }));
    const old = forge(w, w.pro.sign, { type: 'rotate-key', epoch: 1, sealedKeys });
    const reason = 'a rotation must commit to its new key (event version 3)';
    expect(refusal(() => appendEvent(s, w.log.state, old, w.log.now))).toBe(`invalid-event: ${reason}`);
    expect(refusal(() => validateLog(s, [...events, old], w.log.now, { strictFrom: events.length }))).toBe(`invalid-event: event ${events.length}: ${reason}`);
    // Written before commitments existed and already held: it still validates, and has nothing to check a key against.
    const state = validateLog(s, [...events, old], w.log.now, { strictFrom: events.length + 1 });
    expect(state.epoch).toBe(1);
    expect(state.epochs[1]?.commitment).toBeUndefined();
  });

  it('an event that would fork the log: stale-head when appended, a broken chain in a stored log', () => {
    const w = handoverWorld(s, T0);
    const forkPoint = w.log.state;
    const forkEvents = [...w.log.events];
    w.log.add(createRoleChange(s, w.log.state, { owner: w.pro, person: w.parent.sign.publicKey, role: 'reader', now: w.log.tick() }));
    const before = fingerprint(w.log.state);
    const fork = createRoleChange(s, forkPoint, { owner: w.pro, person: w.chair.sign.publicKey, role: 'reader', now: w.log.now }).event;
    expect(refusal(() => appendEvent(s, w.log.state, fork, w.log.now))).toBe('stale-head: prev is not the current head');
    expect(fingerprint(w.log.state)).toBe(before);
    expect(refusal(() => validateLog(s, [...w.log.events, fork], w.log.now))).toBe(
      `invalid-event: event ${w.log.events.length}: prev hash does not match the previous event`,
    );
    // On the fork point itself it would have been fine: only the head matters.
    expect(appendEvent(s, forkPoint, fork, w.log.now).length).toBe(forkEvents.length + 1);
  });
});
