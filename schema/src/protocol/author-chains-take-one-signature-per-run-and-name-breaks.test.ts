import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { generateDeviceKeys, generateEpochKey, generatePlanId, NonceSource, ready, toBase64Url, type KeyPair } from '../crypto/index.ts';
import { authenticateRuns, linkToHead, verifyRuns, type ChainHead } from './author-chain.ts';
import { decodeEnvelope, envelopeHash, sealEnvelope } from './envelope.ts';
import { encodeEnvelopeHeader } from './envelope-header.ts';
import { sealedChain } from './testing/sealed-chain.ts';

const s = await ready();
const planId = generatePlanId(s);
const key = generateEpochKey(s);
const nonces = NonceSource.random(s);
const alice = generateDeviceKeys(s).sign;
const bram = generateDeviceKeys(s).sign;
const text = (n: number) => new TextEncoder().encode(`wijziging ${n}`);

/** `count` chained updates of `author` from clock `from`, the first naming `prev`. */
const chain = (author: KeyPair, count: number, from = 1, prev: Uint8Array | null = null): Uint8Array[] =>
  sealedChain(s, { planId, key, nonces }, author, count, { from, prev, payload: text });

function assemble(header: Uint8Array, ciphertext: Uint8Array, signature: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint8Array(e, header);
  encoding.writeVarUint8Array(e, ciphertext);
  encoding.writeVarUint8Array(e, signature);
  return encoding.toUint8Array(e);
}

/** The same envelope with one ciphertext byte flipped and its signature kept. */
function tampered(env: Uint8Array): Uint8Array {
  const d = decodeEnvelope(env);
  const ciphertext = d.ciphertext.slice();
  ciphertext[0]! ^= 1;
  return assemble(d.headerBytes, ciphertext, d.signature);
}

const codes = (verdicts: { ok: boolean; code?: string }[]) => verdicts.map((v) => (v.ok ? 'ok' : v.code));
const none = new Map<string, ChainHead>();

