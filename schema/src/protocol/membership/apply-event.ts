import { constantTimeEqual, hash, HASH_BYTES, SIGN_DOMAINS, verifyDetached, type Sodium } from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import { decodeEvent, type DecodedEvent } from './event-codec.ts';
import { INVITABLE_ROLES, MAX_CLOCK_SKEW_MS, MAX_INVITE_LIFETIME_MS } from './event-types.ts';
import { keyId, memberOf, type Invite, type Member, type MembershipState } from './state.ts';

const GENESIS_PREV = new Uint8Array(HASH_BYTES);

const invalid = (reason: string) => new ProtocolError('invalid-event', reason);

function decodeAsEvent(bytes: Uint8Array): DecodedEvent {
  try {
    return decodeEvent(bytes);
  } catch (e) {
    if (e instanceof ProtocolError && e.code === 'malformed') throw invalid(`does not decode (${e.detail})`);
    throw e;
  }
}

function applyCreate(ev: DecodedEvent & { body: { type: 'create' } }, head: Uint8Array): MembershipState {
  const creator: Member = { signKey: ev.signer, boxKey: ev.body.boxKey, role: 'owner', since: ev.timestamp };
  return {
    planId: ev.planId,
    epoch: 0,
    head,
    length: 1,
    members: new Map([[keyId(ev.signer), creator]]),
    invites: new Map(),
    sealedKeys: [{ epoch: 0, boxKey: ev.body.boxKey, sealed: ev.body.sealedEpochKey }],
  };
}

function applyInvite(state: MembershipState, ev: DecodedEvent & { body: { type: 'invite' } }): Partial<MembershipState> {
  const b = ev.body;
  if (memberOf(state, ev.signer)?.role !== 'owner') throw invalid('only an owner may invite');
  if (!INVITABLE_ROLES.includes(b.role)) throw invalid(`an invite cannot grant the role ${b.role}`);
  if (b.epoch !== state.epoch) throw invalid(`invite names epoch ${b.epoch}, current is ${state.epoch}`);
  if (b.expiresAt <= ev.timestamp) throw invalid('invite expires before it is made');
  if (b.expiresAt - ev.timestamp > MAX_INVITE_LIFETIME_MS) throw invalid('invite lives longer than 30 days');
  const id = keyId(b.inviteKey);
  if (state.invites.has(id) || state.members.has(id)) throw invalid('invite key used before');
  const invite: Invite = { ...b, invitedBy: ev.signer };
  return { invites: new Map(state.invites).set(id, invite) };
}

function applyJoin(state: MembershipState, ev: DecodedEvent & { body: { type: 'join' } }): Partial<MembershipState> {
  const b = ev.body;
  const invite = state.invites.get(keyId(ev.signer));
  if (!invite) throw invalid('join is not signed by a known invite');
  if (invite.usedBy) throw invalid('invite already used');
  if (ev.timestamp > invite.expiresAt) throw invalid('invite expired');
  if (invite.epoch !== state.epoch) throw invalid('invite belongs to an earlier epoch');
  if (state.members.has(keyId(b.memberKey))) throw invalid('device is already a member');
  if (state.invites.has(keyId(b.memberKey))) throw invalid('member key is an invite key');
  const member: Member = { signKey: b.memberKey, boxKey: b.boxKey, role: invite.role, since: ev.timestamp, invitedBy: invite.invitedBy };
  return {
    members: new Map(state.members).set(keyId(b.memberKey), member),
    invites: new Map(state.invites).set(keyId(ev.signer), { ...invite, usedBy: b.memberKey }),
    sealedKeys: [...state.sealedKeys, { epoch: state.epoch, boxKey: b.boxKey, sealed: b.sealedEpochKey }],
  };
}

/**
 * Checks one event against the state before it (undefined: it must be the genesis) and returns
 * the state after it. `wrongPrev` decides what a prev mismatch means: a forgery in a stored log,
 * or a race lost to another writer when appending.
 */
export function applyEvent(
  s: Sodium,
  state: MembershipState | undefined,
  bytes: Uint8Array,
  now: number,
  wrongPrev: 'invalid-event' | 'stale-head',
): MembershipState {
  const ev = decodeAsEvent(bytes);
  if (ev.timestamp > now + MAX_CLOCK_SKEW_MS) throw invalid('event is dated in the future');
  if (!verifyDetached(s, SIGN_DOMAINS.memberEvent, ev.signed, ev.signature, ev.signer)) {
    throw invalid('signature does not verify');
  }
  const head = hash(s, bytes);
  if (!state) {
    if (ev.body.type !== 'create') throw invalid('the log must start with create');
    if (!constantTimeEqual(ev.prev, GENESIS_PREV)) throw invalid('genesis must have an all-zero prev');
    return applyCreate({ ...ev, body: ev.body }, head);
  }
  if (!constantTimeEqual(ev.planId, state.planId)) throw invalid('event belongs to another plan');
  if (!constantTimeEqual(ev.prev, state.head)) {
    if (wrongPrev === 'stale-head') throw new ProtocolError('stale-head', 'prev is not the current head');
    throw invalid('prev hash does not match the previous event');
  }
  let change: Partial<MembershipState>;
  switch (ev.body.type) {
    case 'create':
      throw invalid('a plan has only one create');
    case 'invite':
      change = applyInvite(state, { ...ev, body: ev.body });
      break;
    case 'join':
      change = applyJoin(state, { ...ev, body: ev.body });
      break;
  }
  return { ...state, ...change, head, length: state.length + 1 };
}
