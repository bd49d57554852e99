import { handoverAdvice, MIN_ACTIVE_NETWORK_MEMBERS, type HandoverAdvice, type PlanFacts } from '@safeplan/schema/protocol';
import type { PersonView } from '../../sync/session.ts';

/** Facts that raise no advice: used while the plan's content cannot be read, so only the log speaks. */
const NOTHING_MISSING: PlanFacts = { activeNetworkMembers: MIN_ACTIVE_NETWORK_MEMBERS, youngPeopleWithoutSafetyPerson: 0, whoToCallListed: true };

/** The method's advice before the next hand-over step; `facts` undefined = the plan is not readable yet. */
export function adviceFor(people: readonly PersonView[], closed: boolean, facts: PlanFacts | undefined): HandoverAdvice[] {
  const byId = (list: readonly PersonView[]) => new Map(list.map((p) => [p.personId, p]));
  const view = { closed, people: byId(people), offers: byId(people.filter((p) => p.offeredOwnership)) };
  return handoverAdvice(view, facts ?? NOTHING_MISSING);
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
    case 'no-who-to-call':
    case 'no-network-owner':
    case 'case-closed':
      return { key: `members.advice.${a.code}`, params: {} };
  }
}
