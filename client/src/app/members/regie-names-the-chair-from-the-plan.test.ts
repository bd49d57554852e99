import { describe, expect, it } from 'vitest';
import { newItemJSON, planJSONWith, planModelFromJSON } from '@safeplan/schema/plan';
import { chairLink, chairNameIn } from './chair-link.ts';

const people = [
  { displayName: 'Anouk', role: 'owner' as const },
  { displayName: 'Oma Truus', role: 'editor' as const },
];

describe('the hand-over track knows who the chair is from the plan', () => {
  it('reads "Voorzitter netwerkberaad" from the plan details', () => {
    const model = planModelFromJSON(planJSONWith([newItemJSON('plan_details', {}, { networkChair: '  Oma Truus ' })]));
    expect(chairNameIn(model)).toBe('Oma Truus');
  });

  it('links the name to the member with that name, and says their role', () => {
    expect(chairLink('oma truus', people)).toEqual({ kind: 'member', name: 'Oma Truus', role: 'editor' });
    expect(chairLink('Oma Truus (buurvrouw)', people)).toEqual({ kind: 'member', name: 'Oma Truus', role: 'editor' });
  });

  it('says when the chair is not in the plan yet, or not filled in', () => {
    expect(chairLink('Buurman Piet', people)).toEqual({ kind: 'notMember', name: 'Buurman Piet' });
    expect(chairLink('Oma', people)).toEqual({ kind: 'notMember', name: 'Oma' });
    expect(chairLink('  ', people)).toEqual({ kind: 'missing' });
  });
});
