import { chainEpochKey, epochKeyCommitment, generateEpochKey, sealEpochKey, type DeviceKeys, type Sodium } from '../../crypto/index.ts';
import { invalid } from './apply-context.ts';
import { buildEvent, type Built } from './create-member-events.ts';
import type { RemoveScope, SealedTo } from './event-codec.ts';
import { capsFor, type ClockOf } from './device-caps.ts';
import { keyId, memberOf, personOf, type MembershipState } from './state.ts';

/** A rotation's result: the event, the state after it, and the new epoch key (keep it; it is sealed to this device too). */
export interface Rotated extends Built {
  epochKey: Uint8Array;
}

/** A removal's result: like Rotated, without a key when a non-owner removed their own device (an owner rotates next). */
export interface Removed extends Built {
  epochKey?: Uint8Array;
}

function sealToAllBut(s: Sodium, state: MembershipState, leaving: readonly Uint8Array[], epochKey: Uint8Array): SealedTo[] {
  const gone = new Set(leaving.map(keyId));
  return [...state.members.values()]
    .filter((m) => !gone.has(keyId(m.signKey)))
    .map((m) => ({ boxKey: m.boxKey, sealed: sealEpochKey(s, epochKey, m.boxKey) }));
}

/**
 * The current epoch's key sealed under the next one (the backward key chain, event version 5), so a
 * device that joins later walks back to every older key. Without `previousKey` (a caller that does
 * not hold it) the event is written as before and older epochs reach only whom they were sealed to.
 */
function chained(s: Sodium, state: MembershipState, epochKey: Uint8Array, previousKey: Uint8Array | undefined): { chainedKey?: Uint8Array } {
  return previousKey ? { chainedKey: chainEpochKey(s, state.planId, state.epoch + 1, epochKey, previousKey) } : {};
}

/** The key's commitment for the next epoch of this plan. */
function committed(s: Sodium, state: MembershipState, epochKey: Uint8Array): Uint8Array {
  return epochKeyCommitment(s, state.planId, state.epoch + 1, epochKey);
}

/**
 * One device removed by another device: an owner's removal rotates the key (createRemoval); a
 * non-owner removing another device of their own person does not (`epochKey` is undefined): the
 * device is out at once, and an owner's device rotates the key next.
 */
export function createDeviceRemoval(
  s: Sodium,
  state: MembershipState,
  opts: { device: DeviceKeys; subject: Uint8Array; now: number; clockOf?: ClockOf; previousKey?: Uint8Array },
): Removed {
  if (memberOf(state, opts.device.sign.publicKey)?.role === 'owner') {
    const { device, ...rest } = opts;
    return createRemoval(s, state, { ...rest, owner: device, scope: 'device' });
  }
  if (!memberOf(state, opts.subject)) throw invalid('no such device');
  const body = {
    type: 'remove' as const,
    subject: opts.subject,
    scope: 'device' as const,
    epoch: state.epoch,
    sealedKeys: [],
    keyCommitment: new Uint8Array(),
    caps: capsFor([opts.subject], opts.clockOf),
  };
  return buildEvent(s, state, opts.device, body, opts.now);
}

/** An owner removes a person (all their devices) or one lost device; the key rotates in the same event. */
export function createRemoval(
  s: Sodium,
  state: MembershipState,
  opts: { owner: DeviceKeys; subject: Uint8Array; scope: RemoveScope; now: number; epochKey?: Uint8Array; clockOf?: ClockOf; previousKey?: Uint8Array },
): Rotated {
  let leaving: readonly Uint8Array[];
  if (opts.scope === 'person') {
    const person = personOf(state, opts.subject);
    if (!person) throw invalid('no such member');
    leaving = person.devices;
  } else {
    if (!memberOf(state, opts.subject)) throw invalid('no such device');
    leaving = [opts.subject];
  }
  const epochKey = opts.epochKey ?? generateEpochKey(s);
  const body = {
    type: 'remove' as const,
    subject: opts.subject,
    scope: opts.scope,
    epoch: state.epoch + 1,
    sealedKeys: sealToAllBut(s, state, leaving, epochKey),
    keyCommitment: committed(s, state, epochKey),
    caps: capsFor(leaving, opts.clockOf),
    ...chained(s, state, epochKey, opts.previousKey),
  };
  return { ...buildEvent(s, state, opts.owner, body, opts.now), epochKey };
}

/** An owner starts a new epoch for everyone who is a member now. */
export function createKeyRotation(
  s: Sodium,
  state: MembershipState,
  opts: { owner: DeviceKeys; now: number; epochKey?: Uint8Array; previousKey?: Uint8Array },
): Rotated {
  const epochKey = opts.epochKey ?? generateEpochKey(s);
  const body = {
    type: 'rotate-key' as const,
    epoch: state.epoch + 1,
    sealedKeys: sealToAllBut(s, state, [], epochKey),
    keyCommitment: committed(s, state, epochKey),
    ...chained(s, state, epochKey, opts.previousKey),
  };
  return { ...buildEvent(s, state, opts.owner, body, opts.now), epochKey };
}

/** A household or network owner closes the case: the professionals leave and the key rotates. */
export function createCaseClose(
  s: Sodium,
  state: MembershipState,
  opts: { owner: DeviceKeys; now: number; epochKey?: Uint8Array; clockOf?: ClockOf; previousKey?: Uint8Array },
): Rotated {
  const professionals = [...state.people.values()].filter((p) => p.kind === 'professional').flatMap((p) => p.devices);
  const epochKey = opts.epochKey ?? generateEpochKey(s);
  const body = {
    type: 'close-case' as const,
    epoch: state.epoch + 1,
    sealedKeys: sealToAllBut(s, state, professionals, epochKey),
    keyCommitment: committed(s, state, epochKey),
    caps: capsFor(professionals, opts.clockOf),
    ...chained(s, state, epochKey, opts.previousKey),
  };
  return { ...buildEvent(s, state, opts.owner, body, opts.now), epochKey };
}
