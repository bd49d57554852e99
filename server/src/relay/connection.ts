import type { WebSocket } from 'ws';
import { encodeRelayFrame, type RelayFrame, type WireErrorCode } from '@safeplan/schema/protocol';
import type { TokenBucket } from './token-bucket.ts';

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
  readonly bucket: TokenBucket;
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
}

/** The TCP socket under the WebSocket (the upgrade request's socket): only its write batching is used. */
export interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

export interface ConnectionOptions {
  id: string;
  bucket: TokenBucket;
  /** A reader that stops reading must not make the relay buffer without bound. */
  maxBufferedBytes: number;
  onOverflow: () => void;
  socket?: CorkableSocket;
}

export function createConnection(ws: WebSocket, options: ConnectionOptions): Connection {
  const sendEncoded = (bytes: Uint8Array) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > options.maxBufferedBytes) {
      options.onOverflow();
      ws.terminate();
      return;
    }
    ws.send(bytes, { binary: true });
  };
  const send = (frame: RelayFrame) => sendEncoded(encodeRelayFrame(frame));
  return {
    id: options.id,
    author: null,
    pending: null,
    subscriptions: new Set(),
    bucket: options.bucket,
    send,
    sendEncoded,
    sendError: (code, detail, ref) => send(ref ? { type: 'error', code, detail, ref } : { type: 'error', code, detail }),
    cork: () => options.socket?.cork(),
    uncork: () => options.socket?.uncork(),
    close: (code, reason) => ws.close(code, reason),
  };
}
