import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import {
  deriveInviteKeys,
  generateDeviceKeys,
  generateInviteSecret,
  generatePlanId,
  sealEpochKey,
  SIGN_DOMAINS,
  signDetached,
  ready,
  type DeviceKeys,
  type KeyPair,
} from '../../crypto/index.ts';
import { createGenesis, createInvite, createJoin } from './create-events.ts';
import { appendEvent, validateLog } from './validate-log.ts';
import { encodeUnsignedEvent, finishEvent, type EventBody } from './event-codec.ts';
import type { MembershipState } from './state.ts';
import { forgeEvent, refusal } from './testing/handover-world.ts';

const s = await ready();

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const HOUR = 3600_000;

/** Signs any event the way an attacker with `signer` could. */
const forge = (signer: KeyPair, state: MembershipState, body: EventBody, timestamp = T0 + HOUR, prev = state.head, planId = state.planId) =>
  forgeEvent(s, signer, state, body, { timestamp, prev, planId });

interface World {
  owner: DeviceKeys;
  editor: DeviceKeys;
  genesis: Uint8Array;
  invite: Uint8Array;
  join: Uint8Array;
  epochKey: Uint8Array;
  state: MembershipState;
}

function world(): World {
  const owner = generateDeviceKeys(s);
  const editor = generateDeviceKeys(s);
  const g = createGenesis(s, { device: owner, now: T0 });
  const inv = createInvite(s, g.state, { inviter: owner, epochKey: g.epochKey, expiresAt: T0 + 24 * HOUR, now: T0 });
  const join = createJoin(s, inv.state, { secret: inv.secret, device: editor, now: T0 + 10 });
  return { owner, editor, genesis: g.event, invite: inv.event, join: join.event, epochKey: g.epochKey, state: join.state };
}

function inviteBody(epochKey: Uint8Array, expiresAt = T0 + 2 * HOUR) {
  const keys = deriveInviteKeys(s, generateInviteSecret(s));
  const body: EventBody = {
    type: 'invite',
    inviteKey: keys.sign.publicKey,
    role: 'editor',
    expiresAt,
    epoch: 0,
    sealedEpochKey: sealEpochKey(s, epochKey, keys.box.publicKey),
  };
  return { keys, body };
}

