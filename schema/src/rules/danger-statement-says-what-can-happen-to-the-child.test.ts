import { describe, expect, test } from 'vitest';
import { dangerStatementSaysWhatCanHappenToTheChild as rule } from './danger-statement-says-what-can-happen-to-the-child.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

const now = localNoon(2025, 4, 1);
const jan = item('young_person', {}, { name: 'Jan de Vries' });
const sara = item('young_person', {}, { name: 'Sara' });
const statement = (text: string) => item('danger_statement', {}, { text });

describe('a danger statement says what can happen to the child', () => {
  test('a statement that starts with who is worried gets no hint (the method writes it so)', () => {
    const model = modelWith(
      jan,
      sara,
      statement('Wij zijn bang dat Jan en Sara gewond raken als papa en mama ruzie maken en elkaar slaan.'),
      statement('Oma en de juf zijn bang dat jan de vries niet meer naar school gaat als mama drinkt.'),
      statement('Sara is bang als papa schreeuwt.'),
    );
    expect(rule.check(model, now)).toEqual([]);
  });

  test('a statement that names none of the young people gets a hint naming them', () => {
    const bad = statement('Wij zijn bang dat het misgaat als papa drinkt.');
    const lookalike = statement('Wij zijn bang dat Janneke gewond raakt.');
    const model = modelWith(jan, sara, bad, lookalike);
    expect(rule.check(model, now)).toEqual([
      { rule: 'danger-statement-child', section: 'dangerStatements', itemId: bad.attrs?.id, params: { names: 'Jan de Vries, Sara' } },
      { rule: 'danger-statement-child', section: 'dangerStatements', itemId: lookalike.attrs?.id, params: { names: 'Jan de Vries, Sara' } },
    ]);
  });

  test('without named young people or with an empty statement there is nothing to check', () => {
    expect(rule.check(modelWith(statement('Wij zijn bang.')), now)).toEqual([]);
    expect(rule.check(modelWith(jan, item('danger_statement')), now)).toEqual([]);
  });
});
