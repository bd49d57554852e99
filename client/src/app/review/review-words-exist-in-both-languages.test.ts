import { describe, expect, it } from 'vitest';
import { reviewMessages } from '../../review/review-messages.ts';
import { reviewAppMessagesEn, reviewAppMessagesNl } from './review-app-messages.ts';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('review screen words', () => {
  it('have the same keys in Dutch and English', () => {
    expect(Object.keys(reviewAppMessagesEn).sort()).toEqual(Object.keys(reviewAppMessagesNl).sort());
  });

  it('use the same placeholders in both languages and are never empty', () => {
    for (const key of Object.keys(reviewAppMessagesNl) as (keyof typeof reviewAppMessagesNl)[]) {
      expect(placeholders(reviewAppMessagesEn[key]), key).toEqual(placeholders(reviewAppMessagesNl[key]));
      expect(reviewAppMessagesNl[key].trim(), key).not.toBe('');
      expect(reviewAppMessagesEn[key].trim(), key).not.toBe('');
    }
  });

  it('do not redefine the core review words they are registered next to', () => {
    const core = new Set(Object.keys(reviewMessages.nl));
    expect(Object.keys(reviewAppMessagesNl).filter((k) => core.has(k))).toEqual([]);
  });

  it('use the method\'s words for the actions', () => {
    expect(reviewAppMessagesNl['reviewApp.seen']).toBe('Gezien');
    expect(reviewAppMessagesNl['reviewApp.fix.submit']).toBe('Versie vaststellen');
    expect(reviewAppMessagesNl['reviewApp.endorse']).toBe('Onderschrijven');
    expect(reviewAppMessagesNl['reviewApp.notice.title']).toBe('Dit is er veranderd sinds de vorige versie');
  });
});
