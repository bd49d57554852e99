import type { SocketLike, WebSocketLike } from './relay-link.ts';
import type { FromSocketWorker, ToSocketWorker } from './socket-worker-protocol.ts';

/** The worker's side of its messages with the page (a test hands in a stand-in). */
export interface SocketWorkerScope {
  onmessage: ((e: MessageEvent<ToSocketWorker>) => void) | null;
  postMessage(message: FromSocketWorker, transfer?: Transferable[]): void;
}

const OPEN = 1;

/**
 * What the socket worker does (socket-worker.ts): opens, feeds and closes the WebSockets the page
 * asks for and tells the page what each one hears. It only moves bytes: no key, no frame decoding;
 * what a frame means is decided on the page (relay-link.ts).
 */
export function serveSockets(scope: SocketWorkerScope, WS: WebSocketLike): void {
  const sockets = new Map<number, SocketLike>();

  const open = (id: number, url: string): void => {
    let ws: SocketLike;
    try {
      ws = new WS(url);
    } catch {
      // As a socket that never opened: the page's link retries with backoff.
      scope.postMessage({ ev: 'error', id });
      scope.postMessage({ ev: 'close', id, code: 1006, reason: '', wasClean: false });
      return;
    }
    ws.binaryType = 'arraybuffer';
    sockets.set(id, ws);
    ws.onopen = () => scope.postMessage({ ev: 'open', id });
    ws.onmessage = (e: MessageEvent) => {
      const data = e.data as ArrayBuffer | string;
      // The buffer moves to the page; nothing here reads it again.
      if (typeof data === 'string') scope.postMessage({ ev: 'message', id, data });
      else scope.postMessage({ ev: 'message', id, data }, [data]);
    };
    ws.onerror = () => scope.postMessage({ ev: 'error', id });
    ws.onclose = (e: CloseEvent) => {
      sockets.delete(id);
      scope.postMessage({ ev: 'close', id, code: e.code, reason: e.reason, wasClean: e.wasClean });
    };
  };

  scope.onmessage = (e) => {
    const m = e.data;
    switch (m.op) {
      case 'open':
        open(m.id, m.url);
        return;
      case 'send': {
        const ws = sockets.get(m.id);
        if (ws?.readyState === OPEN) ws.send(m.data);
        return;
      }
      case 'close':
        sockets.get(m.id)?.close();
        return;
    }
  };
}
