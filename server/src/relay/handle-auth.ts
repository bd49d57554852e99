import { randomBytes } from 'node:crypto';
import { CHALLENGE_BYTES, ProtocolError, UPDATE_REQUIRED_CLOSE_CODE, outdatedSide, verifyChallenge } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';

/**
 * hello: the device names its key and its wire version; the relay answers with a fresh challenge
 * to sign, or, when it does not speak that version, with `update-required` and the range it
 * speaks, and closes the socket: retrying would only get the same answer.
 */
export function handleHello(ctx: RelayContext, conn: Connection, author: Uint8Array, version: number): void {
  if (conn.author) throw new ProtocolError('malformed', 'already authenticated');
  const outdated = outdatedSide(version, ctx.wireVersions);
  if (outdated) {
    const { min, max } = ctx.wireVersions;
    ctx.metrics.count('refusals_total', 1, 'update-required');
    ctx.log('conn.update-required', { conn: conn.id, version, min, max, outdated });
    conn.send({ type: 'update-required', min, max });
    conn.close(UPDATE_REQUIRED_CLOSE_CODE, 'update required');
    return;
  }
  const challenge = new Uint8Array(randomBytes(CHALLENGE_BYTES));
  conn.pending = { author, challenge };
  conn.send({ type: 'challenge', challenge });
}

/** auth: the signature over the challenge proves the device holds the key; then `ready`. */
export function handleAuth(ctx: RelayContext, conn: Connection, signature: Uint8Array): void {
  if (conn.author) throw new ProtocolError('malformed', 'already authenticated');
  const pending = conn.pending;
  if (!pending) throw new ProtocolError('not-authenticated', 'send hello first');
  // One attempt per challenge: a wrong signature needs a new hello, so guesses cost a round trip.
  conn.pending = null;
  if (!verifyChallenge(ctx.sodium, pending.challenge, signature, pending.author)) {
    throw new ProtocolError('bad-signature', 'auth signature does not match the hello key');
  }
  conn.author = pending.author;
  ctx.log('conn.ready', { conn: conn.id });
  conn.send({ type: 'ready' });
}
