import type { Person } from './state.ts';

/** The method's goal: do not close a case before at least this many non-professionals are actively involved. */
export const MIN_ACTIVE_NETWORK_MEMBERS = 3;

/**
 * What the plan's content says, counted by the client from the decrypted plan (the log holds no
 * content, and the relay never sees these).
 */
export interface PlanFacts {
  /** Household and network people who are actively involved (the plan model decides what counts). */
  activeNetworkMembers: number;
  /** Children or young people in the plan who have no safety person (veiligheidspersoon) yet. */
  youngPeopleWithoutSafetyPerson: number;
  /** Whether the "who to call" card names a professional the network can call after closing. */
  whoToCallListed: boolean;
}

/**
 * One piece of advice before the hand-over or closing. `blocks` is true only where the log itself
 * would refuse close-case; the rest is advice an owner may overrule. The client words each code
 * in Dutch and English.
 */
export type HandoverAdvice =
  | { code: 'few-network-members'; active: number; minimum: number; blocks: false }
  | { code: 'no-safety-person'; count: number; blocks: false }
  | { code: 'no-who-to-call'; blocks: false }
  | { code: 'offer-pending'; count: number; blocks: false }
  | { code: 'no-network-owner'; blocks: true }
  | { code: 'case-closed'; blocks: true };

/**
 * The part of the log the advice reads. A MembershipState is one; a client's members view can pass
 * its own people and offers without rebuilding a whole state.
 */
export interface HandoverView {
  closed: boolean;
  people: ReadonlyMap<string, Pick<Person, 'role' | 'kind'>>;
  /** Pending ownership offers, by the person they are made to. */
  offers: ReadonlyMap<string, unknown>;
}

/** Pure: what is still missing before an owner closes the case, from the log and the plan's facts. */
export function handoverAdvice(state: HandoverView, facts: PlanFacts): HandoverAdvice[] {
  if (state.closed) return [{ code: 'case-closed', blocks: true }];
  const advice: HandoverAdvice[] = [];
  const owners = [...state.people.values()].filter((p) => p.role === 'owner');
  if (!owners.some((p) => p.kind !== 'professional')) advice.push({ code: 'no-network-owner', blocks: true });
  const offers = state.offers.size;
  if (offers > 0) advice.push({ code: 'offer-pending', count: offers, blocks: false });
  if (facts.activeNetworkMembers < MIN_ACTIVE_NETWORK_MEMBERS) {
    advice.push({ code: 'few-network-members', active: facts.activeNetworkMembers, minimum: MIN_ACTIVE_NETWORK_MEMBERS, blocks: false });
  }
  if (facts.youngPeopleWithoutSafetyPerson > 0) {
    advice.push({ code: 'no-safety-person', count: facts.youngPeopleWithoutSafetyPerson, blocks: false });
  }
  if (!facts.whoToCallListed) advice.push({ code: 'no-who-to-call', blocks: false });
  return advice;
}
