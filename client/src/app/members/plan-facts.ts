import { itemsOf, type PlanModel } from '@safeplan/schema/plan';
import type { PlanFacts } from '@safeplan/schema/protocol';
import { fullPlanModel } from '../../editor/plan-json.ts';
import { PLAN_FRAGMENT, type PlanDocs } from '../../review/review-doc.ts';

const named = (s: string) => s.trim().length > 0;

/**
 * What the method asks about before closing, counted from the plan's content on this device.
 * "Actively involved" = a household or network person with a name who knows at least part of
 * the worries (circle not "none"): someone who knows nothing cannot check agreements.
 * Unnamed young people are empty placeholders of a new plan, not children without a safety person.
 */
export function planFactsFromModel(model: PlanModel): PlanFacts {
  const people = itemsOf(model, 'person').filter((p) => named(p.fields.name));
  const activeNetworkMembers = people.filter((p) => p.attrs.kind !== 'professional' && p.attrs.circle !== 'none').length;
  const safety = people.filter((p) => p.attrs.isSafetyPerson);
  const forEveryone = safety.some((p) => p.attrs.safetyPersonFor === null);
  const covered = new Set(safety.map((p) => p.attrs.safetyPersonFor));
  const youngPeopleWithoutSafetyPerson = forEveryone
    ? 0
    : itemsOf(model, 'young_person').filter((y) => named(y.fields.name) && !(y.id !== null && covered.has(y.id))).length;
  const whoToCallListed = people.some((p) => p.attrs.kind === 'professional' && (named(p.fields.phone) || named(p.fields.callWhen)));
  return { activeNetworkMembers, youngPeopleWithoutSafetyPerson, whoToCallListed };
}

/**
 * The facts of the plan in a session's documents (read whole, both of them), or undefined while
 * the plan document holds no readable plan (e.g. before the first sync).
 */
export function planFactsFromDocs(docs: PlanDocs): PlanFacts | undefined {
  if (docs.plan.getXmlFragment(PLAN_FRAGMENT).length === 0) return undefined;
  try {
    return planFactsFromModel(fullPlanModel(docs));
  } catch {
    return undefined;
  }
}
