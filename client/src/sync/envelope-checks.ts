import { constantTimeEqual, toBase64Url, type Sodium } from '@safeplan/schema/crypto';
import { isProtocolError, openEnvelope, verifyEnvelope, type Channel, type VerifiedEnvelope } from '@safeplan/schema/protocol';
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
  | 'tampered';

export class CheckError extends Error {
  constructor(
    readonly code: CheckCode,
    /** The signing author (base64url) once the signature held: whom the refusal concerns. */
    readonly author?: string,
  ) {
    super(code);
  }
}

/**
 * Every check of docs/protocol.md "Client checks", in its order. Nothing is applied by the caller
 * unless this returns; it never throws anything but CheckError.
 */
export function checkEnvelope(s: Sodium, bytes: Uint8Array, ctx: CheckContext): CheckedEnvelope {
  let env: VerifiedEnvelope;
  try {
    env = verifyEnvelope(s, bytes);
  } catch (err) {
    throw new CheckError(isProtocolError(err, 'bad-signature') ? 'bad-signature' : 'malformed');
  }
  const h = env.header;
  const author = toBase64Url(h.author);
  if (!constantTimeEqual(h.planId, ctx.planId)) throw new CheckError('cross-plan', author);
  // The relay enforces the channel too, but a client trusts no relay with who may write what.
  const key = ctx.keyFor(h.author, h.epoch, h.kind === 'presence' ? null : h.channel);
  if (key === undefined) throw new CheckError('not-a-member', author);
  if (key === 'not-allowed') throw new CheckError('not-allowed', author);
  if (key === 'no-key') throw new CheckError('no-epoch-key', author);
  if (h.kind === 'update' && ctx.clocks) {
    const last = ctx.clocks.get(author) ?? 0;
    if (h.clock <= last) throw new CheckError('replayed', author);
    if (h.clock > last + 1) throw new CheckError('clock-gap', author);
  }
  let plaintext: Uint8Array;
  try {
    plaintext = openEnvelope(s, env, key);
  } catch {
    throw new CheckError('tampered', author);
  }
  if (h.kind === 'update') return { kind: 'update', author, clock: h.clock, channel: h.channel, plaintext, env };
  if (h.kind === 'presence') return { kind: 'presence', author, plaintext, env };
  try {
    return { kind: 'snapshot', author, coversUpTo: h.coversUpTo ?? 0, content: decodeSnapshotContent(plaintext), env };
  } catch {
    // Signed and decrypted, yet not a snapshot: a member wrote garbage. Refuse it the same way.
    throw new CheckError('tampered', author);
  }
}
