import { evaluatePlan } from '@safeplan/schema/rules';
import { fullPlanModel } from '../editor/plan-json.ts';
import type { PlanDocs } from '../review/review-doc.ts';
import type { SectionHint } from '../sections/plan-view-context.ts';

/**
 * The method's hints for the plan as it is now, read whole from both documents (rules about the
 * scores and the log look at the plan too). A plan the model cannot read (e.g. a collaborator on a
 * newer schema) gives no hints rather than breaking the screen: hints are advice.
 */
export function planHints(docs: PlanDocs, now = new Date()): SectionHint[] {
  try {
    return evaluatePlan(fullPlanModel(docs), now);
  } catch (err) {
    console.warn('Plan hints unavailable', err);
    return [];
  }
}
