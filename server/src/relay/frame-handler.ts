import { decodeClientFrame, ProtocolError, type ClientFrame, type WireErrorCode } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';
import { planRefOf } from './error-ref.ts';
import { refuse } from './refuse.ts';
import type { RelayContext } from './context.ts';
import { handleAuth, handleHello } from './handle-auth.ts';
import { handleConfirmSnapshot } from './handle-confirm-snapshot.ts';
import { handleMemberEvent } from './handle-member-event.ts';
import { handlePresence } from './handle-presence.ts';
import { handlePublish, type EarlyPublish } from './handle-publish.ts';
import { handleSubscribe, handleUnsubscribe } from './handle-subscribe.ts';

/** `early`: the same frame's publish check, started when it was read (handle-publish.ts startPublishCheck). */
export type FrameHandler = (conn: Connection, data: Uint8Array, early?: EarlyPublish | null) => Promise<void>;

/**
 * The one entry point for client bytes. Every failure becomes an `error` frame with the doc's code;
 * nothing a client sends can crash the relay or reach a log line except as a size or a code.
 */
export function createFrameHandler(ctx: RelayContext): FrameHandler {
  // Rate limits are applied before this (ws-relay.ts), to every frame type.
  return async (conn, data, early) => {
    let frame: ClientFrame | null = null;
    try {
      if (data.length > ctx.limits.maxFrameBytes) throw errorOf('too-large', `frames are at most ${ctx.limits.maxFrameBytes} bytes`);
      frame = early ? { type: 'publish', envelope: early.envelope } : decodeClientFrame(data);
      await dispatch(ctx, conn, frame, early ?? undefined);
    } catch (err) {
      const ref = frame && 'planId' in frame ? frame.planId : planRefOf(err);
      refuse(ctx, conn, err, { type: frame?.type, ref, bytes: data.length });
    }
  };
}

async function dispatch(ctx: RelayContext, conn: Connection, frame: ClientFrame, early?: EarlyPublish): Promise<void> {
  // Answered before auth too: a client checks its line from the moment the socket opens (a line
  // can die during the handshake), and a pong tells nothing but the client's own counter. Pings
  // already paid a token in ws-relay.ts; no log line, so a heartbeat leaves no trace in the logs.
  if (frame.type === 'ping') return conn.send({ type: 'pong', nonce: frame.nonce });
  if (frame.type === 'hello') return handleHello(ctx, conn, frame.author, frame.version);
  if (frame.type === 'auth') return handleAuth(ctx, conn, frame.signature);
  if (!conn.author) throw errorOf('not-authenticated', 'send hello and auth first');
  switch (frame.type) {
    case 'subscribe':
      return handleSubscribe(ctx, conn, frame.planId, frame.afterSeq);
    case 'unsubscribe':
      return handleUnsubscribe(ctx, conn, frame.planId);
    case 'publish':
      return handlePublish(ctx, conn, frame.envelope, early);
    case 'presence':
      return handlePresence(ctx, conn, frame.envelope);
    case 'member-event':
      return handleMemberEvent(ctx, conn, frame.planId, frame.event);
    case 'confirm-snapshot':
      return handleConfirmSnapshot(ctx, conn, frame.planId, frame.seq);
  }
}

function errorOf(code: WireErrorCode, detail: string): ProtocolError {
  return new ProtocolError(code, detail);
}
