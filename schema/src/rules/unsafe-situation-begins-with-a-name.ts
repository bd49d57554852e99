import { itemsOf } from '../plan/index.ts';
import type { Hint, Rule } from './hint.ts';
import { beginsWithName, shownNames, youngPersonNames } from './young-person-names.ts';

/**
 * The method: each description of an unsafe situation begins with the name of the (presumed)
 * victim: not "there is no money at home" but "Jan has gone out in a track jacket for 3 months".
 * (Danger statements are written differently, see danger-statement-says-what-can-happen-to-the-child.ts.)
 */
export const unsafeSituationBeginsWithAName: Rule = {
  id: 'unsafe-situation-name',
  check(model) {
    const people = itemsOf(model, 'young_person').map((y) => y.fields.name);
    const names = youngPersonNames(people);
    if (names.length === 0) return [];
    return itemsOf(model, 'unsafe_situation')
      .filter((u) => u.fields.fact.trim() !== '' && !beginsWithName(u.fields.fact, names))
      .map((u): Hint => ({ rule: this.id, section: 'unsafeSituations', ...(u.id ? { itemId: u.id } : {}), params: { names: shownNames(people) } }));
  },
};
