import { describe, expect, test } from 'vitest';
import { goalTermWithinThreeMonths as rule } from './goal-term-within-three-months.ts';
import { addMonthsISO, todayISO } from './dates.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

describe('a goal term is at most three months ahead', () => {
  const now = localNoon(2025, 1, 15);

  test('terms up to and including three months ahead, and goals without a term, are fine', () => {
    const model = modelWith(
      item('safety_goal', { termDate: '2025-04-15' }),
      item('safety_goal', { termDate: '2024-12-01' }),
      item('safety_goal'),
    );
    expect(rule.check(model, now)).toEqual([]);
  });

  test('a term one day past three months gets a hint with the latest date', () => {
    const far = item('safety_goal', { termDate: '2025-04-16' });
    expect(rule.check(modelWith(far), now)).toEqual([
      { rule: 'goal-term-too-far', section: 'safetyGoals', itemId: far.attrs?.id, params: { date: '2025-04-16', latest: '2025-04-15', months: 3 } },
    ]);
  });

  test('dates: the 31st becomes the last day of a shorter month, years roll over', () => {
    expect(addMonthsISO(localNoon(2024, 11, 30), 3)).toBe('2025-02-28');
    expect(addMonthsISO(localNoon(2023, 11, 30), 3)).toBe('2024-02-29');
    expect(addMonthsISO(localNoon(2025, 1, 31), 3)).toBe('2025-04-30');
    expect(todayISO(localNoon(2025, 3, 9))).toBe('2025-03-09');
  });
});
