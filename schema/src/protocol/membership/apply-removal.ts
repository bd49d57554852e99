import { invalid, requireOwner, standingOffers, type EventOf, type Step } from './apply-context.ts';
import type { SealedTo } from './event-codec.ts';
import { capsAfter } from './device-caps.ts';
import { keyId, memberOf, ownersOf, personOf, type Member, type MembershipState, type Person } from './state.ts';

type Membership = Pick<MembershipState, 'members' | 'people' | 'removed' | 'offers'>;

/** The state's members without `devices`; a person without devices left is gone. */
function withoutDevices(state: MembershipState, devices: readonly Uint8Array[], at: number, untilEpoch: number): Membership {
  const atIndex = state.length;
  const gone = new Set(devices.map(keyId));
  const members = new Map([...state.members].filter(([id]) => !gone.has(id)));
  const people = new Map<string, Person>();
  for (const [id, p] of state.people) {
    const left = p.devices.filter((d) => !gone.has(keyId(d)));
    if (left.length > 0) people.set(id, left.length === p.devices.length ? p : { ...p, devices: left });
  }
  const removed = new Map(state.removed);
  for (const id of gone) {
    const m = state.members.get(id);
    if (m) removed.set(id, { at, atIndex, untilEpoch, role: m.role, personId: m.personId, kind: m.kind, ...(m.function ? { function: m.function } : {}) });
  }
  return { members, people, removed, offers: standingOffers(state.offers, people) };
}

/**
 * The new epoch key must reach every remaining device exactly once and nobody else. Whether each
 * copy holds the same key only the devices can tell (sealed boxes are anonymous).
 */
function rotated(
  state: MembershipState,
  remaining: ReadonlyMap<string, Member>,
  epoch: number,
  sealedKeys: readonly SealedTo[],
  keyCommitment: Uint8Array | undefined,
) {
  // Undefined only in a stored v2 event (applyEvent refuses new ones); empty means "no rotation".
  if (keyCommitment !== undefined && keyCommitment.length === 0) throw invalid('a rotation commits to its new key');
  if (epoch !== state.epoch + 1) throw invalid(`epochs rise by one: expected ${state.epoch + 1}, got ${epoch}`);
  const wanted = new Set([...remaining.values()].map((m) => keyId(m.boxKey)));
  const seen = new Set<string>();
  for (const k of sealedKeys) {
    const id = keyId(k.boxKey);
    if (seen.has(id)) throw invalid('the new key is sealed twice to one device');
    if (!wanted.has(id)) throw invalid('the new key is sealed to a device that is not a remaining member');
    seen.add(id);
  }
  if (seen.size !== wanted.size) throw invalid('the new key is not sealed to every remaining device');
  return { epoch, sealedKeys: [...state.sealedKeys, ...sealedKeys.map((k) => ({ epoch, boxKey: k.boxKey, sealed: k.sealed }))] };
}

function removedPeople(before: MembershipState, after: Membership): Uint8Array[] {
  return [...before.people.values()].filter((p) => !after.people.has(keyId(p.personId))).map((p) => p.personId);
}

/**
 * Anyone may remove another device of their own person: a device link's one-time key is retired
 * that way by the device it brought in (client/src/sync/device-link.ts), and a person can drop a
 * lost phone without waiting for an owner. The signer stays, so learning the new key is fine.
 */
function ownDeviceRemover(state: MembershipState, ev: EventOf<'remove'>): Member | undefined {
  if (ev.body.scope !== 'device') return undefined;
  const signer = memberOf(state, ev.signer);
  const subject = memberOf(state, ev.body.subject);
  if (!signer || !subject || keyId(signer.signKey) === keyId(subject.signKey)) return undefined;
  return keyId(signer.personId) === keyId(subject.personId) ? signer : undefined;
}

