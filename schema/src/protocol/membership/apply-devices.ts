import { invalid, newDeviceOf, withPerson, type EventOf, type Step } from './apply-context.ts';
import { boxKeyInUse } from './apply-invites.ts';
import { keyId, memberOf, personOf, type MembershipState } from './state.ts';

/** A person's existing device adds their next one (tablet and phone) with the same role and kind. */
export function applyLinkDevice(state: MembershipState, ev: EventOf<'link-device'>): Step {
  const b = ev.body;
  const signer = memberOf(state, ev.signer);
  if (!signer) throw invalid('only a member device may link a device');
  if (keyId(signer.personId) !== keyId(b.person)) throw invalid('a device is linked by a device of the same person');
  const person = personOf(state, b.person);
  if (!person) throw invalid('no such member');
  const id = keyId(b.deviceKey);
  if (state.members.has(id)) throw invalid('device is already a member');
  if (state.removed.has(id)) throw invalid('a removed device cannot be linked again');
  if (state.invites.has(id)) throw invalid('member key is an invite key');
  if (boxKeyInUse(state, b.boxKey)) throw invalid('box key already in use');
  const device = newDeviceOf(person, b.deviceKey, b.boxKey, ev.timestamp);
  return {
    change: {
      ...withPerson(state, { ...person, devices: [...person.devices, b.deviceKey] }, device),
      sealedKeys: [...state.sealedKeys, { epoch: state.epoch, boxKey: b.boxKey, sealed: b.sealedEpochKey }],
    },
    entry: { actor: person.personId, subject: b.deviceKey },
  };
}
