import { expect, test } from 'vitest';
import { scoreHasReason as rule } from './score-has-reason.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

const now = localNoon(2025, 4, 1);

test('a score with a reason, or no score yet, is fine', () => {
  const model = modelWith(
    item('safety_score', { score: 0 }, { who: 'Oma', reason: 'Papa sloeg gisteren.' }),
    item('safety_score', {}, { who: 'Mama' }),
  );
  expect(rule.check(model, now)).toEqual([]);
});

test('a score without a reason (or only spaces) gets a hint', () => {
  const bare = item('safety_score', { score: 6 }, { who: 'Oma', reason: '  ' });
  const nobody = item('safety_score', { score: 0 });
  expect(rule.check(modelWith(bare, nobody), now)).toEqual([
    { rule: 'score-without-reason', section: 'safetyScale', itemId: bare.attrs?.id, params: { score: 6, who: 'Oma' } },
    { rule: 'score-without-reason', section: 'safetyScale', itemId: nobody.attrs?.id, params: { score: 0, who: '?' } },
  ]);
});
