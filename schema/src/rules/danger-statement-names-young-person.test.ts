import { describe, expect, test } from 'vitest';
import { dangerStatementNamesYoungPerson as rule, beginsWithName, youngPersonNames } from './danger-statement-names-young-person.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

const now = localNoon(2025, 4, 1);
const jan = item('young_person', {}, { name: 'Jan de Vries' });
const sara = item('young_person', {}, { name: 'Sara' });

describe('a danger statement begins with a young person\'s name', () => {
  test('statements that begin with a first or full name get no hint', () => {
    const model = modelWith(
      jan,
      sara,
      item('danger_statement', {}, { text: 'Jan is bang als papa drinkt.' }),
      item('danger_statement', {}, { text: '  jan de vries ziet dat mama wordt geslagen.' }),
      item('danger_statement', {}, { text: "Sara's moeder is vaak weg." }),
    );
    expect(rule.check(model, now)).toEqual([]);
  });

  test('a statement that begins otherwise gets a hint naming the young people', () => {
    const bad = item('danger_statement', {}, { text: 'Er is geen geld in huis.' });
    const prefix = item('danger_statement', {}, { text: 'Janneke is bang.' });
    const model = modelWith(jan, sara, bad, prefix);
    expect(rule.check(model, now)).toEqual([
      { rule: 'danger-statement-name', section: 'dangerStatements', itemId: bad.attrs?.id, params: { names: 'Jan de Vries, Sara' } },
      { rule: 'danger-statement-name', section: 'dangerStatements', itemId: prefix.attrs?.id, params: { names: 'Jan de Vries, Sara' } },
    ]);
  });

  test('without named young people or with an empty statement there is nothing to check', () => {
    expect(rule.check(modelWith(item('danger_statement', {}, { text: 'Er is ruzie.' })), now)).toEqual([]);
    expect(rule.check(modelWith(jan, item('danger_statement')), now)).toEqual([]);
  });

  test('names: full name and first name, blanks ignored', () => {
    expect(youngPersonNames([' Jan  de Vries ', '', 'Sara'])).toEqual(['Jan de Vries', 'Jan', 'Sara']);
    expect(beginsWithName('Sara-Lynn huilt', ['Sara'])).toBe(false);
    expect(beginsWithName('Émile, 6 jaar, is bang', ['émile'])).toBe(true);
  });
});
