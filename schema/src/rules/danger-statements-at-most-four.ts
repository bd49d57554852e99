import type { Rule } from './hint.ts';

export const MAX_DANGER_STATEMENTS = 4;

/** The method: at most four danger statements, in order of priority. */
export const dangerStatementsAtMostFour: Rule = {
  id: 'danger-statements-max',
  check(model) {
    const all = model.dangerStatements;
    if (all.length <= MAX_DANGER_STATEMENTS) return [];
    const firstExtra = all[MAX_DANGER_STATEMENTS]?.id;
    return [
      {
        rule: this.id,
        section: 'dangerStatements',
        ...(firstExtra ? { itemId: firstExtra } : {}),
        params: { count: all.length, max: MAX_DANGER_STATEMENTS },
      },
    ];
  },
};
