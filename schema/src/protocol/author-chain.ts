import { constantTimeEqual, toBase64Url, type Sodium } from '../crypto/index.ts';
import { decodeEnvelope, envelopeHash, signatureHolds, type VerifiedEnvelope } from './envelope.ts';
import type { EnvelopeHeader } from './envelope-header.ts';

/**
 * Author chains (docs/protocol.md "Author chains"): every update envelope of header version 4
 * names the hash of its author's update envelope with the clock before it. One verified signature
 * on the newest envelope of a contiguous run therefore vouches for the exact bytes of every
 * envelope before it in the run, and the rest cost a BLAKE2b hash each. Every envelope is still
 * signed by its author (so each one shown alone is attributable); only the checking is batched.
 *
 * Two steps, both pure:
 * - `authenticateRuns`: which envelopes of a batch are the author's own bytes. Independent of
 *   what the reader holds: a signature or a chain of hashes up to a verified signature.
 * - `linkToHead`: whether an authenticated update continues what the reader holds of its author
 *   (the head: their last applied clock and that envelope's hash): next, replayed, a gap or a fork.
 * `verifyRuns` does both for a batch in order, for callers that hold nothing else (tests, benches).
 */

/** What a reader holds of one author's chain: the last applied update clock and that envelope's hash. */
export interface ChainHead {
  clock: number;
  /** Null when the clock is known without its envelope (a version 1-3 snapshot table): no link check then. */
  hash: Uint8Array | null;
}

/** How an envelope of a batch came to be trusted as its author's bytes. */
export type Authentication =
  | { ok: true; env: VerifiedEnvelope; hash: Uint8Array; by: 'signature' | 'chain' }
  | { ok: false; code: 'malformed' | 'bad-signature'; author?: Uint8Array };

export interface AuthenticatedBatch {
  /** One per input envelope, in input order. */
  results: Authentication[];
  /** Ed25519 verifications spent (for benches and tests: one per run, not one per envelope). */
  signaturesChecked: number;
}

/**
 * Keys the batch's map by hash: one char per byte (a flat 32-char string), ~7 x faster than
 * base64url for 20,000 envelopes; internal to a batch, never shown or stored.
 */
const key = (hash: Uint8Array): string => String.fromCharCode.apply(null, hash as unknown as number[]);

/**
 * Authenticates a batch with as few signature checks as the chains allow. Newest first: an
 * envelope not yet vouched for has its own signature checked; if it holds, its `prev` links are
 * followed back through the batch, each linked envelope being vouched for by that signature, as
 * long as the link names an update of the same author at the clock right before. A link to
 * another author's envelope or to another position (a splice) is not followed: that envelope
 * must hold on its own signature. An envelope whose signature fails and that no verified
 * envelope links to is refused, so a withheld newest envelope or a forged tail costs at most
 * individual checks, never an unauthenticated envelope.
 */
export function authenticateRuns(s: Sodium, envelopes: readonly Uint8Array[]): AuthenticatedBatch {
  // Live, a batch is one envelope: its own signature, without the bookkeeping of runs.
  if (envelopes.length === 1) return authenticateOne(s, envelopes[0]!);
  // Filled by push, in order: a packed array (a preallocated one written from the end is slow in V8).
  const results: (Authentication | undefined)[] = [];
  const decoded: (VerifiedEnvelope | null)[] = [];
  const hashes: (Uint8Array | null)[] = [];
  /** The first index with each hash: the same bytes sent twice get one verdict. */
  const byHash = new Map<string, number>();
  for (let i = 0; i < envelopes.length; i++) {
    let env: VerifiedEnvelope | null = null;
    try {
      env = decodeEnvelope(envelopes[i]!);
      results.push(undefined);
    } catch {
      results.push({ ok: false, code: 'malformed' });
    }
    decoded.push(env);
    const h = env ? envelopeHash(s, env.bytes) : null;
    hashes.push(h);
    if (h && !byHash.has(key(h))) byHash.set(key(h), i);
  }
  let signaturesChecked = 0;
  const vouch = (i: number, by: 'signature' | 'chain') => {
    results[i] = { ok: true, env: decoded[i]!, hash: hashes[i]!, by };
  };
  for (let i = envelopes.length - 1; i >= 0; i--) {
    // Copies of the same bytes are judged once, at their first index (filled in below).
    if (results[i] !== undefined || byHash.get(key(hashes[i]!)) !== i) continue;
    const env = decoded[i]!;
    signaturesChecked++;
    if (!signatureHolds(s, env)) {
      results[i] = { ok: false, code: 'bad-signature' };
      continue;
    }
    vouch(i, 'signature');
    // Follow the run back: every link is a hash the author signed (directly or through later links).
    let j = i;
    for (;;) {
      const prev = decoded[j]!.header.prev;
      if (!prev) break;
      const k = byHash.get(key(prev));
      if (k === undefined) break;
      const before = decoded[k];
      // Already judged (vouched for, or refused on its own signature): a refusal is not overridden.
      if (!before || results[k] !== undefined) break;
      if (!continues(before.header, decoded[j]!.header)) break;
      vouch(k, 'chain');
      j = k;
    }
  }
  // Duplicates met before their first copy was judged take its verdict now.
  for (let i = 0; i < envelopes.length; i++) {
    if (results[i] === undefined) results[i] = results[byHash.get(key(hashes[i]!))!];
  }
  return { results: results as Authentication[], signaturesChecked };
}

