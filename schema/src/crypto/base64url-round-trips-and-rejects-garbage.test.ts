import { expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { constantTimeEqual } from './constant-time.ts';

it('matches Node base64url for every length and round-trips', () => {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
  // Short ids, and lengths around and past the 4,096-character pieces a long text is built in.
  for (const len of [...Array.from({ length: 70 }, (_, i) => i), 3071, 3072, 3073, 10_000]) {
    const bytes = Uint8Array.from({ length: len }, rand);
    const text = toBase64Url(bytes);
    expect(text, `seed 12345, length ${len}`).toBe(Buffer.from(bytes).toString('base64url'));
    expect(fromBase64Url(text)).toEqual(bytes);
  }
});

it('rejects padding, foreign characters, impossible lengths and non-canonical endings', () => {
  expect(() => fromBase64Url('AAAA=')).toThrow(/bad-encoding/);
  expect(() => fromBase64Url('AA+A')).toThrow(/bad-encoding/);
  expect(() => fromBase64Url('A')).toThrow(/impossible length/);
  expect(() => fromBase64Url('AB')).toThrow(/non-canonical/);
  expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]));
});

it('compares bytes for equality', () => {
  expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
  expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
  expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1]))).toBe(false);
  expect(constantTimeEqual(new Uint8Array(), new Uint8Array())).toBe(true);
});
