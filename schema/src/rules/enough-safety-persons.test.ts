import { expect, test } from 'vitest';
import { enoughSafetyPersons as rule } from './enough-safety-persons.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

const now = localNoon(2025, 4, 1);
const safe = () => item('person', { isSafetyPerson: true });
const other = () => item('person', { isSafetyPerson: false });

test('the default minimum of two safety persons is met', () => {
  expect(rule.check(modelWith(safe(), safe(), other()), now)).toEqual([]);
});

test('fewer safety persons than the default minimum get a hint', () => {
  expect(rule.check(modelWith(safe(), other(), other()), now)).toEqual([
    { rule: 'safety-persons-min', section: 'network', params: { count: 1, min: 2 } },
  ]);
});

test('the header sets the minimum', () => {
  const details = (min: number) => item('plan_details', { minSafetyPersons: min });
  expect(rule.check(modelWith(details(3), safe(), safe()), now)).toEqual([
    { rule: 'safety-persons-min', section: 'network', params: { count: 2, min: 3 } },
  ]);
  expect(rule.check(modelWith(details(1), safe()), now)).toEqual([]);
});
