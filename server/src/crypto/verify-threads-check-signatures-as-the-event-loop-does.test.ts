import { describe, expect, it } from 'vitest';
import { ready, type Sodium } from '@safeplan/schema/crypto';
import { createMemoryLogger } from '../log.ts';
import { createVerifyPool, type VerifyPool } from './verify-pool.ts';
import { seededRandom, testSeed } from '../../../schema/src/protocol/testing/seeded-random.ts';

// Printed in the describe name; replay with SAFEPLAN_SEED.
const SEED = testSeed();

const bytesOf = (next: () => number, n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));

interface Case {
  what: string;
  signature: Uint8Array;
  publicKey: Uint8Array;
  parts: Uint8Array[];
  /** libsodium's own answer over the joined parts. */
  expected: boolean;
}

/** Valid signatures and each way of breaking one, the message split into parts at random. */
function casesOf(s: Sodium, next: () => number, rounds: number): Case[] {
  const cases: Case[] = [];
  for (let round = 0; round < rounds; round++) {
    const keys = s.crypto_sign_seed_keypair(bytesOf(next, 32));
    const message = bytesOf(next, 1 + Math.floor(next() * 400));
    const signature = s.crypto_sign_detached(message, keys.privateKey);
    const flip = (b: Uint8Array) => {
      const out = b.slice();
      const i = Math.floor(next() * out.length);
      out[i] = (out[i] as number) ^ (1 << Math.floor(next() * 8));
      return out;
    };
    const variants: [string, Uint8Array, Uint8Array, Uint8Array][] = [
      ['valid', signature, message, keys.publicKey],
      ['signature bit flipped', flip(signature), message, keys.publicKey],
      ['message bit flipped', signature, flip(message), keys.publicKey],
      ['key bit flipped', signature, message, flip(keys.publicKey)],
      ['small-order key', signature, message, new Uint8Array(32)],
      ['short signature', signature.subarray(0, 63), message, keys.publicKey],
    ];
    for (const [what, sig, msg, key] of variants) {
      const cut = Math.floor(next() * msg.length);
      const cut2 = cut + Math.floor(next() * (msg.length - cut));
      let expected: boolean;
      try {
        expected = s.crypto_sign_verify_detached(sig, msg, key);
      } catch {
        expected = false;
      }
      cases.push({ what, signature: sig, publicKey: key, parts: [msg.subarray(0, cut), msg.subarray(cut, cut2), msg.subarray(cut2)], expected });
    }
  }
  return cases;
}

const verifyAll = (pool: VerifyPool, cases: Case[]) => Promise.all(cases.map((c) => pool.verify(c.signature, c.publicKey, c.parts)));
const summary = (cases: Case[], results: boolean[]) => cases.map((c, i) => `${c.what}: ${results[i]}`);

describe(`verify threads check signatures as the event loop does (seed ${SEED})`, () => {
  it('accept and refuse exactly what libsodium does, a whole batch at once, over a message in parts', async () => {
    const s = await ready();
    const cases = casesOf(s, seededRandom(SEED), 30);
    expect(cases.filter((c) => c.expected).length).toBe(30);
    // Inline; on one or two threads; threads present but the batch below their minimum (inline).
    for (const [threads, minBatch] of [[0, 8], [1, 1], [2, 1], [1, 10_000]] as const) {
      const pool = createVerifyPool(threads, createMemoryLogger().log, minBatch);
      try {
        expect(summary(cases, await verifyAll(pool, cases))).toEqual(summary(cases, cases.map((c) => c.expected)));
      } finally {
        await pool.close();
      }
    }
  });

  it('check on the event loop what a dead thread did not answer, and everything after: none is taken as valid', async () => {
    const s = await ready();
    const cases = casesOf(s, seededRandom(SEED + 1), 300);
    const { log, lines } = createMemoryLogger();
    const pool = createVerifyPool(1, log);
    try {
      const answers = verifyAll(pool, cases);
      // The batch is sent after this turn; the thread dies while it works through ~1,800 checks.
      await new Promise((resolve) => setImmediate(resolve));
      await pool.crash();
      expect(summary(cases, await answers)).toEqual(summary(cases, cases.map((c) => c.expected)));
      expect(lines.some((l) => l.includes('"verify.thread-stopped"'))).toBe(true);
      const later = cases.slice(0, 12);
      expect(summary(later, await verifyAll(pool, later))).toEqual(summary(later, later.map((c) => c.expected)));
    } finally {
      await pool.close();
    }
  });
});
