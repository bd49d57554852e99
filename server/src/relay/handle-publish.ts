import {
  CLIENT_FRAME_TYPES,
  decodeEnvelope,
  envelopeSignedParts,
  MAX_FRAME_BYTES,
  ProtocolError,
  verifyEnvelope,
  type VerifiedEnvelope,
} from '@safeplan/schema/protocol';
import { constantTimeEqual } from '@safeplan/schema/crypto';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { withPlanRef } from './error-ref.ts';
import { limitLogged } from './limit-hit.ts';
import { publishPipelineOf } from './publish-pipeline.ts';

/** Shape, signature and authorship: what holds for every envelope from this connection. */
export function verifyOwnEnvelope(ctx: RelayContext, conn: Connection, bytes: Uint8Array): VerifiedEnvelope {
  const env = verifyEnvelope(ctx.sodium, bytes);
  const author = conn.author as Uint8Array;
  if (!constantTimeEqual(env.header.author, author)) {
    throw new ProtocolError('wrong-author', 'the envelope names another device than this connection');
  }
  return env;
}

/** A publish frame as read off the socket: decoded, its envelope's signature check already under way. */
export interface EarlyPublish {
  envelope: Uint8Array;
  env: VerifiedEnvelope;
  holds: Promise<boolean>;
}

/**
 * Starts the signature check of a publish frame the moment it is read, before the connection's
 * earlier frames are handled: every frame read in one event-loop turn then goes to the verify
 * threads in one batch (ctx.verifier), a connection's burst included, while the frames are still
 * handled one by one, in order. Null when there is nothing to start (no verify threads, not a
 * publish, not logged in, malformed, another author): the frame is then handled as before and
 * refused with the same error as before.
 */
export function startPublishCheck(ctx: RelayContext, conn: Connection, bytes: Uint8Array): EarlyPublish | null {
  const verifier = ctx.verifier;
  const author = conn.author;
  if (!verifier || !author || bytes[0] !== PUBLISH_FRAME) return null;
  const envelope = publishedEnvelope(bytes);
  if (!envelope || envelope.length > largestEnvelope(ctx.limits)) return null;
  try {
    // Copies every field it keeps (env.bytes too), so `envelope` may stay a view into the frame.
    const env = decodeEnvelope(envelope);
    if (!constantTimeEqual(env.header.author, author)) return null;
    const holds = verifier.verify(env.signature, env.header.author, envelopeSignedParts(env));
    return { envelope: env.bytes, env, holds };
  } catch {
    return null;
  }
}

/**
 * The envelope of a well-formed publish frame (type 4, varuint length, exactly that many bytes) as
 * a view, without decodeClientFrame's copy; null for anything else (decodeClientFrame then says why).
 */
function publishedEnvelope(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length > MAX_FRAME_BYTES) return null;
  let length = 0;
  let at = 1;
  for (let shift = 1; ; shift *= 128) {
    const b = bytes[at++];
    if (b === undefined || at > 9) return null;
    length += (b & 127) * shift;
    if (b < 128) break;
  }
  return length === bytes.length - at ? bytes.subarray(at) : null;
}

/**
 * What a `deliver` frame adds around its envelope: the type, the plan id with its length, the seq
 * (a varuint of at most 8 bytes below 2^53) and the envelope's length (3 bytes below 2 MiB).
 */
export const DELIVER_FRAME_OVERHEAD = 1 + 1 + 16 + 8 + 3;

/**
 * The largest envelope the relay stores: within `maxEnvelopeBytes`, and never one whose `deliver`
 * frame a client cannot decode (over MAX_FRAME_BYTES). A publish frame adds only 4 bytes, so
 * without this an envelope of the last 25 bytes below 1 MiB (or any above it, with a raised
 * SAFEPLAN_MAX_ENVELOPE_BYTES) was acked and stored, yet skipped as too large by every device: the
 * change never arrived, and each later one of its author waited behind it as a clock gap.
 */
export function largestEnvelope(limits: Pick<RelayContext['limits'], 'maxEnvelopeBytes'>): number {
  return Math.min(limits.maxEnvelopeBytes, MAX_FRAME_BYTES - DELIVER_FRAME_OVERHEAD);
}

/** The publish frame's type byte (a one-byte varuint). */
const PUBLISH_FRAME = CLIENT_FRAME_TYPES.publish;

/** Shape, signature (on the verify threads when there are any) and authorship, as verifyOwnEnvelope. */
async function checkOwnEnvelope(ctx: RelayContext, conn: Connection, bytes: Uint8Array, early?: EarlyPublish): Promise<VerifiedEnvelope> {
  if (early) {
    if (!(await early.holds)) throw new ProtocolError('bad-signature', 'envelope signature does not match its author');
    return early.env;
  }
  if (!ctx.verifier) return verifyOwnEnvelope(ctx, conn, bytes);
  const env = decodeEnvelope(bytes);
  if (!(await ctx.verifier.verify(env.signature, env.header.author, envelopeSignedParts(env)))) {
    throw new ProtocolError('bad-signature', 'envelope signature does not match its author');
  }
  if (!constantTimeEqual(env.header.author, conn.author as Uint8Array)) {
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
export async function handlePublish(ctx: RelayContext, conn: Connection, bytes: Uint8Array, early?: EarlyPublish): Promise<void> {
  const env = await checkOwnEnvelope(ctx, conn, bytes, early);
  const max = largestEnvelope(ctx.limits);
  if (bytes.length > max) {
    // Checked after the signature, so the refusal can name its plan (the client's problem is per plan).
    limitLogged(ctx, 'envelope-too-large', { conn: conn.id, bytes: bytes.length, limit: max });
    return withPlanRef(env.header.planId, () => Promise.reject(new ProtocolError('too-large', `envelopes are at most ${max} bytes`)));
  }
  if (env.header.kind === 'presence') throw new ProtocolError('malformed', 'presence goes in a presence frame');
  publishPipelineOf(ctx).submit(conn, env);
}
