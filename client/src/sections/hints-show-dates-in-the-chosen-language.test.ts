import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../app/i18n/index.ts';
import { ruleHint } from './labels.ts';

// setLang touches the document and storage; in node only the language signal matters.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };

afterEach(() => setLang('nl'));

describe('a hint shows its dates as people write them', () => {
  it('in Dutch: "14 oktober 2026", not 2026-10-14', () => {
    setLang('nl');
    const text = ruleHint('evaluation-date-past', { date: '2026-10-14' });
    expect(text).toContain('14 oktober 2026');
    expect(text).not.toContain('2026-10-14');
  });

  it('in English: "14 October 2026"', () => {
    setLang('en');
    const text = ruleHint('goal-term-too-far', { date: '2027-03-01', latest: '2026-10-14', months: 3 });
    expect(text).toContain('1 March 2027');
    expect(text).toContain('14 October 2026');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('leaves numbers and names as they are', () => {
    setLang('nl');
    expect(ruleHint('score-without-reason', { who: 'Oma Truus', score: 4 })).toBe('Oma Truus gaf een 4. Schrijf erbij waarom.');
  });
});
