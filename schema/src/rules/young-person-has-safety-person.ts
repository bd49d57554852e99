import { itemsOf } from '../plan/index.ts';
import type { Rule } from './hint.ts';

/**
 * Every young person needs a safety person. A safety person with no young person chosen counts
 * for all of them (a household with one child rarely fills that in).
 */
export const youngPersonHasSafetyPerson: Rule = {
  id: 'young-person-without-safety-person',
  check(model) {
    const safety = itemsOf(model, 'person').filter((p) => p.attrs.isSafetyPerson);
    const forEveryone = safety.some((p) => p.attrs.safetyPersonFor === null);
    const covered = new Set(safety.map((p) => p.attrs.safetyPersonFor));
    return itemsOf(model, 'young_person')
      .filter((y) => !forEveryone && !(y.id !== null && covered.has(y.id)))
      .map((y) => ({
        rule: this.id,
        section: 'network' as const,
        ...(y.id ? { itemId: y.id } : {}),
        params: { name: y.fields.name.trim() || '?' },
      }));
  },
};
