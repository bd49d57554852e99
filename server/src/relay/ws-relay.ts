import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { createConnection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { createFrameHandler } from './frame-handler.ts';
import { createTokenBucket } from './token-bucket.ts';

/**
 * Frames of one connection are handled strictly in order (answers come back in the order asked),
 * and past this many waiting frames the socket is paused: TCP backpressure instead of memory.
 */
const MAX_PENDING_FRAMES = 64;

export interface WsRelay {
  close(): Promise<void>;
}

/** Accepts WebSocket upgrades on any path of the HTTP server and runs the relay protocol on them. */
export function attachWsRelay(server: Server, ctx: RelayContext): WsRelay {
  const wss = new WebSocketServer({ server, maxPayload: ctx.limits.hardMaxFrameBytes, perMessageDeflate: false });
  const handleFrame = createFrameHandler(ctx);
  const alive = new WeakSet<WebSocket>();

  wss.on('connection', (ws, req) => {
    const conn = createConnection(ws, {
      socket: req.socket,
      id: randomBytes(6).toString('base64url'),
      bucket: createTokenBucket(ctx.limits.burstFrames, ctx.limits.framesPerSecond),
      maxBufferedBytes: ctx.limits.maxBufferedBytes,
      onOverflow: () => ctx.log('conn.overflow', { conn: conn.id }),
    });
    alive.add(ws);
    ctx.log('conn.open', { conn: conn.id });
    ws.on('pong', () => alive.add(ws));
    let chain = Promise.resolve();
    let pending = 0;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = isBinary ? toBytes(data) : null;
      pending++;
      if (pending >= MAX_PENDING_FRAMES) ws.pause();
      chain = chain
        .then(() => (bytes ? handleFrame(conn, bytes) : conn.sendError('malformed', 'frames are binary')))
        .catch((err: unknown) => ctx.log('frame.failed', { conn: conn.id, error: err instanceof Error ? err.name : typeof err }))
        .finally(() => {
          pending--;
          if (pending < MAX_PENDING_FRAMES / 2 && ws.isPaused) ws.resume();
        });
    });
    ws.on('error', (err: Error & { code?: string }) => {
      ctx.log('conn.error', { conn: conn.id, code: err.code ?? err.name });
    });
    ws.on('close', (code: number) => {
      ctx.rooms.leaveAll(conn);
      ctx.log('conn.closed', { conn: conn.id, code });
    });
  });

  // Dead tablets (sleep, lost Wi-Fi) are found by protocol ping (browsers answer it without any
  // app code) and dropped within two intervals, so rooms and sockets do not fill up.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, ctx.limits.heartbeatMs);
  heartbeat.unref();

  return {
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** A private copy: ws may hand out views into shared buffers, and frames outlive this tick. */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data);
}
