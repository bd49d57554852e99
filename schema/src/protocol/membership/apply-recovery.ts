import { invalid, newDeviceOf, requireOwner, withPerson, type EventOf, type Step } from './apply-context.ts';
import { boxKeyInUse } from './apply-invites.ts';
import type { DecodedEvent } from './event-codec.ts';
import { keyId, memberOf, personOf, type MembershipState } from './state.ts';

/**
 * Why this signer may not sign this event as far as recovery kits go, or null. A kit's key is a
 * member device of its person (so every rotation seals to it and the relay lets it connect), but
 * it speaks only once, to bring in a new device: anything else it signed would act as the owner
 * without the visible "used a recovery code" step.
 */
export function recoverySignerProblem(state: MembershipState, ev: DecodedEvent): string | null {
  const isKit = state.recoveryKeys.has(keyId(ev.signer));
  if (ev.body.type === 'use-recovery') return isKit ? null : 'only a recovery kit signs its use';
  return isKit ? 'a recovery kit signs nothing but its one use' : null;
}

/** Whether `key` may become a new key in the log: not a member, removed, invite or kit key already. */
function freshKeys(state: MembershipState, signKey: Uint8Array, boxKey: Uint8Array): void {
  const id = keyId(signKey);
  if (state.members.has(id)) throw invalid('device is already a member');
  if (state.removed.has(id)) throw invalid('a removed device cannot come back');
  if (state.invites.has(id)) throw invalid('member key is an invite key');
  if (state.recoveryKeys.has(id)) throw invalid('this key was a recovery kit');
  if (boxKeyInUse(state, boxKey)) throw invalid('box key already in use');
}

/** The person's kit that is still usable (registered, not used, not removed), if any. */
function liveKit(state: MembershipState, personId: Uint8Array): Uint8Array | undefined {
  const person = personOf(state, personId);
  return person?.devices.find((d) => {
    const kit = state.recoveryKeys.get(keyId(d));
    return kit !== undefined && kit.usedAt === undefined;
  });
}

/**
 * An owner registers a recovery kit for themself, with the current epoch key and any earlier
 * ones she holds sealed to it. One live kit per person: a new kit needs the old one removed first
 * (a device removal, which rotates the key away from it). Whether each sealed copy holds the
 * committed key only the kit can tell (openEpochKey checks it on use).
 */
export function applyRegisterRecovery(state: MembershipState, ev: EventOf<'register-recovery'>): Step {
  const b = ev.body;
  const signer = requireOwner(state, ev.signer, 'only an owner may make a recovery kit');
  const person = personOf(state, signer.personId);
  if (!person) throw invalid('no such member');
  if (liveKit(state, person.personId)) throw invalid('this person has a recovery kit already: remove it first');
  freshKeys(state, b.recoveryKey, b.boxKey);
  const epochs = new Set<number>();
  for (const k of b.sealedEpochs) {
    if (k.epoch > state.epoch) throw invalid('a recovery kit gets no key of an epoch that has not begun');
    if (epochs.has(k.epoch)) throw invalid('a recovery kit gets each epoch key once');
    epochs.add(k.epoch);
  }
  if (!epochs.has(state.epoch)) throw invalid('a recovery kit gets the current epoch key');
  const kit = newDeviceOf(person, b.recoveryKey, b.boxKey, ev.timestamp);
  return {
    change: {
      ...withPerson(state, { ...person, devices: [...person.devices, b.recoveryKey] }, kit),
      sealedKeys: [...state.sealedKeys, ...b.sealedEpochs.map((k) => ({ epoch: k.epoch, boxKey: b.boxKey, sealed: k.sealed }))],
      recoveryKeys: new Map(state.recoveryKeys).set(keyId(b.recoveryKey), { personId: person.personId, since: ev.timestamp }),
    },
    entry: { actor: person.personId, subject: b.recoveryKey },
  };
}

/**
 * The kit's key adds a new device for its person (same person, so the same role) and is retired
 * in the same event: a second use is signed by a removed key and refused. The kit's holder knew
 * the current epoch key, so an owner's device rotates next (`rotationOwed`), as after a
 * non-owner's own-device removal.
 */
export function applyUseRecovery(state: MembershipState, ev: EventOf<'use-recovery'>): Step {
  const b = ev.body;
  const kitId = keyId(ev.signer);
  const kit = state.recoveryKeys.get(kitId);
  const kitMember = memberOf(state, ev.signer);
  if (!kit || !kitMember || kit.usedAt !== undefined) throw invalid('this recovery kit was used or removed');
  const person = personOf(state, kitMember.personId);
  if (!person) throw invalid('no such member');
  freshKeys(state, b.deviceKey, b.boxKey);
  const device = newDeviceOf(person, b.deviceKey, b.boxKey, ev.timestamp);
  const devices = [...person.devices.filter((d) => keyId(d) !== kitId), b.deviceKey];
  const { people, members } = withPerson(state, { ...person, devices }, device);
  const membersLeft = new Map(members);
  membersLeft.delete(kitId);
  const removed = new Map(state.removed).set(kitId, {
    at: ev.timestamp,
    atIndex: state.length,
    untilEpoch: state.epoch + 1,
    role: kitMember.role,
    personId: person.personId,
  });
  return {
    change: {
      people,
      members: membersLeft,
      removed,
      sealedKeys: [...state.sealedKeys, { epoch: state.epoch, boxKey: b.boxKey, sealed: b.sealedEpochKey }],
      recoveryKeys: new Map(state.recoveryKeys).set(kitId, { ...kit, usedAt: ev.timestamp }),
      rotationOwed: true,
    },
    entry: { actor: person.personId, subject: b.deviceKey },
  };
}
