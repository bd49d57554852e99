/**
 * The messages between the page and the socket worker (socket-worker.ts), which holds the page's
 * WebSockets to the relay. Each socket has a number the page chose; frames are bytes both ways.
 */
export type ToSocketWorker =
  | { op: 'open'; id: number; url: string }
  | { op: 'send'; id: number; data: Uint8Array }
  | { op: 'close'; id: number };

export type FromSocketWorker =
  | { ev: 'open'; id: number }
  /** An ArrayBuffer (moved, not copied) for a binary frame; a string for a text frame. */
  | { ev: 'message'; id: number; data: ArrayBuffer | string }
  | { ev: 'error'; id: number }
  | { ev: 'close'; id: number; code: number; reason: string; wasClean: boolean };
