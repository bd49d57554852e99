import { afterEach, describe, expect, it } from 'vitest';
import { setLang, t, tCount, type Lang } from './index.ts';
import { appMessagesEn } from './app-messages.ts';
import { lockMessagesEn } from './lock-messages.ts';
import { deviceAndRoleMessagesEn } from './device-and-role-messages.ts';
import { planMessages } from './plan-messages.ts';
import { planTimeEn } from '../plan-time/plan-time-messages.ts';
import { membersEn } from '../members/members-messages-en.ts';
import { reviewMessages } from '../../review/review-messages.ts';
import '../review/register-messages.ts';
import { roleWithArticle } from '../members/member-words.ts';

// setLang touches the document and storage; in node only the language signal matters.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };

afterEach(() => setLang('nl'));

const inBoth = (fn: () => string) =>
  (['nl', 'en'] as Lang[]).map((l) => {
    setLang(l);
    return fn();
  });

describe('words that follow a number', () => {
  it('say "1 seconde" / "1 second" while waiting after a wrong PIN, and "seconden" / "seconds" for more', () => {
    expect(inBoth(() => tCount('lock.wait', 1, { s: 1 }))).toEqual([
      'Wacht nog 1 seconde voor je het opnieuw probeert.',
      'Wait 1 more second before you try again.',
    ]);
    expect(inBoth(() => tCount('lock.wait', 5, { s: 5 }))).toEqual([
      'Wacht nog 5 seconden voor je het opnieuw probeert.',
      'Wait 5 more seconds before you try again.',
    ]);
  });

  it('say "0 van 1 punt klaar" / "0 of 1 point done" on the phase track', () => {
    expect(inBoth(() => tCount('phase.summary', 1, { met: 0, total: 1 }))).toEqual([
      'Klaar voor de volgende fase? 0 van 1 punt klaar',
      'Ready for the next phase? 0 of 1 point done',
    ]);
    expect(inBoth(() => tCount('phase.summaryLast', 1, { met: 1, total: 1 }))).toEqual([
      'Wat bij deze fase hoort: 1 van 1 punt klaar',
      'What belongs to this phase: 1 of 1 point done',
    ]);
    expect(inBoth(() => tCount('phase.summary', 3, { met: 0, total: 3 }))).toEqual([
      'Klaar voor de volgende fase? 0 van 3 punten klaar',
      'Ready for the next phase? 0 of 3 points done',
    ]);
  });

  it('say "1 minuut" / "1 minute" for the auto-lock, and "1 andere melding" / "1 other message"', () => {
    expect(inBoth(() => tCount('device.minutes', 1, { n: 1 }))).toEqual(['1 minuut', '1 minute']);
    expect(inBoth(() => tCount('sync.attention.more', 1, { n: 1 }))).toEqual(['En nog 1 andere melding.', 'And 1 other message.']);
  });
});

describe('"a" and "an" in English', () => {
  it('an invitation is "for an editor", "for an owner", "for a contributor", "for a reader"', () => {
    setLang('en');
    expect(t('members.invite.for', { role: roleWithArticle('editor'), kind: 'network' })).toBe('This invitation is for an editor (network).');
    expect(t('members.pendingItem', { role: roleWithArticle('owner'), kind: 'household', date: '1 May' })).toBe('For an owner (household). Works until 1 May.');
    expect(['contributor', 'reader'].map((r) => roleWithArticle(r as 'reader'))).toEqual(['a contributor', 'a reader']);
    setLang('nl');
    expect(t('members.invite.for', { role: roleWithArticle('editor'), kind: 'netwerk' })).toBe('Deze uitnodiging is voor een bewerker (netwerk).');
  });

  it('no English text puts "a" before a word that starts with a vowel sound, or "a {placeholder}"', () => {
    const all = {
      ...appMessagesEn, ...lockMessagesEn, ...deviceAndRoleMessagesEn, ...planMessages.en, ...planTimeEn, ...membersEn, ...reviewMessages.en,
    };
    // "a one-time", "a use", "a unique" start with a consonant sound.
    const slips = Object.entries(all)
      .filter(([, text]) => /\ba (?!one\b|one-|use|unique|univ|user|usual|euro)[aeiou]|\ba \{/i.test(text))
      .map(([key, text]) => `${key}: ${text}`);
    expect(slips).toEqual([]);
  });
});

describe('the filter of the changes', () => {
  it('offers "Alle delen" / "All parts" for the parts, not "Iedereen" / "Everyone"', () => {
    expect(inBoth(() => t('review.filter.allParts'))).toEqual(['Alle delen', 'All parts']);
  });
});