describe('the membership log refuses', () => {
  it('an event with a forged signature, wherever the flipped bit is', () => {
    const w = world();
    for (const at of [1, 20, 60, 100, w.invite.length - 70]) {
      const bad = w.invite.slice();
      bad[at] = (bad[at] ?? 0) ^ 1;
      expect(refusal(() => validateLog(s, [w.genesis, bad, w.join], T0 + HOUR)), `bit at ${at}`).toMatch(/^invalid-event: event 1: /);
    }
    const sigFlip = w.invite.slice();
    sigFlip[sigFlip.length - 1] = (sigFlip[sigFlip.length - 1] ?? 0) ^ 1;
    expect(refusal(() => validateLog(s, [w.genesis, sigFlip], T0 + HOUR))).toBe('invalid-event: event 1: signature does not verify');
  });

  it('an invite signed by a non-owner, and an invite that grants ownership', () => {
    const w = world();
    const byEditor = forge(w.editor.sign, w.state, inviteBody(w.epochKey).body);
    expect(refusal(() => appendEvent(s, w.state, byEditor, T0 + HOUR))).toBe('invalid-event: only an owner may invite');
    const stranger = generateDeviceKeys(s);
    const byStranger = forge(stranger.sign, w.state, inviteBody(w.epochKey).body);
    expect(refusal(() => appendEvent(s, w.state, byStranger, T0 + HOUR))).toBe('invalid-event: only an owner may invite');
    const ownerInvite = forge(w.owner.sign, w.state, { ...inviteBody(w.epochKey).body, role: 'owner' } as EventBody);
    expect(refusal(() => appendEvent(s, w.state, ownerInvite, T0 + HOUR))).toBe('invalid-event: an invite cannot grant the role owner');
  });

  it('a wrong prev: stale-head when appending, invalid-event in a stored log (e.g. a dropped event)', () => {
    const w = world();
    const { body } = inviteBody(w.epochKey);
    const onOldHead = forge(w.owner.sign, w.state, body, T0 + HOUR, new Uint8Array(32).fill(3));
    expect(refusal(() => appendEvent(s, w.state, onOldHead, T0 + HOUR))).toBe('stale-head: prev is not the current head');
    expect(refusal(() => validateLog(s, [w.genesis, w.join], T0 + HOUR))).toBe(
      'invalid-event: event 1: prev hash does not match the previous event',
    );
    expect(refusal(() => validateLog(s, [w.genesis, w.invite, w.invite], T0 + HOUR))).toMatch(/prev hash does not match/);
  });

  it('a replayed invite: the same secret joins only once, even with a fresh head', () => {
    const w = world();
    const inviteKeys = deriveInviteKeys(s, generateInviteSecret(s));
    // Reuse the original invite's key: sign a second join with it on the current head.
    const used = [...w.state.invites.values()][0];
    expect(used?.usedBy).toEqual(w.editor.sign.publicKey);
    const other = generateDeviceKeys(s);
    const body: EventBody = { type: 'join', memberKey: other.sign.publicKey, boxKey: other.box.publicKey, sealedEpochKey: sealEpochKey(s, w.epochKey, other.box.publicKey) };
    // Without the secret nobody can sign as the invite: an unknown invite key is refused.
    expect(refusal(() => appendEvent(s, w.state, forge(inviteKeys.sign, w.state, body), T0 + HOUR))).toBe(
      'invalid-event: join is not signed by a known invite',
    );
    // With it (a second person holding the link), the used invite is refused.
    const g = createGenesis(s, { device: w.owner, now: T0 });
    const inv = createInvite(s, g.state, { inviter: w.owner, epochKey: g.epochKey, expiresAt: T0 + 24 * HOUR, now: T0 });
    const first = createJoin(s, inv.state, { secret: inv.secret, device: w.editor, now: T0 + 1 });
    const secretKeys = deriveInviteKeys(s, inv.secret);
    const second = forge(secretKeys.sign, first.state, body, T0 + 2);
    expect(refusal(() => appendEvent(s, first.state, second, T0 + 3))).toBe('invalid-event: invite already used');
    // Re-inviting with the same invite key is refused as well.
    const reuse = forge(w.owner.sign, first.state, { ...inviteBody(g.epochKey).body, inviteKey: secretKeys.sign.publicKey } as EventBody, T0 + 4);
    expect(refusal(() => appendEvent(s, first.state, reuse, T0 + 5))).toBe('invalid-event: invite key used before');
  });

  it('an expired invite, also when the join is backdated', () => {
    const w = world();
    const { keys, body } = inviteBody(w.epochKey, T0 + 2 * HOUR);
    const invite = forge(w.owner.sign, w.state, body, T0 + HOUR);
    const state = appendEvent(s, w.state, invite, T0 + HOUR);
    const joiner = generateDeviceKeys(s);
    const joinBody: EventBody = { type: 'join', memberKey: joiner.sign.publicKey, boxKey: joiner.box.publicKey, sealedEpochKey: sealEpochKey(s, w.epochKey, joiner.box.publicKey) };
    const late = forge(keys.sign, state, joinBody, T0 + 3 * HOUR);
    expect(refusal(() => appendEvent(s, state, late, T0 + 3 * HOUR))).toBe('invalid-event: invite expired');
    const backdated = forge(keys.sign, state, joinBody, T0 + HOUR + 5);
    expect(refusal(() => appendEvent(s, state, backdated, T0 + 3 * HOUR))).toBe('invalid-event: event is dated too far in the past');
    // In time it is fine, and a log with it validates later on.
    expect(appendEvent(s, state, backdated, T0 + HOUR + 6).members.size).toBe(3);
  });

  it('unknown event types, a second create, another plan, a log that does not start with create, the future', () => {
    const w = world();
    const unknown = encoding.createEncoder();
    const prefix = encodeUnsignedEvent({ planId: w.state.planId, prev: w.state.head, signer: w.owner.sign.publicKey, timestamp: T0, body: { type: 'create', boxKey: w.owner.box.publicKey, sealedEpochKey: new Uint8Array(80) } });
    // Same shape as a create but type 99 (not assigned): patch the type byte after version|planId|prev.
    const typeAt = 1 + 1 + 16 + 1 + 32;
    expect(prefix[typeAt]).toBe(1);
    prefix[typeAt] = 99;
    encoding.writeUint8Array(unknown, finishEvent(prefix, signDetached(s, SIGN_DOMAINS.memberEvent, prefix, w.owner.sign.privateKey)));
    expect(refusal(() => appendEvent(s, w.state, encoding.toUint8Array(unknown), T0 + HOUR))).toBe(
      'invalid-event: unknown or unsupported event type 99',
    );

    const createAgain = forge(w.owner.sign, w.state, { type: 'create', boxKey: w.owner.box.publicKey, sealedEpochKey: sealEpochKey(s, w.epochKey, w.owner.box.publicKey) });
    expect(refusal(() => appendEvent(s, w.state, createAgain, T0 + HOUR))).toBe('invalid-event: a plan has only one create');

    const crossPlan = forge(w.owner.sign, w.state, inviteBody(w.epochKey).body, T0 + HOUR, w.state.head, generatePlanId(s));
    expect(refusal(() => appendEvent(s, w.state, crossPlan, T0 + HOUR))).toBe('invalid-event: event belongs to another plan');

    expect(refusal(() => validateLog(s, [w.invite], T0 + HOUR))).toBe('invalid-event: event 0: the log must start with create');
    expect(refusal(() => validateLog(s, [], T0))).toBe('invalid-event: the log is empty');

    const future = forge(w.owner.sign, w.state, inviteBody(w.epochKey, T0 + 30 * HOUR).body, T0 + 20 * HOUR);
    expect(refusal(() => appendEvent(s, w.state, future, T0 + HOUR))).toBe('invalid-event: event is dated in the future');
  });

  it('a join that claims an existing member, and garbage instead of an event', () => {
    const w = world();
    const { keys, body } = inviteBody(w.epochKey);
    const state = appendEvent(s, w.state, forge(w.owner.sign, w.state, body, T0 + HOUR), T0 + HOUR);
    const dup = forge(keys.sign, state, { type: 'join', memberKey: w.owner.sign.publicKey, boxKey: w.owner.box.publicKey, sealedEpochKey: sealEpochKey(s, w.epochKey, w.owner.box.publicKey) });
    expect(refusal(() => appendEvent(s, state, dup, T0 + HOUR))).toBe('invalid-event: device is already a member');
    expect(refusal(() => appendEvent(s, state, new Uint8Array([1, 2, 3]), T0 + HOUR))).toMatch(/^invalid-event: does not decode/);
  });
});
