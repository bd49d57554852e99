/**
 * The messages between sqlite-writer.ts (the relay's side) and sqlite-writer-thread.ts (the
 * worker). Bytes travel packed in one transferred ArrayBuffer per batch: structured clone of a
 * Uint8Array view would copy its whole backing buffer.
 */
export interface PackedBytes {
  offset: number;
  length: number;
}

export interface PackedEnvelope extends PackedBytes {
  planId: string;
  author: string;
  kind: number;
  clock: number;
  epoch: number;
  coversUpTo: number | undefined;
  trusted: boolean;
  digest: string;
}

export type WriterOp =
  | { op: 'envelopes'; envelopes: PackedEnvelope[] }
  | ({ op: 'member'; planId: string; index: number } & PackedBytes)
  | { op: 'confirm'; planId: string; seq: number }
  | { op: 'prune-receipts'; planId: string; upToSeq: number };

export type WriterRequest =
  | { type: 'batch'; id: number; ops: WriterOp[]; blob: ArrayBuffer }
  | { type: 'settings'; id: number }
  | { type: 'close' };

export type WriterResult = { ok: true; value: unknown } | { ok: false; name: string; message: string };

export interface WriterReply {
  type: 'done';
  id: number;
  results: WriterResult[];
}

/** What the thread is started with (`workerData`). */
export interface WriterData {
  file: string;
}
