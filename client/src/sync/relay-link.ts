import { type KeyPair, type Sodium } from '@safeplan/schema/crypto';
import {
  decodeRelayFrame,
  encodeAuth,
  encodeClientPresence, encodeConfirmSnapshot,
  encodeHello,
  encodeMemberEventFrame,
  encodePing,
  encodePublish,
  encodeSubscribe,
  isProtocolError,
  outdatedSide,
  RECONNECT_CLOSE_CODE,
  signChallenge,
  WIRE_VERSION,
  type RelayFrame,
  type WireErrorCode,
} from '@safeplan/schema/protocol';
import { backoffDelay } from './backoff.ts';
import { DEFAULT_HEARTBEAT, Heartbeat, type HeartbeatPolicy } from './heartbeat.ts';

/** What the link tells its session. Every call happens in frame order. */
export interface LinkHandler {
  /** Authenticated: the session sends member events and subscribes (it knows its afterSeq). */
  onReady(): void;
  onFrame(frame: RelayFrame): void;
  onConnection(up: boolean): void;
  /** The relay sent bytes that are no frame: the socket is dropped; the session should say so. */
  onBadFrame?(): void;
  /**
   * The relay and this app do not speak the same wire version. `app`: this app is older than the
   * relay accepts; the link stops (only a reload with the new app helps). `relay`: the relay is
   * older than this app; the link keeps trying with backoff, as the relay may be updated.
   */
  onVersionRefused?(outdated: 'app' | 'relay'): void;
}

/**
 * What the link needs of a WebSocket: the browser's, Node's `ws` (tests), or one whose socket lives
 * in a worker (worker-websocket.ts).
 */
export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(): void;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
}

export type WebSocketLike = new (url: string) => SocketLike;

/** Reconnect pacing; tests shorten it so a scenario with many drops stays quick. */
export interface ReconnectPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { baseMs: 250, maxMs: 30_000 };

/**
 * One WebSocket to the relay for one plan: hello/auth, then frames both ways; reconnects with
 * backoff until closed, also when the line goes silent (heartbeat.ts). It knows nothing of keys
 * for content: it only signs the auth challenge.
 */
export class RelayLink {
  #ws: SocketLike | null = null;
  #beat: Heartbeat | null = null;
  #pings = 0;
  #ready = false;
  #closed = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** The relay needs a newer app: no more connects until the page is reloaded. */
  #stopped = false;
  /** Sockets that got their challenge: an error before it answers the hello itself. */
  readonly #challenged = new WeakSet<SocketLike>();

  constructor(
    /** A function is read at each connect: what it carries (a creation token) may change meanwhile. */
    private readonly url: string | (() => string),
    private readonly WS: WebSocketLike,
    private readonly s: Sodium,
    /** The key the relay knows this connection by: the device key, or an invite key while joining. */
    private readonly signer: KeyPair,
    private readonly handler: LinkHandler,
    private readonly reconnect: ReconnectPolicy = DEFAULT_RECONNECT,
    private readonly heartbeat: HeartbeatPolicy = DEFAULT_HEARTBEAT,
  ) {
    this.#connect();
  }

  get ready(): boolean {
    return this.#ready;
  }

  subscribe(planId: Uint8Array, afterSeq: number): void {
    this.#send(encodeSubscribe({ planId, afterSeq }));
  }

  publish(envelope: Uint8Array): void {
    this.#send(encodePublish({ envelope }));
  }

  memberEvent(planId: Uint8Array, event: Uint8Array): void {
    this.#send(encodeMemberEventFrame({ planId, event }));
  }

  presence(envelope: Uint8Array): void {
    this.#send(encodeClientPresence({ envelope }));
  }

  /** This device compared the snapshot delivered under `seq` and found it true. */
  confirmSnapshot(planId: Uint8Array, seq: number): void {
    this.#send(encodeConfirmSnapshot({ planId, seq }));
  }

