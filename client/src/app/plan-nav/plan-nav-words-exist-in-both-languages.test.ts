import { describe, expect, it } from 'vitest';
import { planNavEn, planNavNl } from './plan-nav-messages.ts';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('the navigation words', () => {
  it('exist in Dutch and English with the same keys and placeholders, in their own namespace', () => {
    expect(Object.keys(planNavEn).sort()).toEqual(Object.keys(planNavNl).sort());
    for (const [key, nl] of Object.entries(planNavNl)) {
      expect(key.startsWith('nav.'), key).toBe(true);
      expect(nl.trim(), key).not.toBe('');
      expect(placeholders(planNavEn[key] ?? ''), key).toEqual(placeholders(nl));
    }
  });
});
