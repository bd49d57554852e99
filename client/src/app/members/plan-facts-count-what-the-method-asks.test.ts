import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { emptyPlanJSON, newItemJSON, planJSONWith, planSchema } from '@safeplan/schema/plan';
import type { JSONContent } from '@tiptap/core';
import { planFactsFromDoc } from './plan-facts.ts';

function docWith(json: JSONContent): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(planSchema(), json, doc.getXmlFragment('plan'));
  return doc;
}

const person = (name: string, attrs: Record<string, string | boolean | null> = {}, fields: Record<string, string> = {}) =>
  newItemJSON('person', attrs, { name, ...fields });

describe('plan facts for the hand-over advice', () => {
  it('count named household and network people who know the worries, not professionals or people outside the circle', () => {
    const facts = planFactsFromDoc(
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
    const onlyLisa = planFactsFromDoc(docWith(planJSONWith([lisa, tom, person('Oma', { isSafetyPerson: true, safetyPersonFor: lisaId })])));
    expect(onlyLisa?.youngPeopleWithoutSafetyPerson).toBe(1);
    const everyone = planFactsFromDoc(docWith(planJSONWith([lisa, tom, person('Oma', { isSafetyPerson: true })])));
    expect(everyone?.youngPeopleWithoutSafetyPerson).toBe(0);
  });

  it('see the "who to call" card only when a professional is named with a phone number or when to call', () => {
    const without = planFactsFromDoc(docWith(planJSONWith([person('Mevrouw de Vries', { kind: 'professional' })])));
    expect(without?.whoToCallListed).toBe(false);
    const withPhone = planFactsFromDoc(docWith(planJSONWith([person('Mevrouw de Vries', { kind: 'professional' }, { phone: '06 1234 5678' })])));
    expect(withPhone?.whoToCallListed).toBe(true);
  });

  it('are unknown for a document with no plan yet, instead of claiming everything is missing', () => {
    expect(planFactsFromDoc(new Y.Doc())).toBeUndefined();
    expect(planFactsFromDoc(docWith(emptyPlanJSON()))).toEqual({ activeNetworkMembers: 0, youngPeopleWithoutSafetyPerson: 0, whoToCallListed: false });
  });
});
