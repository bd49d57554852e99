import type { WebSocket } from 'ws';
import { encodeRelayFrame, type RelayFrame, type WireErrorCode } from '@safeplan/schema/protocol';
import type { RateLimiter } from './rate-limiter.ts';

/** One client WebSocket and what the relay knows about it. */
export interface Connection {
  /** Short random id for log lines (never a key or a name). */
  readonly id: string;
  /** The device's Ed25519 public key, once `auth` proved it holds the private half. */
  author: Uint8Array | null;
  /** The hello'd key and the challenge sent for it, until `auth` arrives. */
  pending: { author: Uint8Array; challenge: Uint8Array } | null;
  /** Plans (base64url) this connection receives deliveries for. */
  readonly subscriptions: Set<string>;
  readonly limiter: RateLimiter;
  /** The creation token from the WebSocket URL, if any (checked when it creates a plan). */
  readonly creationToken: string | null;
  /** The peer address, kept for quotas only (never logged). */
  readonly address: string;
  send(frame: RelayFrame): void;
  /** Sends a frame already encoded once for many receivers (fan-out). */
  sendEncoded(bytes: Uint8Array): void;
  sendError(code: WireErrorCode, detail: string, ref?: Uint8Array): void;
  /**
   * Holds this connection's writes until the matching `uncork`, so a burst of frames (a committed
   * batch's acks or deliveries) leaves in one write instead of one system call per frame.
   */
  cork(): void;
  uncork(): void;
  close(code: number, reason: string): void;
  /** Drops the socket at once: for a peer that does not read, a closing handshake never ends. */
  terminate(): void;
  isOpen(): boolean;
  /** Bytes written to the socket that the peer has not read yet. */
  bufferedAmount(): number;
  /**
   * Resolves true once fewer than `belowBytes` are queued, false if the socket closed or did not
   * drain within `timeoutMs` (the caller then gives up on it).
   */
  drained(belowBytes: number, timeoutMs: number): Promise<boolean>;
  /**
   * Stops reading the socket for `reason` (TCP then pushes back on the sender); it is read again
   * once every reason that stopped it has called resumeReading.
   */
  pauseReading(reason: ReadPause): void;
  resumeReading(reason: ReadPause): void;
  /** After auth: the larger frame and output bounds of a logged-in device apply (false: the frame bound could not be raised). */
  loggedIn(limits: { maxFrameBytes: number; maxBufferedBytes: number }): boolean;
}

/** Why a socket is not read: too many of its frames waiting, the relay's input budget, a flood being closed. */
export type ReadPause = 'frames' | 'input-budget' | 'flood';

/** The TCP socket under the WebSocket (the upgrade request's socket). */
export interface CorkableSocket {
  cork(): void;
  uncork(): void;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

export interface ConnectionOptions {
  id: string;
  limiter: RateLimiter;
  /** A reader that stops reading must not make the relay buffer without bound. */
  maxBufferedBytes: number;
  onOverflow: () => void;
  onSent?: (bytes: number) => void;
  socket?: CorkableSocket;
  creationToken?: string | null;
  address?: string;
}

/** ws keeps the receiving size limit on its parser; it has no public setter (ws 8). */
interface WsInternals {
  _receiver?: { _maxPayload?: number };
}

export function createConnection(ws: WebSocket, options: ConnectionOptions): Connection {
  let maxBuffered = options.maxBufferedBytes;
  const paused = new Set<ReadPause>();
  const sendEncoded = (bytes: Uint8Array) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > maxBuffered) {
      options.onOverflow();
      ws.terminate();
      return;
    }
    options.onSent?.(bytes.length);
    ws.send(bytes, { binary: true });
  };
  const send = (frame: RelayFrame) => sendEncoded(encodeRelayFrame(frame));
  const drained = (belowBytes: number, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      const socket = options.socket;
      if (ws.readyState !== ws.OPEN) return resolve(false);
      if (ws.bufferedAmount < belowBytes || !socket) return resolve(true);
      // 'drain' fires when the kernel took everything; a short poll covers what ws still queues.
      const check = () => {
        if (ws.readyState !== ws.OPEN) return done(false);
        if (ws.bufferedAmount < belowBytes) done(true);
      };
      const poll = setInterval(check, 50);
      const timer = setTimeout(() => done(false), timeoutMs);
      const onClose = () => done(false);
      const done = (ok: boolean) => {
        clearInterval(poll);
        clearTimeout(timer);
        socket.off('drain', check);
        socket.off('close', onClose);
        resolve(ok);
      };
      socket.on('drain', check);
      socket.on('close', onClose);
    });
  return {
    id: options.id,
    author: null,
    pending: null,
    subscriptions: new Set(),
    limiter: options.limiter,
    creationToken: options.creationToken ?? null,
    address: options.address ?? '',
    send,
    sendEncoded,
    sendError: (code, detail, ref) => send(ref ? { type: 'error', code, detail, ref } : { type: 'error', code, detail }),
    cork: () => options.socket?.cork(),
    uncork: () => options.socket?.uncork(),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    isOpen: () => ws.readyState === ws.OPEN,
    bufferedAmount: () => ws.bufferedAmount,
    drained,
    pauseReading(reason) {
      paused.add(reason);
      ws.pause();
    },
    resumeReading(reason) {
      if (!paused.delete(reason) || paused.size > 0) return;
      ws.resume();
    },
    loggedIn(limits) {
      maxBuffered = limits.maxBufferedBytes;
      const receiver = (ws as unknown as WsInternals)._receiver;
      if (!receiver || typeof receiver._maxPayload !== 'number') return false;
      receiver._maxPayload = limits.maxFrameBytes;
      return true;
    },
  };
}
