import { describe, expect, it } from 'vitest';
import { lockMessagesEn, lockMessagesNl } from './lock-messages.ts';

describe('device lock messages', () => {
  it('have an English text for every Dutch key and no extra ones', () => {
    expect(Object.keys(lockMessagesEn).sort()).toEqual(Object.keys(lockMessagesNl).sort());
  });

  it('use the same placeholders in both languages and are never empty', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(lockMessagesNl) as (keyof typeof lockMessagesNl)[]) {
      expect(placeholders(lockMessagesEn[key]), key).toEqual(placeholders(lockMessagesNl[key]));
      expect(lockMessagesNl[key].trim(), key).not.toBe('');
      expect(lockMessagesEn[key].trim(), key).not.toBe('');
    }
  });
});
