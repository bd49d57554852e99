import type { SocketLike, WebSocketLike } from './relay-link.ts';
import type { FromSocketWorker, ToSocketWorker } from './socket-worker-protocol.ts';
import { workerOnce, type StartableWorker } from '../workers/worker-once.ts';

/** What this needs of a Worker (a test can hand in a stand-in). */
export interface SocketWorkerLike extends StartableWorker {
  postMessage(message: ToSocketWorker): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<FromSocketWorker>) => void): void;
  addEventListener(type: 'error', listener: (e: Event) => void): void;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * A WebSocket whose socket lives in a Web Worker (socket-worker.ts): to the relay link it looks
 * like the browser's WebSocket (the `on…` handlers, `send`, `close`, `readyState`), while the
 * browser's work for each frame sent and received runs on the worker's thread, not on the one the
 * person types on. One worker holds every socket of the page. If it cannot start or fails, its
 * sockets close as a dropped line (code 1006: the link reconnects with backoff and resends from
 * its store) and later sockets are the browser's own, on the page: slower, never lost.
 */
export function workerWebSocket(start: () => SocketWorkerLike, Native: WebSocketLike): WebSocketLike {
  let nextId = 1;
  const live = new Map<number, WorkerSocket>();
  const worker = workerOnce(
    start,
    (w) => w.addEventListener('message', (e: MessageEvent<FromSocketWorker>) => live.get(e.data.id)?.heard(e.data)),
    (why) => {
      console.warn('socket worker failed; the relay link uses the page’s own WebSocket', why);
      const lost = [...live.values()];
      live.clear();
      for (const socket of lost) socket.closed(1006, '', false);
    },
  );

  class WorkerSocket implements SocketLike {
    binaryType: BinaryType = 'arraybuffer';
    readyState = CONNECTING;
    onopen: ((ev: Event) => void) | null = null;
    onmessage: ((ev: MessageEvent) => void) | null = null;
    onerror: ((ev: Event) => void) | null = null;
    onclose: ((ev: CloseEvent) => void) | null = null;
    readonly #id = nextId++;
    readonly #worker: SocketWorkerLike;

    constructor(w: SocketWorkerLike, url: string) {
      this.#worker = w;
      live.set(this.#id, this);
      w.postMessage({ op: 'open', id: this.#id, url });
    }

    send(data: Uint8Array): void {
      if (this.readyState === CONNECTING) throw new DOMException('still connecting', 'InvalidStateError');
      if (this.readyState !== OPEN) return; // as the browser's: frames after close() are dropped
      // A view into a larger buffer would be cloned whole: hand over exactly the frame.
      const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
      this.#worker.postMessage({ op: 'send', id: this.#id, data: whole ? data : data.slice() });
    }

    close(): void {
      if (this.readyState >= CLOSING) return;
      this.readyState = CLOSING;
      this.#worker.postMessage({ op: 'close', id: this.#id });
    }

    heard(m: FromSocketWorker): void {
      switch (m.ev) {
        case 'open':
          if (this.readyState !== CONNECTING) return;
          this.readyState = OPEN;
          this.onopen?.(new Event('open'));
          return;
        case 'message':
          if (this.readyState === OPEN) this.onmessage?.(new MessageEvent('message', { data: m.data }));
          return;
        case 'error':
          this.onerror?.(new Event('error'));
          return;
        case 'close':
          live.delete(this.#id);
          this.closed(m.code, m.reason, m.wasClean);
          return;
      }
    }

    closed(code: number, reason: string, wasClean: boolean): void {
      if (this.readyState === CLOSED) return;
      this.readyState = CLOSED;
      this.onclose?.(closeEvent(code, reason, wasClean));
    }
  }

  return class RelaySocket implements SocketLike {
    readonly #socket: SocketLike;
    constructor(url: string) {
      const w = worker.get();
      this.#socket = w ? new WorkerSocket(w, url) : new Native(url);
    }
    get binaryType(): BinaryType {
      return this.#socket.binaryType;
    }
    set binaryType(type: BinaryType) {
      this.#socket.binaryType = type;
    }
    get readyState(): number {
      return this.#socket.readyState;
    }
    get onopen() {
      return this.#socket.onopen;
    }
    set onopen(f) {
      this.#socket.onopen = f;
    }
    get onmessage() {
      return this.#socket.onmessage;
    }
    set onmessage(f) {
      this.#socket.onmessage = f;
    }
    get onerror() {
      return this.#socket.onerror;
    }
    set onerror(f) {
      this.#socket.onerror = f;
    }
    get onclose() {
      return this.#socket.onclose;
    }
    set onclose(f) {
      this.#socket.onclose = f;
    }
    send(data: Uint8Array): void {
      this.#socket.send(data);
    }
    close(): void {
      this.#socket.close();
    }
  };
}

/** Node (tests) has no CloseEvent before v23: an Event with the close's fields, as the browser's. */
function closeEvent(code: number, reason: string, wasClean: boolean): CloseEvent {
  if (typeof CloseEvent === 'function') return new CloseEvent('close', { code, reason, wasClean });
  return Object.assign(new Event('close'), { code, reason, wasClean }) as CloseEvent;
}

let shared: WebSocketLike | null = null;

/**
 * The browser's relay sockets: one module worker for the page (Vite bundles it from this URL),
 * the page's own WebSocket where workers are missing.
 */
export function browserWebSocket(): WebSocketLike {
  if (typeof Worker === 'undefined') return WebSocket;
  shared ??= workerWebSocket(() => new Worker(new URL('./socket-worker.ts', import.meta.url), { type: 'module' }) as SocketWorkerLike, WebSocket);
  return shared;
}
