import { expect, test } from 'vitest';
import { planModelFromJSON, planSchema } from '@safeplan/schema/plan';
import { seededRandom, testSeed } from '../../schema/src/protocol/testing/seeded-random.ts';
import { planHistory, PEOPLE } from './plan-history.ts';

test('every day of the generated history is a valid plan with the promised entries', () => {
  const seed = testSeed();
  const schema = planSchema();
  let last: ReturnType<typeof planHistory> extends Generator<infer D> ? D : never;
  let days = 0;
  try {
    for (const day of planHistory(seededRandom(seed), 90)) {
      schema.nodeFromJSON(day.json).check();
      last = day;
      days++;
    }
  } catch (err) {
    throw new Error(`history with seed ${seed} (replay with SAFEPLAN_SEED=${seed}): ${String(err)}`, { cause: err });
  }
  expect(days).toBe(90);
  const model = planModelFromJSON(last!.json);
  // The sample plan brings one of each; the history adds one log entry a day, a consequence a
  // week and eight scores a month.
  expect(model.safetyLog).toHaveLength(1 + 90);
  expect(model.consequences).toHaveLength(1 + Math.floor(90 / 7));
  expect(model.safetyScale).toHaveLength(1 + 3 * PEOPLE.length);
  expect(new Set(model.safetyLog.map((e) => e.attrs.date)).size).toBe(91);
});
