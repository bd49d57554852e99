import { describe, expect, it } from 'vitest';
import { recoveryEn } from './recovery-messages-en.ts';
import { recoveryNl } from './recovery-messages-nl.ts';

describe('recovery kit messages', () => {
  it('have an English text for every Dutch key and no extra ones', () => {
    expect(Object.keys(recoveryEn).sort()).toEqual(Object.keys(recoveryNl).sort());
  });

  it('use the same placeholders in both languages and are never empty', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(recoveryNl) as (keyof typeof recoveryNl)[]) {
      expect(placeholders(recoveryEn[key]), key).toEqual(placeholders(recoveryNl[key]));
      expect(recoveryNl[key].trim(), key).not.toBe('');
      expect(recoveryEn[key].trim(), key).not.toBe('');
    }
  });
});
