import type { Accessor } from 'solid-js';
import type { PlanModel } from '@safeplan/schema/plan';
import { fullPlanModel } from '../../editor/plan-json.ts';
import type { PlanDocs } from '../../review/review-doc.ts';
import { createPlanDocsSignal } from '../plan-docs-signal.ts';

const MODEL_DELAY_MS = 400;

/**
 * The full plan as a model, read again a short pause after the last change to either document
 * (typing stays smooth). Undefined when this version cannot read the plan (e.g. a collaborator on
 * a newer schema): what reads it shows nothing rather than breaking the screen.
 */
export function planModelSignal(docs: PlanDocs): Accessor<PlanModel | undefined> {
  return createPlanDocsSignal<PlanModel | undefined>(
    docs,
    (d) => {
      try {
        return fullPlanModel(d);
      } catch (err) {
        console.warn('Plan model unavailable', err);
        return undefined;
      }
    },
    MODEL_DELAY_MS,
  );
}
