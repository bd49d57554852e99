import { invalid, requireOwner, standingOffers, withPerson, type EventOf, type Step } from './apply-context.ts';
import { capsAfter, channelChange } from './device-caps.ts';
import { keyId, memberOf, ownersOf, personOf, type MembershipState, type Person } from './state.ts';

function requirePerson(state: MembershipState, personId: Uint8Array): Person {
  const person = personOf(state, personId);
  if (!person) throw invalid('no such member');
  return person;
}

/**
 * An owner changes a member's role. Ownership is never set (offer + accept). An owner may step back
 * herself (the professional handing the plan to the network), but only while another owner stays,
 * so the plan always keeps one.
 */
export function applySetRole(state: MembershipState, ev: EventOf<'set-role'>): Step {
  const b = ev.body;
  const owner = requireOwner(state, ev.signer, 'only an owner may change roles');
  const person = requirePerson(state, b.person);
  if (b.role === 'owner') throw invalid('ownership is offered and accepted, never set');
  if (person.role === b.role) throw invalid('the member already has this role');
  if (person.role === 'owner' && keyId(person.personId) === keyId(owner.personId) && ownersOf(state).length === 1) {
    throw invalid('the last owner cannot step down: the plan must always have an owner');
  }
  const next = withPerson(state, { ...person, role: b.role });
  // A demotion caps each device on the channels it loses; a channel given back drops its cap.
  const { lost, given } = channelChange(person.role, b.role);
  const caps = capsAfter(state, b.caps, lost.length > 0 ? person.devices : [], (c, clock) => {
    const out = { ...c };
    for (const ch of lost) out[ch] = clock;
    return out;
  }, { devices: person.devices, channels: given });
  return {
    change: { ...next, caps, offers: standingOffers(state.offers, next.people) },
    entry: { actor: owner.personId, subject: person.personId, role: b.role },
  };
}

/** Step one of a hand-over: an owner offers ownership (a new offer to the same person replaces the old), or withdraws it. */
export function applyOfferOwnership(state: MembershipState, ev: EventOf<'offer-ownership'>): Step {
  const b = ev.body;
  const owner = requireOwner(state, ev.signer, b.withdraw ? 'only an owner may withdraw an offer' : 'only an owner may offer ownership');
  const person = requirePerson(state, b.person);
  const id = keyId(person.personId);
  const offers = new Map(state.offers);
  if (b.withdraw) {
    if (!offers.delete(id)) throw invalid('there is no pending offer to this member');
  } else {
    if (person.role === 'owner') throw invalid('the member is already an owner');
    offers.set(id, { person: person.personId, by: owner.personId, at: ev.timestamp });
  }
  return { change: { offers }, entry: { actor: owner.personId, subject: person.personId } };
}

/** Step two: only the person the offer was made to accepts it, from any of their devices. */
export function applyAcceptOwnership(state: MembershipState, ev: EventOf<'accept-ownership'>): Step {
  const b = ev.body;
  const signer = memberOf(state, ev.signer);
  if (!signer || keyId(signer.personId) !== keyId(b.person)) throw invalid('only the member the offer was made to may accept');
  const id = keyId(b.person);
  if (!state.offers.has(id)) throw invalid('there is no pending ownership offer to this member');
  const person = requirePerson(state, b.person);
  const next = withPerson(state, { ...person, role: 'owner' });
  const offers = new Map(state.offers);
  offers.delete(id);
  return { change: { ...next, offers }, entry: { actor: person.personId, subject: person.personId, role: 'owner' } };
}
