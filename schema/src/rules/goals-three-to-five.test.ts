import { expect, test } from 'vitest';
import { goalsThreeToFive as rule } from './goals-three-to-five.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

const now = localNoon(2025, 4, 1);
const goals = (n: number) => modelWith(...Array.from({ length: n }, () => item('safety_goal')));

test('three, four or five goals are fine', () => {
  for (const n of [3, 4, 5]) expect(rule.check(goals(n), now)).toEqual([]);
});

test('fewer than three or more than five goals get a hint with the count', () => {
  for (const n of [0, 2, 6]) {
    expect(rule.check(goals(n), now)).toEqual([{ rule: 'goals-count', section: 'safetyGoals', params: { count: n, min: 3, max: 5 } }]);
  }
});
