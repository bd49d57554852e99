import { describe, expect, it } from 'vitest';
import { appMessagesEn, appMessagesNl } from './app-messages.ts';
import { format, translate } from './translate.ts';

describe('app messages', () => {
  it('have an English text for every Dutch key and no extra ones', () => {
    expect(Object.keys(appMessagesEn).sort()).toEqual(Object.keys(appMessagesNl).sort());
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(appMessagesNl) as (keyof typeof appMessagesNl)[]) {
      expect(placeholders(appMessagesEn[key]), key).toEqual(placeholders(appMessagesNl[key]));
    }
  });

  it('have no empty texts', () => {
    for (const [key, value] of [...Object.entries(appMessagesNl), ...Object.entries(appMessagesEn)]) {
      expect(value.trim(), key).not.toBe('');
    }
  });
});

describe('translate', () => {
  const dicts = { nl: { a: 'Hallo {name}', b: 'alleen NL' }, en: { a: 'Hello {name}' } };

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{n} van {m}', { n: 2 })).toBe('2 van {m}');
  });

  it('falls back to Dutch, then to the key itself', () => {
    expect(translate(dicts, 'en', 'a', { name: 'Jan' })).toBe('Hello Jan');
    expect(translate(dicts, 'en', 'b')).toBe('alleen NL');
    expect(translate(dicts, 'en', 'missing.key')).toBe('missing.key');
  });
});
