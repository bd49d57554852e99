import { describe, expect, it } from 'vitest';
import { ready, type Sodium } from '@safeplan/schema/crypto';
import { withNativeVerify } from './native-verify.ts';
import { seededRandom, testSeed } from '../../../schema/src/protocol/testing/seeded-random.ts';

// Printed in the describe name; replay with SAFEPLAN_SEED.
const SEED = testSeed();

function bytesOf(next: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
}

/** The group order L, little-endian: S + L is the same point check but a non-canonical signature. */
const L = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0x10,
]);

function withSPlusL(signature: Uint8Array): Uint8Array {
  const out = signature.slice();
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = (out[32 + i] as number) + (L[i] as number) + carry;
    out[32 + i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}

describe(`native Ed25519 verify agrees with libsodium-wrappers (seed ${SEED})`, () => {
  it('accepts and refuses exactly the same signatures', async () => {
    const s: Sodium = await ready();
    const relay = withNativeVerify(s);
    expect(relay.verify).toBe('native');
    const next = seededRandom(SEED);
    for (let round = 0; round < 40; round++) {
      const keys = s.crypto_sign_seed_keypair(bytesOf(next, 32));
      const message = bytesOf(next, 1 + Math.floor(next() * 600));
      const signature = s.crypto_sign_detached(message, keys.privateKey);
      const flip = (b: Uint8Array) => {
        const out = b.slice();
        const i = Math.floor(next() * out.length);
        out[i] = (out[i] as number) ^ (1 << Math.floor(next() * 8));
        return out;
      };
      const cases: [string, Uint8Array, Uint8Array, Uint8Array, boolean][] = [
        ['valid', signature, message, keys.publicKey, true],
        ['signature bit flipped', flip(signature), message, keys.publicKey, false],
        ['message bit flipped', signature, flip(message), keys.publicKey, false],
        ['key bit flipped', signature, message, flip(keys.publicKey), false],
        ['non-canonical S (S + L)', withSPlusL(signature), message, keys.publicKey, false],
      ];
      for (const [what, sig, msg, key, expected] of cases) {
        let wasm: boolean;
        try {
          wasm = s.crypto_sign_verify_detached(sig, msg, key);
        } catch {
          wasm = false;
        }
        let native: boolean;
        try {
          native = relay.sodium.crypto_sign_verify_detached(sig, msg, key);
        } catch {
          native = false;
        }
        expect({ seed: SEED, round, what, native }).toEqual({ seed: SEED, round, what, native: wasm });
        if (what !== 'key bit flipped') expect({ seed: SEED, round, what, wasm }).toEqual({ seed: SEED, round, what, wasm: expected });
      }
    }
  });

  it('refuses a small-order public key, as libsodium does', async () => {
    const s = await ready();
    const relay = withNativeVerify(s);
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const signature = new Uint8Array(64);
    signature[0] = 1;
    const message = new TextEncoder().encode('anything');
    expect(relay.sodium.crypto_sign_verify_detached(signature, message, identity)).toBe(false);
  });

  it('keeps every other libsodium function and throws the same errors on wrong lengths', async () => {
    const s = await ready();
    const { sodium } = withNativeVerify(s);
    expect(sodium.crypto_sign_PUBLICKEYBYTES).toBe(32);
    const keys = sodium.crypto_sign_keypair();
    expect(sodium.crypto_sign_verify_detached(sodium.crypto_sign_detached(new Uint8Array([1]), keys.privateKey), new Uint8Array([1]), keys.publicKey)).toBe(true);
    expect(() => sodium.crypto_sign_verify_detached(new Uint8Array(10), new Uint8Array([1]), keys.publicKey)).toThrow();
  });

  it('falls back to the WebAssembly build when the native one cannot load', async () => {
    const s = await ready();
    const relay = withNativeVerify(s, () => {
      throw new Error('no prebuilt binary for this platform');
    });
    expect(relay.verify).toBe('wasm');
    expect(relay.sodium).toBe(s);
    expect(relay.fallbackReason).toBe('Error');
  });
});
