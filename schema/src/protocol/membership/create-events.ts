import {
  deriveInviteKeys,
  generateEpochKey,
  generateInviteSecret,
  generatePlanId,
  HASH_BYTES,
  openSealedEpochKey,
  sealEpochKey,
  type DeviceKeys,
  type Sodium,
} from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import { signEvent } from './sign-event.ts';
import { appendEvent, validateLog } from './validate-log.ts';
import { keyId, type MembershipState } from './state.ts';
import type { Role } from './event-types.ts';
import type { MemberProfile } from './member-kinds.ts';

/**
 * Starts a plan: a new plan id and epoch-0 key, sealed to the creating device. Without `profile`
 * the event is written as v1 and the creator counts as network (`DEFAULT_PROFILE`).
 */
export function createGenesis(
  s: Sodium,
  opts: { device: DeviceKeys; now: number; planId?: Uint8Array; epochKey?: Uint8Array; profile?: MemberProfile },
): { event: Uint8Array; planId: Uint8Array; epochKey: Uint8Array; state: MembershipState } {
  const planId = opts.planId ?? generatePlanId(s);
  const epochKey = opts.epochKey ?? generateEpochKey(s);
  const event = signEvent(s, opts.device.sign, {
    planId,
    prev: new Uint8Array(HASH_BYTES),
    timestamp: opts.now,
    body: {
      type: 'create',
      boxKey: opts.device.box.publicKey,
      sealedEpochKey: sealEpochKey(s, epochKey, opts.device.box.publicKey),
      ...opts.profile,
    },
  });
  return { event, planId, epochKey, state: validateLog(s, [event], opts.now) };
}

/**
 * An owner invites: the secret goes into the link's URL fragment only; the log gets the derived
 * public key and the current epoch key sealed to the derived box key. The profile (kind, function)
 * is what the joiner will be; without it the invite is written as v1 (a network member).
 */
export function createInvite(
  s: Sodium,
  state: MembershipState,
  opts: { inviter: DeviceKeys; epochKey: Uint8Array; expiresAt: number; now: number; role?: Role; profile?: MemberProfile },
): { event: Uint8Array; secret: Uint8Array; state: MembershipState } {
  const secret = generateInviteSecret(s);
  const inviteKeys = deriveInviteKeys(s, secret);
  const event = signEvent(s, opts.inviter.sign, {
    planId: state.planId,
    prev: state.head,
    timestamp: opts.now,
    body: {
      type: 'invite',
      inviteKey: inviteKeys.sign.publicKey,
      role: opts.role ?? 'editor',
      expiresAt: opts.expiresAt,
      epoch: state.epoch,
      sealedEpochKey: sealEpochKey(s, opts.epochKey, inviteKeys.box.publicKey),
      ...opts.profile,
    },
  });
  return { event, secret, state: appendEvent(s, state, event, opts.now) };
}

/**
 * The joining device signs with the invite key (proving it holds the secret), names its own keys,
 * and re-seals the epoch key to itself so it need not keep the secret. Returns the epoch key too.
 */
export function createJoin(
  s: Sodium,
  state: MembershipState,
  opts: { secret: Uint8Array; device: DeviceKeys; now: number },
): { event: Uint8Array; epochKey: Uint8Array; state: MembershipState } {
  const inviteKeys = deriveInviteKeys(s, opts.secret);
  const invite = state.invites.get(keyId(inviteKeys.sign.publicKey));
  if (!invite) throw new ProtocolError('invalid-event', 'this invite is not in the plan log');
  if (invite.usedBy) throw new ProtocolError('invalid-event', 'invite already used');
  if (invite.revokedAt !== undefined) throw new ProtocolError('invalid-event', 'invite was revoked');
  if (opts.now > invite.expiresAt) throw new ProtocolError('invalid-event', 'invite expired');
  let epochKey: Uint8Array;
  try {
    epochKey = openSealedEpochKey(s, invite.sealedEpochKey, inviteKeys.box);
  } catch (e) {
    throw new ProtocolError('tampered', 'the invite key does not open', { cause: e });
  }
  const event = signEvent(s, inviteKeys.sign, {
    planId: state.planId,
    prev: state.head,
    timestamp: opts.now,
    body: {
      type: 'join',
      memberKey: opts.device.sign.publicKey,
      boxKey: opts.device.box.publicKey,
      sealedEpochKey: sealEpochKey(s, epochKey, opts.device.box.publicKey),
    },
  });
  return { event, epochKey, state: appendEvent(s, state, event, opts.now) };
}
