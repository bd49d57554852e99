import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { channelSchema, emptyPlanJSON, newItemJSON, planJSONWith, splitChannelsJSON } from '@safeplan/schema/plan';
import type { JSONContent } from '@tiptap/core';
import { CONTRIBUTIONS_FRAGMENT, PLAN_FRAGMENT, type PlanDocs } from '../../review/review-doc.ts';
import { planFactsFromDocs } from './plan-facts.ts';

/** A full plan written the way devices hold it: the plan document and the contributions document. */
function docWith(json: JSONContent): PlanDocs {
  const split = splitChannelsJSON(json);
  const docs: PlanDocs = { plan: new Y.Doc(), contributions: new Y.Doc() };
  prosemirrorJSONToYXmlFragment(channelSchema('plan'), split.plan, docs.plan.getXmlFragment(PLAN_FRAGMENT));
  prosemirrorJSONToYXmlFragment(channelSchema('contributions'), split.contributions, docs.contributions.getXmlFragment(CONTRIBUTIONS_FRAGMENT));
  return docs;
}

const person = (name: string, attrs: Record<string, string | boolean | null> = {}, fields: Record<string, string> = {}) =>
  newItemJSON('person', attrs, { name, ...fields });

describe('plan facts for the hand-over advice', () => {
  it('count named household and network people who know the worries, not professionals or people outside the circle', () => {
    const facts = planFactsFromDocs(
      docWith(
        planJSONWith([
          person('Oma', { kind: 'network', circle: 'all' }),
          person('Papa', { kind: 'household' }),
          person('Buurvrouw', { kind: 'network', circle: 'none' }),
          person('', { kind: 'network' }),
          person('Mevrouw de Vries', { kind: 'professional' }),
        ]),
      ),
    );
    expect(facts?.activeNetworkMembers).toBe(2);
  });

  it('find named young people without a safety person, and a safety person for everyone covers them all', () => {
    const lisa = newItemJSON('young_person', {}, { name: 'Lisa' });
    const tom = newItemJSON('young_person', {}, { name: 'Tom' });
    const lisaId = String(lisa.attrs?.id);
    const onlyLisa = planFactsFromDocs(docWith(planJSONWith([lisa, tom, person('Oma', { isSafetyPerson: true, safetyPersonFor: lisaId })])));
    expect(onlyLisa?.youngPeopleWithoutSafetyPerson).toBe(1);
    const everyone = planFactsFromDocs(docWith(planJSONWith([lisa, tom, person('Oma', { isSafetyPerson: true })])));
    expect(everyone?.youngPeopleWithoutSafetyPerson).toBe(0);
  });

  it('see the "who to call" card only when a professional is named with a phone number or when to call', () => {
    const without = planFactsFromDocs(docWith(planJSONWith([person('Mevrouw de Vries', { kind: 'professional' })])));
    expect(without?.whoToCallListed).toBe(false);
    const withPhone = planFactsFromDocs(docWith(planJSONWith([person('Mevrouw de Vries', { kind: 'professional' }, { phone: '06 1234 5678' })])));
    expect(withPhone?.whoToCallListed).toBe(true);
  });

  it('are unknown for a document with no plan yet, instead of claiming everything is missing', () => {
    expect(planFactsFromDocs({ plan: new Y.Doc(), contributions: new Y.Doc() })).toBeUndefined();
    // Scores and the log may arrive before the plan: still no plan to count.
    expect(planFactsFromDocs({ plan: new Y.Doc(), contributions: docWith(emptyPlanJSON()).contributions })).toBeUndefined();
    expect(planFactsFromDocs(docWith(emptyPlanJSON()))).toEqual({ activeNetworkMembers: 0, youngPeopleWithoutSafetyPerson: 0, whoToCallListed: false });
  });
});
