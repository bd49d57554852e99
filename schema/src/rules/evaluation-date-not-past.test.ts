import { expect, test } from 'vitest';
import { evaluationDateNotPast as rule } from './evaluation-date-not-past.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

const now = localNoon(2025, 4, 10);

test('an evaluation today, later or not yet planned is fine', () => {
  for (const date of ['2025-04-10', '2025-06-01']) {
    expect(rule.check(modelWith(item('monitoring_details', { nextEvaluation: date })), now)).toEqual([]);
  }
  expect(rule.check(modelWith(), now)).toEqual([]);
});

test('an evaluation date in the past gets a hint', () => {
  const monitoring = item('monitoring_details', { nextEvaluation: '2025-04-09' });
  expect(rule.check(modelWith(monitoring), now)).toEqual([
    { rule: 'evaluation-date-past', section: 'monitoring', itemId: monitoring.attrs?.id, params: { date: '2025-04-09' } },
  ]);
});
