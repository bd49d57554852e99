import type { Accessor } from 'solid-js';
import type { PlanModel } from '@safeplan/schema/plan';
import { fullPlanModel } from '../../editor/plan-json.ts';
import type { PlanDocs } from '../../review/review-doc.ts';
import { createPlanDocsSignal } from '../plan-docs-signal.ts';

/**
 * The full plan as a plain model, recomputed shortly after either document changes. A plan the
 * model cannot read (a collaborator on a newer schema) gives null: these views are extras and
 * must not break the plan screen.
 */
export function createPlanModelSignal(docs: PlanDocs, delayMs = 300): Accessor<PlanModel | null> {
  return createPlanDocsSignal(
    docs,
    (d) => {
      try {
        return fullPlanModel(d);
      } catch (err) {
        console.warn('plan model unavailable', err instanceof Error ? err.name : 'error');
        return null;
      }
    },
    delayMs,
  );
}
