/** The method's rules: pure advice about a plan, never a block. */
import { SECTION_ORDER } from '../plan/index.ts';
import type { PlanModel } from '../plan/index.ts';
import type { Hint, Rule } from './hint.ts';
import { unsafeSituationBeginsWithAName } from './unsafe-situation-begins-with-a-name.ts';
import { dangerStatementSaysWhatCanHappenToTheChild } from './danger-statement-says-what-can-happen-to-the-child.ts';
import { dangerStatementsAtMostFour } from './danger-statements-at-most-four.ts';
import { goalsThreeToFive } from './goals-three-to-five.ts';
import { goalTermWithinThreeMonths } from './goal-term-within-three-months.ts';
import { goalNamesNoHelp } from './goal-names-no-help.ts';
import { enoughSafetyPersons } from './enough-safety-persons.ts';
import { youngPersonHasSafetyPerson } from './young-person-has-safety-person.ts';
import { evaluationDateNotPast } from './evaluation-date-not-past.ts';
import { scoreHasReason } from './score-has-reason.ts';

export type { Hint, Rule } from './hint.ts';
export { HELP_WORDS, helpWordIn } from './goal-names-no-help.ts';
export { MAX_DANGER_STATEMENTS } from './danger-statements-at-most-four.ts';
export { MIN_GOALS, MAX_GOALS } from './goals-three-to-five.ts';
export { MAX_GOAL_TERM_MONTHS } from './goal-term-within-three-months.ts';
export { todayISO, addMonthsISO } from './dates.ts';

export const RULES: readonly Rule[] = [
  unsafeSituationBeginsWithAName,
  dangerStatementSaysWhatCanHappenToTheChild,
  dangerStatementsAtMostFour,
  goalsThreeToFive,
  goalTermWithinThreeMonths,
  goalNamesNoHelp,
  enoughSafetyPersons,
  youngPersonHasSafetyPerson,
  evaluationDateNotPast,
  scoreHasReason,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

/** Every hint for the plan at `now`, in section order, then rule order. */
export function evaluatePlan(model: PlanModel, now: Date): Hint[] {
  const hints = RULES.flatMap((rule) => rule.check(model, now));
  const rank = (h: Hint) => SECTION_ORDER.indexOf(h.section);
  return hints.map((h, i) => [h, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([h]) => h);
}
