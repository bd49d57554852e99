import type { Rule } from './hint.ts';
import { addMonthsISO } from './dates.ts';

export const MAX_GOAL_TERM_MONTHS = 3;

/** The method: every safety goal has a term of at most three months. */
export const goalTermWithinThreeMonths: Rule = {
  id: 'goal-term-too-far',
  check(model, now) {
    const latest = addMonthsISO(now, MAX_GOAL_TERM_MONTHS);
    return model.safetyGoals
      .filter((g) => g.attrs.termDate !== null && g.attrs.termDate > latest)
      .map((g) => ({
        rule: this.id,
        section: 'safetyGoals' as const,
        ...(g.id ? { itemId: g.id } : {}),
        params: { date: g.attrs.termDate ?? '', latest, months: MAX_GOAL_TERM_MONTHS },
      }));
  },
};
