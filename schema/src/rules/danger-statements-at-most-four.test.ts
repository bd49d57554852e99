import { expect, test } from 'vitest';
import { dangerStatementsAtMostFour as rule } from './danger-statements-at-most-four.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

const now = localNoon(2025, 4, 1);
const statements = (n: number) => Array.from({ length: n }, () => item('danger_statement'));

test('four danger statements are fine', () => {
  expect(rule.check(modelWith(...statements(4)), now)).toEqual([]);
  expect(rule.check(modelWith(), now)).toEqual([]);
});

test('a fifth danger statement gets a hint pointing at it', () => {
  const five = statements(5);
  expect(rule.check(modelWith(...five), now)).toEqual([
    { rule: 'danger-statements-max', section: 'dangerStatements', itemId: five[4]?.attrs?.id, params: { count: 5, max: 4 } },
  ]);
});
