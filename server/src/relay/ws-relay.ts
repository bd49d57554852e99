import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { RECONNECT_CLOSE_CODE } from '@safeplan/schema/protocol';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { addressOf, createAdmission } from './admission.ts';
import { createConnection, type Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { createFrameHandler } from './frame-handler.ts';
import { startPublishCheck } from './handle-publish.ts';
import { limitHit } from './limit-hit.ts';
import { createRateLimiter } from './rate-limiter.ts';

/**
 * Frames of one connection are handled strictly in order (answers come back in the order asked),
 * and past this many waiting frames the socket is paused: TCP backpressure instead of memory.
 */
const MAX_PENDING_FRAMES = 64;

/** How long a drain waits for clients to answer its close frame before the sockets are cut. */
const CLOSE_HANDSHAKE_MS = 1000;

/** WebSocket close code 1008: policy violation. */
const POLICY_VIOLATION = 1008;
/** How often the total of all queued output is held to maxTotalBufferedBytes. */
const OUTPUT_BUDGET_CHECK_MS = 1000;

export interface WsRelay {
  /**
   * Graceful shutdown, step one: refuse new upgrades (HTTP 503), stop reading frames, let every
   * frame already read finish (a publish: committed and acked), at most `timeoutMs`; then close
   * every socket with RECONNECT_CLOSE_CODE so its client connects again at once (to another
   * relay). A frame that arrives after the start is not handled: never acked, its client sends it
   * again on the next connection. Resolves with how it went (for the log).
   */
  drain(timeoutMs: number): Promise<{ sockets: number; timedOut: boolean }>;
  close(): Promise<void>;
}

/** Accepts WebSocket upgrades on any path of the HTTP server and runs the relay protocol on them. */
export function attachWsRelay(server: Server, ctx: RelayContext): WsRelay {
  const { limits } = ctx;
  const admission = createAdmission(limits);
  // The parser's size bound starts at what a logged-out client may send (hello, auth, ping) and
  // is raised per connection at login: an unfinished frame before login holds at most this much.
  const wss = new WebSocketServer({
    server,
    maxPayload: limits.maxFrameBytesBeforeLogin,
    perMessageDeflate: false,
    verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) => {
      // A draining relay takes no one new: the client tries again, and its load balancer already
      // sends it elsewhere (/readyz says 503 too).
      if (draining) {
        ctx.metrics.count('refusals_total', 1, 'draining');
        return done(false, 503, 'draining');
      }
      const refusal = admission.check(info.req, wss.clients.size);
      if (!refusal) return done(true);
      limitHit(ctx, refusal.code, { open: wss.clients.size, unauthenticated: admission.unauthenticated });
      done(false, refusal.status, refusal.code);
    },
  });
  const handleFrame = createFrameHandler(ctx);
  let draining = false;
  /** Per open connection: resolves once every frame it read so far is handled. */
  const settled = new Map<WebSocket, () => Promise<void>>();
  const alive = new WeakSet<WebSocket>();
  /** Every open connection, for the output budget's sweep. */
  const open = new Set<Connection>();
  const authenticated = new Set<Connection>();
  ctx.metrics.gauge('connections', () => wss.clients.size);
  ctx.metrics.gauge('connections_authenticated', () => authenticated.size);

  wss.on('connection', (ws, req) => {
    const address = addressOf(req);
    admission.opened(address);
    ctx.metrics.count('connections_opened_total');
    const limiter = createRateLimiter(limits);
    const conn = createConnection(ws, {
      socket: req.socket,
      id: randomBytes(6).toString('base64url'),
      limiter,
      maxBufferedBytes: limits.maxBufferedBytesBeforeLogin,
      onOverflow: () => limitHit(ctx, 'slow-reader', { conn: conn.id, bufferedBytes: ws.bufferedAmount }),
      onSent: (n) => ctx.metrics.count('bytes_out_total', n),
      creationToken: creationTokenOf(req.url),
      address,
    });
    alive.add(ws);
    open.add(conn);
    ctx.log('conn.open', { conn: conn.id });

    // Login or leave: a socket that never authenticates holds a slot of its address only this long.
    // It is told why (an honest but slow device then knows to connect again) and closed with 1008;
    // a peer that does not finish the closing handshake is cut after CLOSE_HANDSHAKE_MS.
    let loginExpired = false;
    const deadline = setTimeout(() => {
      limitHit(ctx, 'login-deadline', { conn: conn.id, unauthenticated: admission.unauthenticated });
      loginExpired = true;
      conn.sendError('not-authenticated', `log in within ${limits.loginDeadlineMs} ms of connecting`);
      conn.close(POLICY_VIOLATION, 'login deadline');
      setTimeout(() => ws.terminate(), CLOSE_HANDSHAKE_MS).unref();
    }, limits.loginDeadlineMs);
    deadline.unref();
    let wasAuthenticated = false;
    const onAuthenticated = () => {
      wasAuthenticated = true;
      clearTimeout(deadline);
      admission.authenticated(address);
      authenticated.add(conn);
      if (!conn.loggedIn({ maxFrameBytes: limits.hardMaxFrameBytes, maxBufferedBytes: limits.maxBufferedBytes })) {
        // A ws version without the parser field: logged-in frames stay at the login bound. Said
        // loudly, because every publish would then close its socket.
        ctx.log('conn.frame-bound-not-raised', { conn: conn.id });
      }
    };

    // Frames already read from the socket when a flood is closed are dropped without a word.
    let flooded = false;
    const admit = (bytes: number, kind: string): boolean => {
      if (flooded) return false;
      const verdict = limiter.admit(bytes);
      if (verdict === 'ok') return true;
      // One log line per throttled connection and window; the counter counts every refused frame.
      if (limiter.refusedInWindow === 1) limitHit(ctx, 'rate-limited', { conn: conn.id, frame: kind, bytes });
      else ctx.metrics.count('refusals_total', 1, 'rate-limited');
      if (verdict === 'flood') {
        flooded = true;
        limitHit(ctx, 'flood', { conn: conn.id, frame: kind, refused: limiter.refusedInWindow });
        // Nothing more is read. The answers already queued (the rate-limited ones too) go out
        // first and then the close (1008), so the client can tell why; a peer that does not
        // finish the closing handshake is cut after CLOSE_HANDSHAKE_MS.
        conn.pauseReading('flood');
        enqueue(() => conn.close(POLICY_VIOLATION, 'rate limited'));
        setTimeout(() => ws.terminate(), CLOSE_HANDSHAKE_MS).unref();
      } else if (kind !== 'ws-ping' && kind !== 'ws-pong') {
        // In line with the answers to the frames before it; the refused frame itself is not kept.
        enqueue(() => conn.sendError('rate-limited', 'too many frames per second; slow down'));
      }
      return false;
    };

    // ws answers WebSocket pings itself; they still count against the rate limit. So do pongs: a
    // peer may send them unasked, and ws parses each one (uncounted, one connection sent 1.4
    // million in 5 s without being refused). The one pong a heartbeat asks for every 30 s costs nothing.
    ws.on('pong', (data: Buffer) => {
      alive.add(ws);
      ctx.metrics.count('bytes_in_total', data.length);
      admit(data.length, 'ws-pong');
    });
    ws.on('ping', (data: Buffer) => {
      ctx.metrics.count('bytes_in_total', data.length);
      admit(data.length, 'ws-ping');
    });
    let chain = Promise.resolve();
    let pending = 0;
    /** `bytes`: the frame's size, in the relay's input budget until it is handled. */
    const enqueue = (work: () => void | Promise<void>, bytes = 0) => {
      pending++;
      if (pending >= MAX_PENDING_FRAMES) conn.pauseReading('frames');
      chain = chain
        .then(work)
        .catch((err: unknown) => ctx.log('frame.failed', { conn: conn.id, error: err instanceof Error ? err.name : typeof err }))
        .finally(() => {
          pending--;
          if (bytes > 0) ctx.input.give(conn, bytes);
          if (pending < MAX_PENDING_FRAMES / 2) conn.resumeReading('frames');
        });
    };
    settled.set(ws, () => chain);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      // Read after the drain began (ws may still hand out what it had parsed): not handled, so
      // never acked; the client sends it again after the reconnect.
      if (draining) return ctx.metrics.count('refusals_total', 1, 'draining');
      // Read while the closing handshake after the login deadline runs: too late to log in.
      if (loginExpired) return;
      const size = sizeOf(data);
      ctx.metrics.count('bytes_in_total', size);
      // Every frame type pays before anything else is done with it: text frames too.
      if (!admit(size, isBinary ? 'binary' : 'text')) return;
      const bytes = isBinary ? toBytes(data) : null;
      // A publish's signature check starts now, batched with every frame read this turn.
      const early = bytes && startPublishCheck(ctx, conn, bytes);
      ctx.input.take(conn, size);
      enqueue(async () => {
        if (!bytes) return conn.sendError('malformed', 'frames are binary');
        const before = conn.author;
        await handleFrame(conn, bytes, early);
        if (!before && conn.author && !wasAuthenticated) onAuthenticated();
      }, size);
    });
    ws.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') limitHit(ctx, 'frame-too-large', { conn: conn.id, authenticated: wasAuthenticated });
      ctx.log('conn.error', { conn: conn.id, code: err.code ?? err.name });
    });
    ws.on('close', (code: number) => {
      settled.delete(ws);
      open.delete(conn);
      clearTimeout(deadline);
      admission.closed(address, wasAuthenticated);
      authenticated.delete(conn);
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
  }, limits.heartbeatMs);
  heartbeat.unref();

  // Each connection's queued output is bounded (maxBufferedBytes), but thousands of readers that
  // stop reading, each just under its bound, would still add up to gigabytes: the total is bounded
  // too. Those holding the most go first; a reader of ordinary speed holds little (catch-up waits
  // for its socket to drain), and one that is dropped reconnects and catches up from the store.
  const outputBudget = setInterval(() => {
    let total = 0;
    for (const conn of open) total += conn.bufferedAmount();
    if (total <= limits.maxTotalBufferedBytes) return;
    const target = limits.maxTotalBufferedBytes * 0.75;
    const largestFirst = [...open].map((conn) => ({ conn, queued: conn.bufferedAmount() })).sort((a, b) => b.queued - a.queued);
    for (const { conn, queued } of largestFirst) {
      if (total <= target || queued === 0) break;
      total -= queued;
      limitHit(ctx, 'relay-output-full', { conn: conn.id, bufferedBytes: queued, limit: limits.maxTotalBufferedBytes });
      conn.terminate();
    }
  }, OUTPUT_BUDGET_CHECK_MS);
  outputBudget.unref();

  return {
    async drain(timeoutMs) {
      draining = true;
      for (const ws of wss.clients) ws.pause();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = await Promise.race([
        // Every frame read so far handled; a publish's commit (and ack) ends in the plan queue.
        Promise.all([...settled.values()].map((chainOf) => chainOf()))
          .then(() => ctx.queue.idle())
          .then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      const sockets = wss.clients.size;
      for (const ws of wss.clients) {
        ws.close(RECONNECT_CLOSE_CODE, 'relay restarting');
        // Read again so the client's close frame completes the handshake (frames are dropped).
        ws.resume();
      }
      // A moment for the handshakes, so the close code is sure to arrive before close() cuts the rest.
      const deadline = Date.now() + CLOSE_HANDSHAKE_MS;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return { sockets, timedOut };
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        clearInterval(outputBudget);
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** `?creation-token=…` on the WebSocket URL: how a professional's app proves it may create plans. */
function creationTokenOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url, 'http://relay').searchParams.get('creation-token');
  } catch {
    return null;
  }
}

function sizeOf(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/** A private copy: ws may hand out views into shared buffers, and frames outlive this tick. */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data);
}
