import { expect, test } from 'vitest';
import { youngPersonHasSafetyPerson as rule } from './young-person-has-safety-person.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

const now = localNoon(2025, 4, 1);
const jan = item('young_person', {}, { name: 'Jan' });
const sara = item('young_person', {}, { name: 'Sara' });
const janId = String(jan.attrs?.id);

test('each young person with their own safety person is fine', () => {
  const model = modelWith(
    jan,
    sara,
    item('person', { isSafetyPerson: true, safetyPersonFor: janId }),
    item('person', { isSafetyPerson: true, safetyPersonFor: String(sara.attrs?.id) }),
  );
  expect(rule.check(model, now)).toEqual([]);
});

test('a safety person without a chosen young person counts for all of them', () => {
  expect(rule.check(modelWith(jan, sara, item('person', { isSafetyPerson: true })), now)).toEqual([]);
});

test('a young person nobody is safety person for gets a hint with their name', () => {
  const model = modelWith(
    jan,
    sara,
    item('person', { isSafetyPerson: true, safetyPersonFor: janId }),
    item('person', { isSafetyPerson: false, safetyPersonFor: String(sara.attrs?.id) }),
  );
  expect(rule.check(model, now)).toEqual([
    { rule: 'young-person-without-safety-person', section: 'network', itemId: sara.attrs?.id, params: { name: 'Sara' } },
  ]);
});

test('an unnamed young person is shown as a question mark', () => {
  const nameless = item('young_person');
  expect(rule.check(modelWith(nameless), now)[0]?.params).toEqual({ name: '?' });
});
