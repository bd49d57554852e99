import { describe, expect, it } from 'vitest';
import { ready } from './sodium.ts';
import { aeadDecrypt, aeadEncrypt } from './aead.ts';
import { generateEpochKey } from './keys.ts';
import { NonceSource } from './nonce-source.ts';
import { CryptoError } from './errors.ts';

const s = await ready();

describe('XChaCha20-Poly1305 with additional data', () => {
  it('round-trips and fails on a changed byte in ciphertext, ad, nonce or key', () => {
    const key = generateEpochKey(s);
    const nonce = NonceSource.random(s).next();
    const ad = new TextEncoder().encode('header');
    const plaintext = new TextEncoder().encode('Als papa boos wordt, bel ik oma.');
    const ct = aeadEncrypt(s, key, nonce, ad, plaintext);
    expect(aeadDecrypt(s, key, nonce, ad, ct)).toEqual(plaintext);

    const flip = (b: Uint8Array, i: number) => {
      const c = b.slice();
      c[i] = (c[i] ?? 0) ^ 1;
      return c;
    };
    expect(() => aeadDecrypt(s, key, nonce, ad, flip(ct, 3))).toThrow(CryptoError);
    expect(() => aeadDecrypt(s, key, nonce, flip(ad, 0), ct)).toThrow(CryptoError);
    expect(() => aeadDecrypt(s, key, flip(nonce, 23), ad, ct)).toThrow(CryptoError);
    expect(() => aeadDecrypt(s, flip(key, 0), nonce, ad, ct)).toThrow(CryptoError);
    expect(() => aeadDecrypt(s, key, nonce, ad, ct.subarray(0, 10))).toThrow(/decrypt-failed/);
  });

  it('refuses keys and nonces of the wrong size with a clear error', () => {
    expect(() => aeadEncrypt(s, new Uint8Array(16), new Uint8Array(24), new Uint8Array(), new Uint8Array())).toThrow(
      /key must be 32 bytes/,
    );
    expect(() => aeadEncrypt(s, new Uint8Array(32), new Uint8Array(12), new Uint8Array(), new Uint8Array())).toThrow(
      /nonce must be 24 bytes/,
    );
  });
});
