import type { Rule } from './hint.ts';

export const MIN_GOALS = 3;
export const MAX_GOALS = 5;

/** The method: three to five safety goals. */
export const goalsThreeToFive: Rule = {
  id: 'goals-count',
  check(model) {
    const count = model.safetyGoals.length;
    if (count >= MIN_GOALS && count <= MAX_GOALS) return [];
    return [{ rule: this.id, section: 'safetyGoals', params: { count, min: MIN_GOALS, max: MAX_GOALS } }];
  },
};
