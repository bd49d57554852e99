import { expect, it } from 'vitest';
import { ready } from './sodium.ts';
import { NonceSource } from './nonce-source.ts';
import { toBase64Url } from './base64url.ts';

const s = await ready();

it('gives distinct 24-byte nonces within a source and across sources', () => {
  const seen = new Set<string>();
  for (const source of [NonceSource.random(s), NonceSource.random(s)]) {
    for (let i = 0; i < 5000; i++) {
      const n = source.next();
      expect(n.length).toBe(24);
      seen.add(toBase64Url(n));
    }
  }
  expect(seen.size).toBe(10_000);
});

it('keeps the prefix and counts big-endian in the last 8 bytes', () => {
  const prefix = new Uint8Array(16).fill(7);
  const source = NonceSource.fromPrefix(prefix);
  const first = source.next();
  const second = source.next();
  expect(first.subarray(0, 16)).toEqual(prefix);
  expect([...first.subarray(16)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
  expect([...second.subarray(16)]).toEqual([0, 0, 0, 0, 0, 0, 0, 2]);
  prefix[0] = 9; // the source copied its prefix
  expect(source.next()[0]).toBe(7);
});
