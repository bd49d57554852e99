import { describe, expect, test } from 'vitest';
import { unsafeSituationBeginsWithAName as rule } from './unsafe-situation-begins-with-a-name.ts';
import { beginsWithName, mentionsName, youngPersonNames } from './young-person-names.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

const now = localNoon(2025, 4, 1);
const jan = item('young_person', {}, { name: 'Jan de Vries' });
const sara = item('young_person', {}, { name: 'Sara' });
const situation = (fact: string) => item('unsafe_situation', {}, { fact });

describe('an unsafe situation begins with the name of the child', () => {
  test('facts that begin with a first or full name get no hint', () => {
    const model = modelWith(
      jan,
      sara,
      situation('Jan zag op 2 maart 2025 dat papa mama duwde.'),
      situation('  jan de vries loopt al 3 maanden in een trainingsjack.'),
      situation("Sara's juf zag blauwe plekken."),
    );
    expect(rule.check(model, now)).toEqual([]);
  });

  test('a fact that begins otherwise gets a hint naming the young people', () => {
    const bad = situation('Er is geen geld in huis.');
    const prefix = situation('Janneke is bang.');
    const model = modelWith(jan, sara, bad, prefix);
    expect(rule.check(model, now)).toEqual([
      { rule: 'unsafe-situation-name', section: 'unsafeSituations', itemId: bad.attrs?.id, params: { names: 'Jan de Vries, Sara' } },
      { rule: 'unsafe-situation-name', section: 'unsafeSituations', itemId: prefix.attrs?.id, params: { names: 'Jan de Vries, Sara' } },
    ]);
  });

  test('a danger statement is not held to the name-first rule', () => {
    const model = modelWith(jan, item('danger_statement', {}, { text: 'Wij zijn bang dat Jan gewond raakt als papa drinkt.' }));
    expect(rule.check(model, now)).toEqual([]);
  });

  test('without named young people or with an empty fact there is nothing to check', () => {
    expect(rule.check(modelWith(situation('Er is ruzie.')), now)).toEqual([]);
    expect(rule.check(modelWith(jan, item('unsafe_situation')), now)).toEqual([]);
  });

  test('names: full name and first name, blanks ignored, whole words only', () => {
    expect(youngPersonNames([' Jan  de Vries ', '', 'Sara'])).toEqual(['Jan de Vries', 'Jan', 'Sara']);
    expect(beginsWithName('Sara-Lynn huilt', ['Sara'])).toBe(false);
    expect(beginsWithName('Émile, 6 jaar, is bang', ['émile'])).toBe(true);
    expect(mentionsName('Wij zijn bang dat Sara-Lynn huilt', ['Sara'])).toBe(false);
    expect(mentionsName('Wij zijn bang dat Janneke en Jan huilen', ['Jan'])).toBe(true);
    expect(mentionsName('Papa slaat (Jan)', ['jan'])).toBe(true);
  });
});
