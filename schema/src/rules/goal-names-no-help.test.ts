import { describe, expect, test } from 'vitest';
import { goalNamesNoHelp as rule, helpWordIn } from './goal-names-no-help.ts';
import { item, localNoon, modelWith } from './testing/model-with.ts';

const now = localNoon(2025, 4, 1);

describe('a safety goal never names help or treatment', () => {
  test.each([
    ['Papa gaat in therapie.', 'therapie'],
    ['Mama krijgt HULP bij de opvoeding.', 'HULP'],
    ['Er is hulpverlening in huis.', 'hulpverlening'],
    ['Jan krijgt behandeling.', 'behandeling'],
    ['Ouders volgen een cursus.', 'cursus'],
    ['Begeleiding thuis', 'Begeleiding'],
    ['Dad starts treatment.', 'treatment'],
    ['Mum gets help.', 'help'],
    ['(therapy)', 'therapy'],
  ])('"%s" names %s', (text, word) => {
    const goal = item('safety_goal', {}, { text });
    expect(rule.check(modelWith(goal), now)).toEqual([
      { rule: 'goal-names-help', section: 'safetyGoals', itemId: goal.attrs?.id, params: { word } },
    ]);
  });

  test.each([
    'Jan en Sara voelen zich thuis veilig.',
    'Er wordt niet meer geslagen, ook niet als papa gedronken heeft.',
    'Mama is niet hulpeloos als papa boos wordt.',
    'Jan helps his sister get to school safely.',
    'The children sleep at home every night.',
  ])('"%s" is a goal, not a means', (text) => {
    expect(helpWordIn(text)).toBeNull();
    expect(rule.check(modelWith(item('safety_goal', {}, { text })), now)).toEqual([]);
  });
});
