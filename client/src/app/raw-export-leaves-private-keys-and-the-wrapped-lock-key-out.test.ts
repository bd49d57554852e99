import { describe, expect, it } from 'vitest';
import { withoutPrivateKeys } from './raw-export.ts';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const keys = () => ({ sign: { publicKey: bytes(32, 1), privateKey: bytes(64, 2) }, box: { publicKey: bytes(32, 3), privateKey: bytes(32, 4) } });
const omitted = { $omitted: 'private key' };

describe('what the raw export keeps of a record', () => {
  it('keeps only the public half of device keys, also per plan and when set aside as damaged', () => {
    const expected = { sign: { publicKey: bytes(32, 1), privateKey: omitted }, box: { publicKey: bytes(32, 3), privateKey: omitted } };
    expect(withoutPrivateKeys('device/identity', keys())).toEqual(expected);
    expect(withoutPrivateKeys('plans/abc/device', keys())).toEqual(expected);
    expect(withoutPrivateKeys('quarantine/device/17', { key: 'device/identity', value: keys(), reason: 'identity' })).toEqual({
      key: 'device/identity',
      reason: 'identity',
      value: expected,
    });
    // Damaged bytes where keys were could be a key: left out whole.
    expect(withoutPrivateKeys('quarantine/device/18', { key: 'device/identity', value: bytes(128, 9), reason: 'identity' })).toEqual({
      key: 'device/identity',
      reason: 'identity',
      value: { $omitted: 'device keys' },
    });
  });

  it('drops a private key wherever it sits, and the device lock\'s wrapped key', () => {
    expect(withoutPrivateKeys('plans/abc/other', { a: [{ privateKey: bytes(4, 1), keep: 1 }] })).toEqual({ a: [{ privateKey: omitted, keep: 1 }] });
    const header = { v: 1, kind: 'pin', kdf: { ops: 3 }, nonce: bytes(24, 1), wrapped: bytes(48, 2), failed: 0, waitUntil: 0, maxTries: 10 };
    expect(withoutPrivateKeys('lock', header)).toEqual({ ...header, wrapped: omitted });
    // Sealed records (a lock is set) are opaque bytes: kept as they are.
    expect(withoutPrivateKeys('~c2VhbGVk', bytes(40, 5))).toEqual(bytes(40, 5));
  });
});
