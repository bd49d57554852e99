import { itemsOf } from '../plan/index.ts';
import type { Rule } from './hint.ts';
import { todayISO } from './dates.ts';

/** A next evaluation in the past means the plan is not being evaluated as agreed. */
export const evaluationDateNotPast: Rule = {
  id: 'evaluation-date-past',
  check(model, now) {
    const today = todayISO(now);
    return itemsOf(model, 'monitoring_details')
      .filter((m) => m.attrs.nextEvaluation !== null && m.attrs.nextEvaluation < today)
      .map((m) => ({
        rule: this.id,
        section: 'monitoring' as const,
        ...(m.id ? { itemId: m.id } : {}),
        params: { date: m.attrs.nextEvaluation ?? '' },
      }));
  },
};
