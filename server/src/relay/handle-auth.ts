import { randomBytes } from 'node:crypto';
import { CHALLENGE_BYTES, ProtocolError, verifyChallenge } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';

/** hello: the device names its key; the relay answers with a fresh challenge to sign. */
export function handleHello(ctx: RelayContext, conn: Connection, author: Uint8Array): void {
  if (conn.author) throw new ProtocolError('malformed', 'already authenticated');
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
