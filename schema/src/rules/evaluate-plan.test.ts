import { expect, test } from 'vitest';
import { RULE_IDS, evaluatePlan } from './index.ts';
import { SECTION_ORDER, itemsOf, planModelFromJSON, samplePlanJSON } from '../plan/index.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

test('every rule has a unique id', () => {
  expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
  expect(RULE_IDS).toHaveLength(10);
});

test('the sample plan only misses goals (it has one) while its dates are current', () => {
  const hints = evaluatePlan(planModelFromJSON(samplePlanJSON()), localNoon(2025, 4, 1));
  expect(hints).toEqual([{ rule: 'goals-count', section: 'safetyGoals', params: { count: 1, min: 3, max: 5 } }]);
});

test('hints come in section order, whatever order the rules run in', () => {
  const model = modelWith(
    item('safety_score', { score: 3 }),
    item('danger_statement', {}, { text: 'Er is ruzie.' }),
    item('young_person', {}, { name: 'Jan' }),
    item('unsafe_situation', {}, { fact: 'Er is geen geld.' }),
    item('monitoring_details', { nextEvaluation: '2020-01-01' }),
  );
  const hints = evaluatePlan(model, localNoon(2025, 4, 1));
  const ranks = hints.map((h) => SECTION_ORDER.indexOf(h.section));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  expect(new Set(hints.map((h) => h.rule))).toEqual(
    new Set(['unsafe-situation-name', 'danger-statement-child', 'score-without-reason', 'goals-count', 'safety-persons-min', 'young-person-without-safety-person', 'evaluation-date-past']),
  );
  // The typed model: a misspelt field is a compile error, not a silent undefined.
  // @ts-expect-error 'nam' is not a field of young_person
  void itemsOf(model, 'young_person')[0]?.fields.nam;
});
