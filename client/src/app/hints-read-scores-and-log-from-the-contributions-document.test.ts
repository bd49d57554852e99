import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { channelSchema, newItemJSON, planJSONWith, splitChannelsJSON } from '@safeplan/schema/plan';
import type { JSONContent } from '@tiptap/core';
import { CONTRIBUTIONS_FRAGMENT, PLAN_FRAGMENT, type PlanDocs } from '../review/review-doc.ts';
import { planHints } from './plan-hints.ts';

function docsWith(items: JSONContent[]): PlanDocs {
  const split = splitChannelsJSON(planJSONWith(items));
  const docs: PlanDocs = { plan: new Y.Doc(), contributions: new Y.Doc() };
  prosemirrorJSONToYXmlFragment(channelSchema('plan'), split.plan, docs.plan.getXmlFragment(PLAN_FRAGMENT));
  prosemirrorJSONToYXmlFragment(channelSchema('contributions'), split.contributions, docs.contributions.getXmlFragment(CONTRIBUTIONS_FRAGMENT));
  return docs;
}

const danger = (text: string) => newItemJSON('danger_statement', {}, { text });
const rulesIn = (docs: PlanDocs, section: string) => planHints(docs, new Date('2025-03-01')).filter((h) => h.section === section).map((h) => h.rule);

describe('hints read the whole plan from both documents', () => {
  it('see a score without a reason, written in the contributions document', () => {
    const docs = docsWith([newItemJSON('safety_score', { score: 4 }, { who: 'Oma', reason: '' })]);
    expect(docs.plan.getXmlFragment(PLAN_FRAGMENT).toString()).not.toContain('safety_score');
    expect(rulesIn(docs, 'safetyScale')).toEqual(['score-without-reason']);
    expect(rulesIn(docsWith([newItemJSON('safety_score', { score: 4 }, { who: 'Oma', reason: 'Hij belt als het misgaat' })]), 'safetyScale')).toEqual([]);
  });

  it('still see the plan while the contributions document has not arrived yet', () => {
    const docs = docsWith([danger('a'), danger('b'), danger('c'), danger('d'), danger('e')]);
    const planOnly: PlanDocs = { plan: docs.plan, contributions: new Y.Doc() };
    expect(rulesIn(planOnly, 'dangerStatements')).toEqual(['danger-statements-max']);
  });
});