/** authenticateRuns for a batch of one: the same verdict, the same hash, one signature check. */
function authenticateOne(s: Sodium, envelope: Uint8Array): AuthenticatedBatch {
  let env: VerifiedEnvelope;
  try {
    env = decodeEnvelope(envelope);
  } catch {
    return { results: [{ ok: false, code: 'malformed' }], signaturesChecked: 0 };
  }
  if (!signatureHolds(s, env)) return { results: [{ ok: false, code: 'bad-signature' }], signaturesChecked: 1 };
  return { results: [{ ok: true, env, hash: envelopeHash(s, env.bytes), by: 'signature' }], signaturesChecked: 1 };
}

/** Whether `before` is where a link from `after` may lead: same author, an update, the clock right before. */
function continues(before: EnvelopeHeader, after: EnvelopeHeader): boolean {
  return before.kind === 'update' && before.clock === after.clock - 1 && constantTimeEqual(before.author, after.author);
}

/**
 * Where an authenticated update stands against what the reader holds of its author:
 * - `next`: clock right after the head and (when both sides have one) `prev` names the head.
 * - `restart`: clock right after the head, no link although one was possible: the author's device
 *   lost its previous envelope and says so, signed. Accepted; the caller may note it.
 * - `replayed`: this very envelope (or an older clock) again.
 * - `clock-gap`: envelopes before it are missing (held back or lost).
 * - `chain-fork`: the author signed two histories: a different envelope at the head's clock, or a
 *   next envelope that names something else than the head. Never applied; the author is named.
 */
export type Link = 'next' | 'restart' | 'replayed' | 'clock-gap' | 'chain-fork';

/** `hash` (the envelope's chain hash) is read only at the head's clock, when the head has one. */
export function linkToHead(head: ChainHead | undefined, header: EnvelopeHeader, hash: Uint8Array): Link {
  const last = head?.clock ?? 0;
  if (header.clock <= last) {
    if (header.clock !== last) return 'replayed';
    return head?.hash && !constantTimeEqual(head.hash, hash) ? 'chain-fork' : 'replayed';
  }
  if (header.clock > last + 1) return 'clock-gap';
  // Versions 1-3 carry no link, and a head known without its envelope cannot be compared.
  if (header.prev === undefined) return 'next';
  if (header.prev === null) return header.clock === 1 ? 'next' : 'restart';
  if (!head?.hash) return 'next';
  return constantTimeEqual(head.hash, header.prev) ? 'next' : 'chain-fork';
}

/** A named problem in a batch: what the reader warns about, and whose chain it concerns. */
export interface ChainProblem {
  code: 'bad-signature' | 'malformed' | 'clock-gap' | 'chain-fork' | 'chain-restart';
  /** The author concerned (absent when the envelope could not even be read). */
  author?: Uint8Array;
  /** Index of the envelope in the batch. */
  index: number;
}

export type RunVerdict =
  | { ok: true; env: VerifiedEnvelope; hash: Uint8Array; by: 'signature' | 'chain' }
  | { ok: false; code: 'malformed' | 'bad-signature' | 'replayed' | 'clock-gap' | 'chain-fork'; author?: Uint8Array };

/**
 * Authenticates a batch and links each update, in batch order, to the heads (keyed by the
 * author's base64url key); an `ok` verdict means: authentic and the next of its author, to be
 * applied in this order. Snapshots and presence are authenticated (each by its own signature)
 * but not linked: what a snapshot does to the heads depends on its content, which the caller opens.
 * Returns the heads after the batch (a copy) and every problem with the author it concerns.
 */
export function verifyRuns(
  s: Sodium,
  envelopes: readonly Uint8Array[],
  knownHeads: ReadonlyMap<string, ChainHead>,
): { verdicts: RunVerdict[]; heads: Map<string, ChainHead>; problems: ChainProblem[]; signaturesChecked: number } {
  const { results, signaturesChecked } = authenticateRuns(s, envelopes);
  const heads = new Map(knownHeads);
  const problems: ChainProblem[] = [];
  /** What this batch applied at each author:clock, so a second branch below the head is named too. */
  const applied = new Map<string, Uint8Array>();
  const verdicts = results.map((r, index): RunVerdict => {
    if (!r.ok) {
      problems.push({ code: r.code, index });
      return r;
    }
    const h = r.env.header;
    if (h.kind !== 'update') return r;
    const author = toBase64Url(h.author);
    let link = linkToHead(heads.get(author), h, r.hash);
    const sameClock = applied.get(`${author}:${h.clock}`);
    if (link === 'replayed' && sameClock && !constantTimeEqual(sameClock, r.hash)) link = 'chain-fork';
    if (link === 'replayed') return { ok: false, code: 'replayed', author: h.author };
    if (link === 'clock-gap' || link === 'chain-fork') {
      problems.push({ code: link, author: h.author, index });
      return { ok: false, code: link, author: h.author };
    }
    if (link === 'restart') problems.push({ code: 'chain-restart', author: h.author, index });
    heads.set(author, { clock: h.clock, hash: r.hash });
    applied.set(`${author}:${h.clock}`, r.hash);
    return r;
  });
  return { verdicts, heads, problems, signaturesChecked };
}
