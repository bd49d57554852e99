import { expect, it } from 'vitest';
import { toBase64Url } from '../../crypto/index.ts';
import { keyId } from './state.ts';

// keyId keeps the ids of recent keys (state.ts). A caller's buffer may be filled with other bytes
// later (a Node Buffer's slice is a view of the same memory): the id must follow the bytes.
it('a key buffer reused for other bytes never gets the id of the bytes it held before', () => {
  const key = Buffer.alloc(32, 7);
  expect(keyId(key)).toBe(toBase64Url(new Uint8Array(key)));
  key.fill(9, 2); // the first two bytes stay: the same slot of the table
  expect(keyId(key)).toBe(toBase64Url(new Uint8Array(key)));
  expect(keyId(new Uint8Array(32).fill(7))).toBe(toBase64Url(new Uint8Array(32).fill(7)));
});
