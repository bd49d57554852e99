import { expect, test } from 'vitest';
import { reviewMessages } from './review-messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('Dutch and English review messages have the same keys and the same placeholders', () => {
  expect(Object.keys(reviewMessages.en).sort()).toEqual(Object.keys(reviewMessages.nl).sort());
  for (const [key, nl] of Object.entries(reviewMessages.nl)) {
    expect(placeholders(reviewMessages.en[key] ?? ''), key).toEqual(placeholders(nl));
    expect(nl.trim(), key).not.toBe('');
  }
});

test('every reason a version or endorsement is refused has words in both languages', () => {
  const codes = ['malformed', 'unreadable', 'content-mismatch', 'invalid-plan', 'wrong-version', 'not-a-member', 'not-an-owner', 'bad-signature'];
  for (const code of codes) {
    expect(reviewMessages.nl[`review.refused.${code}`], code).toBeTruthy();
    expect(reviewMessages.en[`review.refused.${code}`], code).toBeTruthy();
  }
});