  /** Drops the socket now and reconnects after backoff (also used to simulate network loss). */
  drop(): void {
    if (this.#ws) this.#giveUp(this.#ws);
  }

  /**
   * The network came back (the browser said so): connect now instead of waiting out the backoff,
   * which may have grown to its maximum while the tablet was offline. A live socket is left alone.
   */
  reconnectNow(): void {
    if (this.#closed || this.#stopped || this.#ws) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#attempt = 0;
    this.#connect();
  }

  /**
   * What the relay judges when a socket opens has changed (a creation token was entered): drop the
   * socket and connect at once, with the URL as it is now. The session resends from its store on
   * `ready`, as after any drop.
   */
  renew(): void {
    if (this.#closed) return;
    if (this.#ws) this.#giveUp(this.#ws);
    this.reconnectNow();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#beat?.stop();
    this.#beat = null;
    // Forget the socket first: frames still in flight must not reach a session that is closed.
    const ws = this.#ws;
    this.#ws = null;
    this.#ready = false;
    ws?.close();
  }

  #send(bytes: Uint8Array): void {
    // Frames sent while down are not queued: the session resends from its store on `ready`.
    if (this.#ready && this.#ws?.readyState === 1) this.#ws.send(bytes);
  }

  #connect(): void {
    if (this.#closed || this.#stopped) return;
    let ws: SocketLike;
    try {
      ws = new this.WS(typeof this.url === 'function' ? this.url() : this.url);
    } catch {
      this.#retry();
      return;
    }
    // A browser hands binary messages over as Blobs, which cannot be read in the frame's turn:
    // ArrayBuffers instead. Node's ws hands them over as Buffers (Uint8Array views) unless told
    // otherwise, and 'arraybuffer' would copy every message into a fresh ArrayBuffer first; the
    // frame decoder copies what it keeps either way (schema reader), so the view is left as it is.
    if (ws.binaryType === 'blob') ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    // From the first moment: a connect or a handshake can hang on a dead line as well.
    this.#beat = new Heartbeat(this.heartbeat, { silent: () => this.#ping(ws), dead: () => this.#giveUp(ws) });
    ws.onopen = () => ws.send(encodeHello({ author: this.signer.publicKey, version: WIRE_VERSION }));
    ws.onmessage = (ev: MessageEvent) => this.#onMessage(ws, ev.data);
    ws.onerror = () => undefined;
    // A relay that is going away (restart, deploy) says so: connect again at once, without backoff;
    // the load balancer sends the new socket to a relay that stays.
    ws.onclose = (ev: CloseEvent) => this.#lost(ws, ev.code === RECONNECT_CLOSE_CODE);
  }

  #ping(ws: SocketLike): void {
    // Before `ready` too: the relay answers pings at any stage. A socket still connecting cannot
    // send; its deadline runs all the same.
    if (ws.readyState === 1) ws.send(encodePing({ nonce: ++this.#pings }));
  }

  /**
   * Leaves a socket behind without waiting for its close event: on a dead line the close handshake
   * cannot complete either, and the browser may take minutes to give up on it.
   */
  #giveUp(ws: SocketLike): void {
    this.#lost(ws);
    ws.close();
  }

  #lost(ws: SocketLike, now = false): void {
    if (this.#ws !== ws) return;
    this.#beat?.stop();
    this.#beat = null;
    this.#ws = null;
    const wasReady = this.#ready;
    this.#ready = false;
    if (wasReady) this.handler.onConnection(false);
    if (now) {
      this.#attempt = 0;
      this.#connect();
    } else this.#retry();
  }

  #retry(): void {
    if (this.#closed || this.#stopped) return;
    const delay = backoffDelay(this.#attempt++, Math.random, this.reconnect.baseMs, this.reconnect.maxMs);
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  #onMessage(ws: SocketLike, data: unknown): void {
    if (this.#ws !== ws) return;
    // Any frame, even one that does not decode, shows the line carries bytes.
    this.#beat?.heard();
    const bytes = toBytes(data);
    let frame: RelayFrame;
    try {
      if (!bytes) throw new Error('text frame');
      frame = decodeRelayFrame(bytes);
    } catch (err) {
      // A relay that speaks nonsense gets the same treatment as a dropped line: reconnect.
      if (!isProtocolError(err) || err.code !== 'too-large') ws.close();
      this.handler.onBadFrame?.();
      return;
    }
    if (frame.type === 'pong') return; // its arrival was all it had to say
    if (frame.type === 'update-required') {
      // Below the relay's range: this app must be reloaded; above it: the relay must be updated.
      const outdated = outdatedSide(WIRE_VERSION, frame) === 'app' ? 'app' : 'relay';
      if (outdated === 'app') this.#stopped = true;
      this.handler.onVersionRefused?.(outdated);
      this.#giveUp(ws);
      return;
    }
    if (frame.type === 'error' && frame.code === 'malformed' && !this.#challenged.has(ws)) {
      // A relay from before the version field cannot read our hello (trailing bytes): it is older
      // than this app. Tried again with backoff, never as a loop.
      this.handler.onVersionRefused?.('relay');
      this.#giveUp(ws);
      return;
    }
    if (frame.type === 'challenge') {
      this.#challenged.add(ws);
      ws.send(encodeAuth({ signature: signChallenge(this.s, frame.challenge, this.signer.privateKey) }));
      return;
    }
    if (frame.type === 'ready') {
      this.#ready = true;
      this.#attempt = 0;
      this.handler.onConnection(true);
      this.handler.onReady();
      return;
    }
    if (frame.type === 'error' && isFatalForConnection(frame.code)) ws.close();
    this.handler.onFrame(frame);
  }
}

/** Errors after which this socket cannot recover; a fresh connection (after backoff) may. */
function isFatalForConnection(code: WireErrorCode): boolean {
  return code === 'not-authenticated';
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}
