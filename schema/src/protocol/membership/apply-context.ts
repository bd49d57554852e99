import { ProtocolError } from '../errors.ts';
import type { DecodedEvent, EventBody } from './event-codec.ts';
import { keyId, memberOf, type HistoryEntry, type Member, type MembershipState, type Person } from './state.ts';

/** A decoded event narrowed to one body type. */
export type EventOf<T extends EventBody['type']> = DecodedEvent & { body: Extract<EventBody, { type: T }> };

/** What one event changes, and how the regie timeline tells it (type and timestamp are added by the caller). */
export interface Step {
  change: Partial<MembershipState>;
  entry: Omit<HistoryEntry, 'type' | 'timestamp'>;
}

export const invalid = (reason: string) => new ProtocolError('invalid-event', reason);

/** The signer as an owner device, or the rule's reason. */
export function requireOwner(state: MembershipState, signer: Uint8Array, reason: string): Member {
  const member = memberOf(state, signer);
  if (member?.role !== 'owner') throw invalid(reason);
  return member;
}

/**
 * A new device of `person` (a linked device, a recovery kit, a device a kit brings back): one
 * person, one role, so it takes the person's role, kind and function.
 */
export function newDeviceOf(person: Person, signKey: Uint8Array, boxKey: Uint8Array, since: number): Member {
  return {
    signKey,
    boxKey,
    role: person.role,
    since,
    personId: person.personId,
    kind: person.kind,
    function: person.function,
  };
}

/** The people and member maps with `person` (and each of its devices) replaced. */
export function withPerson(
  state: MembershipState,
  person: Person,
  newDevice?: Member,
): Pick<MembershipState, 'people' | 'members'> {
  const members = new Map(state.members);
  if (newDevice) members.set(keyId(newDevice.signKey), newDevice);
  for (const d of person.devices) {
    const m = members.get(keyId(d));
    if (m) members.set(keyId(d), { ...m, role: person.role, kind: person.kind, function: person.function });
  }
  return { people: new Map(state.people).set(keyId(person.personId), person), members };
}

/**
 * Drops offers that no longer stand: to someone who left or already owns the plan, or made by
 * someone who is no longer an owner (an offer speaks for an owner's will).
 */
export function standingOffers(
  offers: MembershipState['offers'],
  people: MembershipState['people'],
): MembershipState['offers'] {
  const out = new Map(offers);
  for (const [id, offer] of offers) {
    const to = people.get(id);
    const by = people.get(keyId(offer.by));
    if (!to || to.role === 'owner' || by?.role !== 'owner') out.delete(id);
  }
  return out;
}
