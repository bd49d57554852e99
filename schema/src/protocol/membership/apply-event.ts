import { constantTimeEqual, hash, HASH_BYTES, SIGN_DOMAINS, verifyDetached, type Sodium } from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import { invalid, type EventOf, type Step } from './apply-context.ts';
import { applyCloseCase, applyRemove, applyRotateKey } from './apply-removal.ts';
import { applyInvite, applyJoin, applyRevokeInvite } from './apply-invites.ts';
import { applyAcceptOwnership, applyOfferOwnership, applySetRole } from './apply-roles.ts';
import { applyLinkDevice } from './apply-devices.ts';
import { applyRegisterRecovery, applyUseRecovery, recoverySignerProblem } from './apply-recovery.ts';
import { decodeEvent, type DecodedEvent } from './event-codec.ts';
import { CAP_TYPES, ROTATION_TYPES } from './event-bodies.ts';
import { MAX_CLOCK_SKEW_MS } from './event-types.ts';
import { DEFAULT_PROFILE, profileProblem } from './member-kinds.ts';
import { grantsAfter, keyId, type Member, type MembershipState } from './state.ts';

const GENESIS_PREV = new Uint8Array(HASH_BYTES);

function decodeAsEvent(bytes: Uint8Array): DecodedEvent {
  try {
    return decodeEvent(bytes);
  } catch (e) {
    if (e instanceof ProtocolError && e.code === 'malformed') throw invalid(`does not decode (${e.detail})`);
    throw e;
  }
}

function applyCreate(ev: EventOf<'create'>, head: Uint8Array): MembershipState {
  const b = ev.body;
  const profile = b.kind === undefined ? DEFAULT_PROFILE : { kind: b.kind, function: b.function };
  const problem = profileProblem(profile);
  if (problem) throw invalid(problem);
  const creator: Member = { signKey: ev.signer, boxKey: b.boxKey, role: 'owner', since: ev.timestamp, personId: ev.signer, ...profile };
  const id = keyId(ev.signer);
  const genesis: Omit<MembershipState, 'grants'> = {
    planId: ev.planId,
    epoch: 0,
    head,
    length: 1,
    members: new Map([[id, creator]]),
    people: new Map([[id, { personId: ev.signer, role: 'owner', ...profile, devices: [ev.signer], since: ev.timestamp }]]),
    invites: new Map(),
    sealedKeys: [{ epoch: 0, boxKey: b.boxKey, sealed: b.sealedEpochKey }],
    offers: new Map(),
    removed: new Map(),
    closed: false,
    history: [{ type: 'create', timestamp: ev.timestamp, actor: ev.signer, role: 'owner', epoch: 0 }],
    epochs: [{ epoch: 0, at: 0, signer: ev.signer, eventHash: head }],
    rotationOwed: false,
    recoveryKeys: new Map(),
    caps: new Map(),
  };
  return { ...genesis, grants: grantsAfter(undefined, genesis) };
}

function commitmentOf(ev: DecodedEvent): { commitment?: Uint8Array; chainedKey?: Uint8Array } {
  const { keyCommitment: c, chainedKey } = ev.body as { keyCommitment?: Uint8Array; chainedKey?: Uint8Array };
  return { ...(c && c.length > 0 ? { commitment: c } : {}), ...(chainedKey ? { chainedKey } : {}) };
}

function applyStep(state: MembershipState, ev: DecodedEvent): Step {
  const e = ev as EventOf<typeof ev.body.type>;
  switch (ev.body.type) {
    case 'create':
      throw invalid('a plan has only one create');
    case 'invite':
      return applyInvite(state, e as EventOf<'invite'>);
    case 'join':
      return applyJoin(state, e as EventOf<'join'>);
    case 'set-role':
      return applySetRole(state, e as EventOf<'set-role'>);
    case 'offer-ownership':
      return applyOfferOwnership(state, e as EventOf<'offer-ownership'>);
    case 'accept-ownership':
      return applyAcceptOwnership(state, e as EventOf<'accept-ownership'>);
    case 'remove':
      return applyRemove(state, e as EventOf<'remove'>);
    case 'link-device':
      return applyLinkDevice(state, e as EventOf<'link-device'>);
    case 'rotate-key':
      return applyRotateKey(state, e as EventOf<'rotate-key'>);
    case 'close-case':
      return applyCloseCase(state, e as EventOf<'close-case'>);
    case 'revoke-invite':
      return applyRevokeInvite(state, e as EventOf<'revoke-invite'>);
    case 'register-recovery':
      return applyRegisterRecovery(state, e as EventOf<'register-recovery'>);
    case 'use-recovery':
      return applyUseRecovery(state, e as EventOf<'use-recovery'>);
  }
}

/**
 * Checks one event against the state before it (undefined: it must be the genesis) and returns
 * the state after it. `wrongPrev` decides what a prev mismatch means: a forgery in a stored log,
 * or a race lost to another writer when appending. The state passed in is never changed.
 */
export function applyEvent(
  s: Sodium,
  state: MembershipState | undefined,
  bytes: Uint8Array,
  now: number,
  wrongPrev: 'invalid-event' | 'stale-head',
  legacy = false,
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
    return applyCreate(ev as EventOf<'create'>, head);
  }
  if (!constantTimeEqual(ev.planId, state.planId)) throw invalid('event belongs to another plan');
  if (!constantTimeEqual(ev.prev, state.head)) {
    if (wrongPrev === 'stale-head') throw new ProtocolError('stale-head', 'prev is not the current head');
    throw invalid('prev hash does not match the previous event');
  }
  if (state.removed.has(keyId(ev.signer))) throw invalid('this device was removed and may sign nothing');
  const recoveryProblem = recoverySignerProblem(state, ev);
  if (recoveryProblem) throw invalid(recoveryProblem);
  const { change, entry } = applyStep(state, ev);
  // A rotation without a key commitment (event version 2) only stands in a log already held; a new one must commit.
  if (!legacy && ROTATION_TYPES.has(ev.body.type) && (ev.body as { keyCommitment?: Uint8Array }).keyCommitment === undefined) {
    throw invalid('a rotation must commit to its new key (event version 3)');
  }
  // A removal, role change or closure without caps (version 3 and before) only stands in a log already held.
  if (!legacy && CAP_TYPES.has(ev.body.type) && (ev.body as { caps?: unknown }).caps === undefined) {
    throw invalid('a removal, role change or closure names the last clock of each device it takes a right from (event version 4)');
  }
  const history = [...state.history, { type: ev.body.type, timestamp: ev.timestamp, ...entry }];
  const rotated = change.epoch !== undefined && change.epoch !== state.epoch;
  const epochs = rotated
    ? [...state.epochs, { epoch: change.epoch!, at: state.length, signer: ev.signer, eventHash: head, ...commitmentOf(ev) }]
    : state.epochs;
  const rotationOwed = rotated ? false : (change.rotationOwed ?? state.rotationOwed);
  const after = { ...state, ...change, head, length: state.length + 1, history, epochs, rotationOwed };
  return { ...after, grants: grantsAfter(state, after) };
}