describe('author chains', () => {
  it('a run of 200 updates is authenticated by one signature check, and two interleaved authors by two', () => {
    const a = chain(alice, 200);
    const one = verifyRuns(s, a, none);
    expect(one.signaturesChecked).toBe(1);
    expect(codes(one.verdicts).every((c) => c === 'ok')).toBe(true);
    expect(one.heads.get(toBase64Url(alice.publicKey))).toEqual({ clock: 200, hash: envelopeHash(s, a[199]!) });
    expect(one.problems).toEqual([]);

    const b = chain(bram, 100);
    const mixed = a.slice(0, 100).flatMap((env, i) => [env, b[i]!]);
    const two = verifyRuns(s, mixed, none);
    expect(two.signaturesChecked).toBe(2);
    expect(codes(two.verdicts).every((c) => c === 'ok')).toBe(true);
  });

  it('a run continues from a known head (the hash of what the reader applied last) across batches', () => {
    const a = chain(alice, 20);
    const first = verifyRuns(s, a.slice(0, 8), none);
    const second = verifyRuns(s, a.slice(8), first.heads);
    expect(codes(second.verdicts).every((c) => c === 'ok')).toBe(true);
    expect(second.heads.get(toBase64Url(alice.publicKey))!.clock).toBe(20);
  });

  it('a tampered middle envelope is refused and nothing after it is applied: the rest waits behind a named gap', () => {
    const a = chain(alice, 10);
    const batch = [...a];
    batch[4] = tampered(a[4]!);
    const r = verifyRuns(s, batch, none);
    expect(codes(r.verdicts)).toEqual(['ok', 'ok', 'ok', 'ok', 'bad-signature', 'clock-gap', 'clock-gap', 'clock-gap', 'clock-gap', 'clock-gap']);
    expect(r.heads.get(toBase64Url(alice.publicKey))!.clock).toBe(4);
    expect(r.problems.filter((p) => p.code === 'clock-gap').every((p) => toBase64Url(p.author!) === toBase64Url(alice.publicKey))).toBe(true);
    // The tampered one breaks the links on both sides: the two halves are checked by their own newest signatures.
    expect(r.signaturesChecked).toBe(3);
  });

  it('a gap (an envelope held back) is named for its author and nothing after it is applied', () => {
    const a = chain(alice, 6);
    const r = verifyRuns(s, [a[0]!, a[1]!, a[2]!, a[4]!, a[5]!], none);
    expect(codes(r.verdicts)).toEqual(['ok', 'ok', 'ok', 'clock-gap', 'clock-gap']);
    expect(r.problems.map((p) => p.code)).toEqual(['clock-gap', 'clock-gap']);
    expect(toBase64Url(r.problems[0]!.author!)).toBe(toBase64Url(alice.publicKey));
  });

  it('a fork (two envelopes signed on the same previous one) is named for its author; the second branch is not applied', () => {
    const trunk = chain(alice, 2);
    const prev = envelopeHash(s, trunk[1]!);
    const left = chain(alice, 2, 3, prev);
    const right = chain(alice, 2, 3, prev);
    const r = verifyRuns(s, [...trunk, ...left, ...right], none);
    expect(codes(r.verdicts)).toEqual(['ok', 'ok', 'ok', 'ok', 'chain-fork', 'chain-fork']);
    expect(r.problems.map((p) => [p.code, toBase64Url(p.author!)])).toEqual([
      ['chain-fork', toBase64Url(alice.publicKey)],
      ['chain-fork', toBase64Url(alice.publicKey)],
    ]);
    // Against a head from an earlier batch too: the next envelope names another history.
    const later = verifyRuns(s, right, new Map([[toBase64Url(alice.publicKey), { clock: 2, hash: envelopeHash(s, chain(alice, 2)[1]!) }]]));
    expect(codes(later.verdicts)).toEqual(['chain-fork', 'clock-gap']);
    expect(linkToHead({ clock: 3, hash: envelopeHash(s, left[0]!) }, decodeEnvelope(right[0]!).header, envelopeHash(s, right[0]!))).toBe('chain-fork');
  });

  it("a splice of another author's envelope into a run is not vouched for by the run: it holds on its own signature or not at all", () => {
    const a = chain(alice, 4);
    const b = chain(bram, 3);
    // The relay relabels Bram's third envelope as Alice's third (header rewritten, Bram's ciphertext and signature kept).
    const bd = decodeEnvelope(b[2]!);
    const aliceThird = decodeEnvelope(a[2]!).header;
    const relabelled = assemble(encodeEnvelopeHeader({ ...bd.header, author: alice.publicKey, prev: aliceThird.prev }), bd.ciphertext, bd.signature);
    const r = verifyRuns(s, [a[0]!, a[1]!, relabelled, a[3]!], none);
    expect(codes(r.verdicts)).toEqual(['ok', 'ok', 'bad-signature', 'clock-gap']);

    // A hostile Alice names an envelope "of Bram" (forged by her, Bram's key, her signature bytes) as her previous one:
    // the link crosses authors, so her signature does not vouch for it.
    const forgedBram = assemble(decodeEnvelope(b[0]!).headerBytes, bd.ciphertext, decodeEnvelope(a[0]!).signature);
    const hers = sealEnvelope(s, { planId, epoch: 0, author: alice, clock: 2, kind: 'update', logPosition: 1, prev: envelopeHash(s, forgedBram) }, key, text(2), nonces);
    const auth = authenticateRuns(s, [forgedBram, hers]);
    expect(auth.results.map((x) => (x.ok ? x.by : x.code))).toEqual(['bad-signature', 'signature']);
  });

  it('a withheld newest envelope leaves no unauthenticated tail: the newest one delivered is checked itself', () => {
    const a = chain(alice, 6);
    // The relay withholds the sixth and sends a fifth with a forged signature: only 1-4 are applied.
    const forgedFifth = (() => {
      const d = decodeEnvelope(a[4]!);
      const sig = d.signature.slice();
      sig[10]! ^= 0xff;
      return assemble(d.headerBytes, d.ciphertext, sig);
    })();
    const r = verifyRuns(s, [a[0]!, a[1]!, a[2]!, a[3]!, forgedFifth], none);
    expect(codes(r.verdicts)).toEqual(['ok', 'ok', 'ok', 'ok', 'bad-signature']);
    expect(r.signaturesChecked).toBe(2);
    // Withheld without forgery: what was delivered is authenticated by its own newest signature.
    const honestPart = verifyRuns(s, a.slice(0, 5), none);
    expect(codes(honestPart.verdicts).every((c) => c === 'ok')).toBe(true);
    expect(honestPart.verdicts[4]).toMatchObject({ by: 'signature' });
  });

  it('a restart (a later clock without a link) is accepted and named; old versions are verified one by one; a resend is one verdict', () => {
    const a = chain(alice, 3);
    const restarted = chain(alice, 2, 4, null);
    const r = verifyRuns(s, [...a, ...restarted], none);
    expect(codes(r.verdicts)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(r.problems.map((p) => p.code)).toEqual(['chain-restart']);

    const v3 = [1, 2, 3].map((clock) => sealEnvelope(s, { planId, epoch: 0, author: alice, clock, kind: 'update', logPosition: 1 }, key, text(clock), nonces));
    expect(verifyRuns(s, v3, none).signaturesChecked).toBe(3);

    const again = verifyRuns(s, [a[0]!, a[1]!, a[1]!], none);
    expect(codes(again.verdicts)).toEqual(['ok', 'ok', 'replayed']);
    expect(again.signaturesChecked).toBe(1);
  });
});
