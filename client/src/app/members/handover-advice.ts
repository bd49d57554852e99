import { fromBase64Url } from '@safeplan/schema/crypto';
import {
  handoverAdvice,
  MIN_ACTIVE_NETWORK_MEMBERS,
  type HandoverAdvice,
  type MembershipState,
  type OwnershipOffer,
  type Person,
  type PlanFacts,
} from '@safeplan/schema/protocol';
import type { PersonView } from '../../sync/session.ts';

/** Facts that raise no advice: used while the plan's content cannot be read, so only the log speaks. */
const NOTHING_MISSING: PlanFacts = { activeNetworkMembers: MIN_ACTIVE_NETWORK_MEMBERS, youngPeopleWithoutSafetyPerson: 0, whoToCallListed: true };

/**
 * The shared advice rules take the log's state, which the session does not hand out; the parts
 * they read (people with role and kind, offers, closed) are rebuilt here from the session's view.
 * Everything else is empty on purpose: the advice never depends on keys, invites or history.
 */
function adviceState(people: readonly PersonView[], closed: boolean): MembershipState {
  const persons = new Map<string, Person>();
  const offers = new Map<string, OwnershipOffer>();
  for (const p of people) {
    const id = fromBase64Url(p.personId);
    persons.set(p.personId, { personId: id, role: p.role, kind: p.kind, ...(p.function ? { function: p.function } : {}), devices: [], since: p.since });
    if (p.offeredOwnership) offers.set(p.personId, { person: id, by: new Uint8Array(0), at: p.since });
  }
  return {
    planId: new Uint8Array(0),
    epoch: 0,
    head: new Uint8Array(0),
    length: 0,
    members: new Map(),
    people: persons,
    invites: new Map(),
    sealedKeys: [],
    offers,
    removed: new Map(),
    closed,
    history: [],
  };
}

/** The method's advice before the next hand-over step; `facts` undefined = the plan is not readable yet. */
export function adviceFor(people: readonly PersonView[], closed: boolean, facts: PlanFacts | undefined): HandoverAdvice[] {
  return handoverAdvice(adviceState(people, closed), facts ?? NOTHING_MISSING);
}

/** The message key and parameters of one piece of advice. */
export function adviceWords(a: HandoverAdvice): { key: string; params: Record<string, number> } {
  switch (a.code) {
    case 'few-network-members':
      return { key: 'members.advice.few-network-members', params: { active: a.active, minimum: a.minimum } };
    case 'no-safety-person':
      return { key: 'members.advice.no-safety-person', params: { count: a.count } };
    case 'offer-pending':
      return { key: 'members.advice.offer-pending', params: { count: a.count } };
    default:
      return { key: `members.advice.${a.code}`, params: {} };
  }
}
