import type { JSONContent } from '@tiptap/core';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { joinChannelsJSON, planModelFromJSON, type PlanModel } from '@safeplan/schema/plan';
import { CONTRIBUTIONS_FRAGMENT, PLAN_FRAGMENT, type PlanDocs } from '../review/review-doc.ts';
import type { PlanSession } from '../sync/session.ts';

/**
 * A plan is written as two documents (who may write which is decided per document), but the
 * method reads it whole: hints, plan facts, versions, print and diffs all take the full plan.
 */

/**
 * The full plan (all sections, in the method's order) from both documents. A document that holds
 * nothing yet gives its sections empty; one that is not a valid document of its channel throws
 * PlanInputError (see joinChannelsJSON).
 */
export function fullPlanJSON(docs: PlanDocs): JSONContent {
  return joinChannelsJSON(
    yXmlFragmentToProsemirrorJSON(docs.plan.getXmlFragment(PLAN_FRAGMENT)),
    yXmlFragmentToProsemirrorJSON(docs.contributions.getXmlFragment(CONTRIBUTIONS_FRAGMENT)),
  );
}

/** The model of the full plan from both documents; throws like fullPlanJSON. */
export function fullPlanModel(docs: PlanDocs): PlanModel {
  return planModelFromJSON(fullPlanJSON(docs));
}

/** The two documents of an open plan. */
export function planDocsOf(session: Pick<PlanSession, 'doc' | 'contributions'>): PlanDocs {
  return { plan: session.doc, contributions: session.contributions };
}
