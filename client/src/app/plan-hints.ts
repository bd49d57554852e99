import type { Node as PMNode } from '@tiptap/pm/model';
import { planModelFromDoc } from '@safeplan/schema/plan';
import { evaluatePlan } from '@safeplan/schema/rules';
import type { SectionHint } from '../sections/plan-view-context.ts';

/**
 * The method's hints for the document as it is now. A document the model cannot read (e.g. a
 * collaborator on a newer schema) gives no hints rather than breaking the screen: hints are advice.
 */
export function planHints(doc: PMNode, now = new Date()): SectionHint[] {
  try {
    return evaluatePlan(planModelFromDoc(doc), now);
  } catch (err) {
    console.warn('Plan hints unavailable', err);
    return [];
  }
}
