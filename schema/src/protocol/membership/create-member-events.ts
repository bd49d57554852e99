import { sealEpochKey, type DeviceKeys, type Sodium } from '../../crypto/index.ts';
import type { EventBody } from './event-codec.ts';
import type { Role } from './event-types.ts';
import { signEvent } from './sign-event.ts';
import { capsFor, channelChange, type ClockOf } from './device-caps.ts';
import { memberOf, personOf, type MembershipState } from './state.ts';
import { appendEvent } from './validate-log.ts';
import { invalid } from './apply-context.ts';

export interface Built {
  event: Uint8Array;
  state: MembershipState;
}

/** Signs `body` on the current head and checks it with the same rules the relay runs. */
export function buildEvent(s: Sodium, state: MembershipState, signer: DeviceKeys, body: EventBody, now: number): Built {
  const event = signEvent(s, signer.sign, { planId: state.planId, prev: state.head, timestamp: now, body });
  return { event, state: appendEvent(s, state, event, now) };
}

/** An owner sets another member's role (not owner: that goes by offer and accept). */
export function createRoleChange(
  s: Sodium,
  state: MembershipState,
  opts: { owner: DeviceKeys; person: Uint8Array; role: Role; now: number; clockOf?: ClockOf },
): Built {
  const person = personOf(state, opts.person);
  // A demotion caps every device of the person at the clock this device holds (device-caps.ts).
  const lost = person ? channelChange(person.role, opts.role).lost : [];
  const caps = capsFor(person && lost.length > 0 ? person.devices : [], opts.clockOf);
  return buildEvent(s, state, opts.owner, { type: 'set-role', person: opts.person, role: opts.role, caps }, opts.now);
}

/** An owner offers ownership to a member (or, with `withdraw`, takes a pending offer back). */
export function createOwnershipOffer(
  s: Sodium,
  state: MembershipState,
  opts: { owner: DeviceKeys; person: Uint8Array; now: number; withdraw?: boolean },
): Built {
  const body: EventBody = { type: 'offer-ownership', person: opts.person, withdraw: opts.withdraw ?? false };
  return buildEvent(s, state, opts.owner, body, opts.now);
}

/** The member an offer was made to accepts it from one of their devices. */
export function createOwnershipAccept(s: Sodium, state: MembershipState, opts: { device: DeviceKeys; now: number }): Built {
  const me = memberOf(state, opts.device.sign.publicKey);
  if (!me) throw invalid('this device is not a member');
  return buildEvent(s, state, opts.device, { type: 'accept-ownership', person: me.personId }, opts.now);
}

/**
 * A member's device adds the same person's next device. The new device's public keys reach this
 * one out of band (for example a QR code); the current epoch key is sealed to it here.
 */
export function createDeviceLink(
  s: Sodium,
  state: MembershipState,
  opts: { device: DeviceKeys; epochKey: Uint8Array; newDevice: { signKey: Uint8Array; boxKey: Uint8Array }; now: number },
): Built {
  const me = memberOf(state, opts.device.sign.publicKey);
  if (!me) throw invalid('this device is not a member');
  const body: EventBody = {
    type: 'link-device',
    person: me.personId,
    deviceKey: opts.newDevice.signKey,
    boxKey: opts.newDevice.boxKey,
    sealedEpochKey: sealEpochKey(s, opts.epochKey, opts.newDevice.boxKey),
  };
  return buildEvent(s, state, opts.device, body, opts.now);
}

/** An owner revokes an invite that nobody used yet. */
export function createInviteRevocation(
  s: Sodium,
  state: MembershipState,
  opts: { owner: DeviceKeys; inviteKey: Uint8Array; now: number },
): Built {
  return buildEvent(s, state, opts.owner, { type: 'revoke-invite', inviteKey: opts.inviteKey }, opts.now);
}
