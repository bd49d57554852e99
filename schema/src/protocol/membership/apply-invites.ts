import { invalid, requireOwner, type EventOf, type Step } from './apply-context.ts';
import { DEFAULT_PROFILE, profileProblem } from './member-kinds.ts';
import { INVITABLE_ROLES, MAX_INVITE_LIFETIME_MS } from './event-types.ts';
import { keyId, type Invite, type Member, type MembershipState, type Person } from './state.ts';

export function applyInvite(state: MembershipState, ev: EventOf<'invite'>): Step {
  const b = ev.body;
  const owner = requireOwner(state, ev.signer, 'only an owner may invite');
  if (!INVITABLE_ROLES.includes(b.role)) throw invalid(`an invite cannot grant the role ${b.role}`);
  const profile = b.kind === undefined ? DEFAULT_PROFILE : { kind: b.kind, function: b.function };
  const problem = profileProblem(profile);
  if (problem) throw invalid(problem);
  if (b.epoch !== state.epoch) throw invalid(`invite names epoch ${b.epoch}, current is ${state.epoch}`);
  if (b.expiresAt <= ev.timestamp) throw invalid('invite expires before it is made');
  if (b.expiresAt - ev.timestamp > MAX_INVITE_LIFETIME_MS) throw invalid('invite lives longer than 30 days');
  const id = keyId(b.inviteKey);
  if (state.invites.has(id) || state.members.has(id) || state.removed.has(id)) throw invalid('invite key used before');
  const invite: Invite = {
    inviteKey: b.inviteKey,
    role: b.role,
    expiresAt: b.expiresAt,
    epoch: b.epoch,
    invitedBy: ev.signer,
    sealedEpochKey: b.sealedEpochKey,
    ...profile,
  };
  return {
    change: { invites: new Map(state.invites).set(id, invite) },
    entry: { actor: owner.personId, subject: b.inviteKey, role: b.role },
  };
}

/** Box keys must be unique: a rotation seals one copy per box key, and keys are found by box key. */
export function boxKeyInUse(state: MembershipState, boxKey: Uint8Array): boolean {
  const id = keyId(boxKey);
  return [...state.members.values()].some((m) => keyId(m.boxKey) === id);
}

export function applyJoin(state: MembershipState, ev: EventOf<'join'>): Step {
  const b = ev.body;
  const invite = state.invites.get(keyId(ev.signer));
  if (!invite) throw invalid('join is not signed by a known invite');
  if (invite.usedBy) throw invalid('invite already used');
  if (invite.revokedAt !== undefined) throw invalid('invite was revoked');
  if (ev.timestamp > invite.expiresAt) throw invalid('invite expired');
  if (invite.epoch !== state.epoch) throw invalid('invite belongs to an earlier epoch');
  const memberId = keyId(b.memberKey);
  if (state.members.has(memberId)) throw invalid('device is already a member');
  if (state.removed.has(memberId)) throw invalid('a removed device cannot join again');
  if (state.invites.has(memberId)) throw invalid('member key is an invite key');
  if (boxKeyInUse(state, b.boxKey)) throw invalid('box key already in use');
  const profile = { kind: invite.kind, function: invite.function };
  const member: Member = {
    signKey: b.memberKey,
    boxKey: b.boxKey,
    role: invite.role,
    since: ev.timestamp,
    invitedBy: invite.invitedBy,
    personId: b.memberKey,
    ...profile,
  };
  const person: Person = { personId: b.memberKey, role: invite.role, ...profile, devices: [b.memberKey], since: ev.timestamp };
  return {
    change: {
      members: new Map(state.members).set(memberId, member),
      people: new Map(state.people).set(memberId, person),
      invites: new Map(state.invites).set(keyId(ev.signer), { ...invite, usedBy: b.memberKey }),
      sealedKeys: [...state.sealedKeys, { epoch: state.epoch, boxKey: b.boxKey, sealed: b.sealedEpochKey }],
    },
    entry: { actor: b.memberKey, subject: ev.signer, role: invite.role },
  };
}

export function applyRevokeInvite(state: MembershipState, ev: EventOf<'revoke-invite'>): Step {
  const owner = requireOwner(state, ev.signer, 'only an owner may revoke an invite');
  const id = keyId(ev.body.inviteKey);
  const invite = state.invites.get(id);
  if (!invite) throw invalid('no such invite');
  if (invite.usedBy) throw invalid('invite already used');
  if (invite.revokedAt !== undefined) throw invalid('invite already revoked');
  return {
    change: { invites: new Map(state.invites).set(id, { ...invite, revokedAt: ev.timestamp }) },
    entry: { actor: owner.personId, subject: ev.body.inviteKey },
  };
}
