import type { Sodium } from './sodium.ts';
import { CryptoError, expectLength } from './errors.ts';
import { NONCE_BYTES } from './aead.ts';

const PREFIX_BYTES = 16;
// Past 2^53 a JS number loses precision; no session comes near that many messages.
const MAX_COUNTER = Number.MAX_SAFE_INTEGER;

/**
 * Unique 24-byte nonces at the cost of one random draw per instance (randombytes_buf is slow
 * here): a random 16-byte prefix, then an 8-byte big-endian counter. Make one per session, never
 * persist and resume one: a fresh prefix is what keeps two sessions from colliding.
 */
export class NonceSource {
  readonly #prefix: Uint8Array;
  #counter = 0;

  private constructor(prefix: Uint8Array) {
    this.#prefix = prefix;
  }

  static random(s: Sodium): NonceSource {
    return new NonceSource(s.randombytes_buf(PREFIX_BYTES));
  }

  /** For tests that need reproducible nonces; never use a fixed prefix with a real key. */
  static fromPrefix(prefix: Uint8Array): NonceSource {
    expectLength(prefix, PREFIX_BYTES, 'nonce prefix');
    return new NonceSource(prefix.slice());
  }

  next(): Uint8Array {
    if (this.#counter >= MAX_COUNTER) throw new CryptoError('nonce-exhausted', 'start a new nonce source');
    this.#counter += 1;
    const nonce = new Uint8Array(NONCE_BYTES);
    nonce.set(this.#prefix, 0);
    new DataView(nonce.buffer).setBigUint64(PREFIX_BYTES, BigInt(this.#counter), false);
    return nonce;
  }
}
