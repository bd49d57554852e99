import type { Rule } from './hint.ts';

/** Help and treatment are means, not goals; these words (Dutch and English) give that away. */
export const HELP_WORDS = [
  'hulp', 'hulpverlening', 'hulpverlener', 'hulpverleners', 'jeugdhulp',
  'behandeling', 'behandelingen', 'behandelen', 'behandeld', 'behandelaar',
  'therapie', 'therapieën', 'therapeut', 'therapeuten',
  'begeleiding', 'begeleider', 'begeleiders',
  'cursus', 'cursussen', 'opvoedcursus', 'training', 'trainingen', 'opvoedondersteuning', 'coaching', 'ggz',
  'help', 'treatment', 'treatments', 'therapy', 'therapies', 'therapist', 'therapists',
  'counselling', 'counseling', 'counsellor', 'counselor', 'course', 'courses', 'assistance',
] as const;

const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${HELP_WORDS.join('|')})(?![\\p{L}\\p{N}])`, 'iu');

/** The first help or treatment word in `text`, as written; null when there is none. */
export function helpWordIn(text: string): string | null {
  return pattern.exec(text)?.[1] ?? null;
}

/** The method: a safety goal never names help or treatment. */
export const goalNamesNoHelp: Rule = {
  id: 'goal-names-help',
  check(model) {
    return model.safetyGoals.flatMap((g) => {
      const word = helpWordIn(g.fields.text);
      return word === null
        ? []
        : [{ rule: this.id, section: 'safetyGoals' as const, ...(g.id ? { itemId: g.id } : {}), params: { word } }];
    });
  },
};
