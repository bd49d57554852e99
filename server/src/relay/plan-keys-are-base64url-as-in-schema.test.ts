import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '@safeplan/schema/crypto';
import { authorKeyOf, planKeyOf } from './plan-key.ts';

const SEED = Number(process.env.SAFEPLAN_SEED ?? Date.now() % 2 ** 31);

describe(`plan and author keys are schema's base64url (seed ${SEED})`, () => {
  it('gives the very text toBase64Url gives, for every length and for views into larger buffers', () => {
    let a = SEED >>> 0;
    const next = () => {
      a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
      return a / 2 ** 32;
    };
    for (let length = 0; length <= 70; length++) {
      const backing = Uint8Array.from({ length: length + 9 }, () => Math.floor(next() * 256));
      const view = backing.subarray(5, 5 + length);
      expect(planKeyOf(view)).toBe(toBase64Url(view));
      expect(authorKeyOf(view)).toBe(toBase64Url(view));
      expect(fromBase64Url(planKeyOf(view))).toEqual(Uint8Array.from(view));
    }
  });
});
