import { DEFAULT_MIN_SAFETY_PERSONS, itemsOf } from '../plan/index.ts';
import type { Rule } from './hint.ts';

/** The plan's floor of safety persons (a header setting) must be met. */
export const enoughSafetyPersons: Rule = {
  id: 'safety-persons-min',
  check(model) {
    const min = itemsOf(model, 'plan_details')[0]?.attrs.minSafetyPersons ?? DEFAULT_MIN_SAFETY_PERSONS;
    const count = itemsOf(model, 'person').filter((p) => p.attrs.isSafetyPerson).length;
    return count >= min ? [] : [{ rule: this.id, section: 'network', params: { count, min } }];
  },
};
