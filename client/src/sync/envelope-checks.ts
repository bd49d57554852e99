import { constantTimeEqual, type Sodium } from '@safeplan/schema/crypto';
import {
  envelopeHash,
  isProtocolError,
  keyId,
  linkToHead,
  openEnvelope,
  verifyEnvelope,
  type Authentication,
  type Channel,
  type StandingProblem,
  type VerifiedEnvelope,
} from '@safeplan/schema/protocol';
import { decodeSnapshotContent, type SnapshotContent } from './snapshot-content.ts';

/** What a client needs to know to judge an incoming envelope. */
export interface CheckContext {
  planId: Uint8Array;
  /**
   * The epoch key if `author` may write `channel` under `epoch` (null: presence, which any member
   * may send); 'not-allowed' for a member whose role may not write that channel; undefined for
   * a non-member; 'no-key' when this device lacks the key.
   */
  keyFor(author: Uint8Array, epoch: number, channel: Channel | null): Uint8Array | undefined | 'no-key' | 'not-allowed';
  /** Highest update clock applied per author (base64url); null skips the clock check (reloading own store). */
  clocks: ReadonlyMap<string, number> | null;
  /**
   * The hash of the author's envelope at their clock in `clocks` (docs/protocol.md "Author
   * chains"), null if this device holds that clock without its envelope. Absent: links are not
   * compared (only with `clocks` null, or in tools).
   */
  headHash?(author: string): Uint8Array | null;
  /**
   * Whether the author could still write this at the log position it names (writeStanding):
   * null if so. Refuses what a device wrote after the event that removed it or took the channel
   * from its person, whatever the relay delivers; and an update whose `clock` is above the cap
   * such an event set for its author, whatever position it names.
   */
  standing(author: Uint8Array, epoch: number, channel: Channel | null, logPosition: number | undefined, clock?: number): StandingProblem | null;
}

export type CheckedEnvelope =
  | { kind: 'update'; author: string; clock: number; channel: Channel; plaintext: Uint8Array; env: VerifiedEnvelope }
  | { kind: 'snapshot'; author: string; coversUpTo: number; content: SnapshotContent; env: VerifiedEnvelope }
  | { kind: 'presence'; author: string; plaintext: Uint8Array; env: VerifiedEnvelope };

export type CheckCode =
  | 'malformed'
  | 'bad-signature'
  | 'cross-plan'
  | 'not-a-member'
  | 'not-allowed'
  | 'no-epoch-key'
  | 'replayed'
  | 'clock-gap'
  | 'chain-fork'
  | 'tampered'
  | 'written-after-removal'
  | 'written-after-demotion'
  | 'log-position';

/** Stands in for a hash linkToHead will not read (see there). */
const NOT_NEEDED = new Uint8Array(0);

const STANDING_CODES: Record<StandingProblem, CheckCode> = {
  'not-a-member': 'not-a-member',
  'not-allowed': 'not-allowed',
  'after-removal': 'written-after-removal',
  'after-demotion': 'written-after-demotion',
  'log-position': 'log-position',
};

export class CheckError extends Error {
  /** The envelope's author, when the refusal is about what that device may write. */
  constructor(
    readonly code: CheckCode,
    readonly author?: Uint8Array,
  ) {
    super(code);
  }
}

/**
 * Every check of docs/protocol.md "Client checks", in its order. Nothing is applied by the caller
 * unless this returns; it never throws anything but CheckError. `authenticated`: what run
 * verification (author-chain.ts) found for exactly these bytes; without it the signature is
 * verified here, one by one.
 */
export function checkEnvelope(s: Sodium, bytes: Uint8Array, ctx: CheckContext, authenticated?: Authentication): CheckedEnvelope {
  let env: VerifiedEnvelope;
  let hash: Uint8Array | null = null;
  if (authenticated) {
    if (!authenticated.ok) throw new CheckError(authenticated.code);
    env = authenticated.env;
    hash = authenticated.hash;
  } else {
    try {
      env = verifyEnvelope(s, bytes);
    } catch (err) {
      throw new CheckError(isProtocolError(err, 'bad-signature') ? 'bad-signature' : 'malformed');
    }
  }
  const h = env.header;
  // From here on the signature holds: every refusal names its author (whom the warning concerns).
  if (!constantTimeEqual(h.planId, ctx.planId)) throw new CheckError('cross-plan', h.author);
  // The relay enforces the channel too, but a client trusts no relay with who may write what.
  const key = ctx.keyFor(h.author, h.epoch, h.kind === 'presence' ? null : h.channel);
  if (key === undefined) throw new CheckError('not-a-member', h.author);
  if (key === 'not-allowed') throw new CheckError('not-allowed', h.author);
  const standing = ctx.standing(h.author, h.epoch, h.kind === 'presence' ? null : h.channel, h.logPosition, h.kind === 'update' ? h.clock : undefined);
  if (standing) throw new CheckError(STANDING_CODES[standing], h.author);
  if (key === 'no-key') throw new CheckError('no-epoch-key', h.author);
  const author = keyId(h.author);
  if (h.kind === 'update' && ctx.clocks) {
    const last = ctx.clocks.get(author) ?? 0;
    // Hashes only what a comparison needs: the head's for a link or a same-clock envelope, this
    // one's only at the head's clock (linkToHead reads nothing else).
    const headHash = h.prev === undefined && h.clock !== last ? null : (ctx.headHash?.(author) ?? null);
    const own = hash ?? (h.clock === last && headHash ? envelopeHash(s, env.bytes) : NOT_NEEDED);
    const link = linkToHead({ clock: last, hash: headHash }, h, own);
    // A restart is accepted: signed by the author, at the next clock (docs/threat-model.md).
    if (link !== 'next' && link !== 'restart') throw new CheckError(link, h.author);
  }
  let plaintext: Uint8Array;
  try {
    plaintext = openEnvelope(s, env, key);
  } catch {
    throw new CheckError('tampered', h.author);
  }
  if (h.kind === 'update') return { kind: 'update', author, clock: h.clock, channel: h.channel, plaintext, env };
  if (h.kind === 'presence') return { kind: 'presence', author, plaintext, env };
  try {
    return { kind: 'snapshot', author, coversUpTo: h.coversUpTo ?? 0, content: decodeSnapshotContent(plaintext), env };
  } catch {
    // Signed and decrypted, yet not a snapshot: a member wrote garbage. Refuse it the same way.
    throw new CheckError('tampered', h.author);
  }
}