/**
 * Removes a person or one lost device. An owner rotates the key in the same event, so no write
 * slips in between. A non-owner removing a device of their own (v3) does not rotate: only owners
 * choose keys, so nobody else can seal a different key to each member. The device loses access
 * at once (the relay drops it; its writes after this event are refused by log position) and an
 * owner's device rotates next (`rotationOwed`).
 */
export function applyRemove(state: MembershipState, ev: EventOf<'remove'>): Step {
  const b = ev.body;
  const signer = memberOf(state, ev.signer);
  const owner = signer?.role === 'owner' ? signer : (ownDeviceRemover(state, ev) ?? requireOwner(state, ev.signer, 'only an owner may remove members or devices'));
  let devices: readonly Uint8Array[];
  if (b.scope === 'person') {
    const person = personOf(state, b.subject);
    if (!person) throw invalid('no such member');
    // Whoever signs a removal knows the new key, so nobody can remove themselves.
    if (keyId(person.personId) === keyId(owner.personId)) {
      throw invalid(
        ownersOf(state).length === 1
          ? 'the last owner cannot leave: the plan must always have an owner'
          : 'an owner leaves only when another owner removes them',
      );
    }
    devices = person.devices;
  } else {
    if (!memberOf(state, b.subject)) throw invalid('no such device');
    if (keyId(b.subject) === keyId(ev.signer)) throw invalid('a device cannot remove itself');
    devices = [b.subject];
  }
  const caps = capsAfter(state, b.caps, devices, (c, clock) => ({ ...c, removed: clock }));
  if (owner.role !== 'owner' && b.keyCommitment !== undefined) {
    if (b.epoch !== state.epoch || b.sealedKeys.length > 0 || b.keyCommitment.length > 0) {
      throw invalid('only an owner rotates the key: a non-owner removes their own device without a new key');
    }
    const after = withoutDevices(state, devices, ev.timestamp, state.epoch + 1);
    return { change: { ...after, caps, rotationOwed: true }, entry: { actor: owner.personId, subject: b.subject, removed: [] } };
  }
  const after = withoutDevices(state, devices, ev.timestamp, b.epoch);
  return {
    change: { ...after, caps, ...rotated(state, after.members, b.epoch, b.sealedKeys, b.keyCommitment) },
    entry: { actor: owner.personId, subject: b.subject, epoch: b.epoch, removed: removedPeople(state, after) },
  };
}

/** A fresh key for everyone who is a member now (for example after a device was at risk). */
export function applyRotateKey(state: MembershipState, ev: EventOf<'rotate-key'>): Step {
  const owner = requireOwner(state, ev.signer, 'only an owner may rotate the key');
  return {
    change: rotated(state, state.members, ev.body.epoch, ev.body.sealedKeys, ev.body.keyCommitment),
    entry: { actor: owner.personId, epoch: ev.body.epoch },
  };
}

/**
 * The case closes: every professional leaves and the key rotates. The signer must stay, so a
 * professional cannot close: an owner from the household or network does.
 */
export function applyCloseCase(state: MembershipState, ev: EventOf<'close-case'>): Step {
  const owner = requireOwner(state, ev.signer, 'only an owner may close the case');
  if (state.closed) throw invalid('the case is already closed');
  if (owner.kind === 'professional') {
    throw invalid('a professional cannot close the case: an owner from the household or network closes it');
  }
  const professionals = [...state.people.values()].filter((p) => p.kind === 'professional');
  const devices = professionals.flatMap((p) => p.devices);
  const after = withoutDevices(state, devices, ev.timestamp, ev.body.epoch);
  const caps = capsAfter(state, ev.body.caps, devices, (c, clock) => ({ ...c, removed: clock }));
  return {
    change: { ...after, caps, ...rotated(state, after.members, ev.body.epoch, ev.body.sealedKeys, ev.body.keyCommitment), closed: true },
    entry: { actor: owner.personId, epoch: ev.body.epoch, removed: removedPeople(state, after) },
  };
}
