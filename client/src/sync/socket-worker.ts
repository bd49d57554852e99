import { serveSockets, type SocketWorkerScope } from './worker-sockets.ts';

/**
 * The Web Worker that holds the page's WebSockets to the relay (worker-websocket.ts starts it).
 * In Chromium, sending on a WebSocket and taking in its messages cost the thread that owns the
 * socket a few hundred µs each; here that thread is not the one the person types on.
 */
serveSockets(self as unknown as SocketWorkerScope, WebSocket);
