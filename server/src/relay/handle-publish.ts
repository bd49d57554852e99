import { ProtocolError, verifyEnvelope, type VerifiedEnvelope } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { withPlanRef } from './error-ref.ts';
import { limitLogged } from './limit-hit.ts';
import { authorKeyOf } from './plan-key.ts';
import { publishPipelineOf } from './publish-pipeline.ts';

/** Shape, signature and authorship: what holds for every envelope from this connection. */
export function verifyOwnEnvelope(ctx: RelayContext, conn: Connection, bytes: Uint8Array): VerifiedEnvelope {
  const env = verifyEnvelope(ctx.sodium, bytes);
  const author = conn.author as Uint8Array;
  if (authorKeyOf(env.header.author) !== authorKeyOf(author)) {
    throw new ProtocolError('wrong-author', 'the envelope names another device than this connection');
  }
  return env;
}

/**
 * publish: check shape, signature and authorship now; membership, epoch, clock and the store
 * write happen in the plan's publish pipeline, which acks the sender and delivers to the other
 * subscribers only after the commit. The connection does not wait for the commit, so a device
 * can have many envelopes in flight. Never decrypts, never applies.
 */
export async function handlePublish(ctx: RelayContext, conn: Connection, bytes: Uint8Array): Promise<void> {
  const env = verifyOwnEnvelope(ctx, conn, bytes);
  if (bytes.length > ctx.limits.maxEnvelopeBytes) {
    // Checked after the signature, so the refusal can name its plan (the client's problem is per plan).
    limitLogged(ctx, 'envelope-too-large', { conn: conn.id, bytes: bytes.length, limit: ctx.limits.maxEnvelopeBytes });
    const max = ctx.limits.maxEnvelopeBytes;
    return withPlanRef(env.header.planId, () => Promise.reject(new ProtocolError('too-large', `envelopes are at most ${max} bytes`)));
  }
  if (env.header.kind === 'presence') throw new ProtocolError('malformed', 'presence goes in a presence frame');
  publishPipelineOf(ctx).submit(conn, env);
}
