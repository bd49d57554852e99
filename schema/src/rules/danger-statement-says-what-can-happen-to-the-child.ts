import { itemsOf } from '../plan/index.ts';
import type { Hint, Rule } from './hint.ts';
import { mentionsName, shownNames, youngPersonNames } from './young-person-names.ts';

/**
 * The method: a danger statement says who is worried, what the adults do, and the worst that can
 * happen to the child. It often begins with the worried people ("Wij zijn bang dat…"), so where
 * the name stands does not matter; a statement that names none of the young people leaves out
 * whom the worst would happen to.
 */
export const dangerStatementSaysWhatCanHappenToTheChild: Rule = {
  id: 'danger-statement-child',
  check(model) {
    const people = itemsOf(model, 'young_person').map((y) => y.fields.name);
    const names = youngPersonNames(people);
    if (names.length === 0) return [];
    return itemsOf(model, 'danger_statement')
      .filter((d) => d.fields.text.trim() !== '' && !mentionsName(d.fields.text, names))
      .map((d): Hint => ({ rule: this.id, section: 'dangerStatements', ...(d.id ? { itemId: d.id } : {}), params: { names: shownNames(people) } }));
  },
};
