import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.ts';
import type { NewEnvelope } from './relay-store.ts';
import type { PackedBytes, WriterOp, WriterReply, WriterRequest, WriterResult } from './sqlite-writer-messages.ts';
import { writerThreadFile } from './writer-thread-file.ts';

/**
 * The store's writes, committed by one worker thread (sqlite-writer-thread.ts) that owns the
 * only writing connection to the SQLite file. The event loop keeps verifying, reading and fanning
 * out while a commit waits for its fsync; a promise here still resolves only after the commit
 * that holds its write returned in the worker, so "ack only after commit" is unchanged.
 *
 * Group commit: writes that arrive while a batch is being committed wait and go together into
 * the next one (one transaction, one fsync). At most one batch is in the worker at a time.
 *
 * If the thread dies, whatever it had not answered is rejected (the commit may or may not have
 * happened; the client resends and the receipt decides) and every later write is rejected too:
 * nothing is acknowledged without a writer, and a new writer could hand out seqs whose
 * predecessors subscribers never got.
 */
export interface SqliteWriter {
  /** Every envelope must carry its digest. */
  appendEnvelopes(group: readonly NewEnvelope[]): Promise<number[]>;
  appendMemberEvent(planId: string, index: number, bytes: Uint8Array): Promise<boolean>;
  /** Promotes a snapshot proposal (relay-store.ts confirmSnapshot). */
  confirmSnapshot(planId: string, seq: number): Promise<boolean>;
  /** Deletes the plan's receipts with seq <= upToSeq except each author's newest; resolves with the count. */
  pruneReceipts(planId: string, upToSeq: number): Promise<number>;
  /** The durability settings of the writing connection. */
  settings(): Promise<WriterSettings>;
  /** Commits what is queued, then ends the thread. */
  close(): Promise<void>;
  /** Ends the thread at once, as a crash would (tests). */
  crash(): Promise<void>;
}

export interface WriterSettings {
  journalMode: string;
  synchronous: number;
}

/** Thrown for writes the writer did not (or may not have) committed because its thread is gone. */
export class WriterStoppedError extends Error {
  override name = 'WriterStoppedError';
}

interface Queued {
  /** Bytes to pack, in order: the group's envelopes, or the one member event. */
  bytes: Uint8Array[];
  toOp(packed: PackedBytes[]): WriterOp;
  settle(result: WriterResult): void;
  fail(err: Error): void;
}

// The thread gets none of the parent's loaders (writer-thread-file.ts), only profiling flags, so
// `BENCH_PROFILE` still profiles it.
const threadExecArgv = () => process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'));

export function startSqliteWriter(file: string, log: Logger): SqliteWriter {
  const worker = new Worker(writerThreadFile(import.meta.url), { workerData: { file }, execArgv: threadExecArgv() });
  // Idle, the thread must not keep the process alive; while it holds writes, it must.
  worker.unref();
  const inFlight = new Map<number, { settle(results: WriterResult[]): void; fail(err: Error): void }>();
  let nextId = 1;
  let queued: Queued[] = [];
  let batchInFlight = false;
  let flushScheduled = false;
  let stopped: WriterStoppedError | null = null;
  let closing = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  /** close() waits on these between batches. */
  const afterAnswer: (() => void)[] = [];

  const send = (request: WriterRequest, transfer: ArrayBuffer[] = []) => worker.postMessage(request, transfer);

  const request = (build: (id: number) => WriterRequest, transfer: ArrayBuffer[], onDone: (results: WriterResult[]) => void, onFail: (err: Error) => void) => {
    const id = nextId++;
    if (inFlight.size === 0) worker.ref();
    inFlight.set(id, { settle: onDone, fail: onFail });
    send(build(id), transfer);
  };

  const flush = (): void => {
    flushScheduled = false;
    if (batchInFlight || queued.length === 0) return;
    const batch = queued;
    queued = [];
    if (stopped) return batch.forEach((q) => q.fail(stopped as Error));
    let total = 0;
    for (const q of batch) for (const b of q.bytes) total += b.length;
    const blob = new ArrayBuffer(total);
    const view = new Uint8Array(blob);
    let offset = 0;
    const ops = batch.map((q) =>
      q.toOp(
        q.bytes.map((b) => {
          view.set(b, offset);
          offset += b.length;
          return { offset: offset - b.length, length: b.length };
        }),
      ),
    );
    batchInFlight = true;
    request(
      (id) => ({ type: 'batch', id, ops, blob }),
      [blob],
      (results) => {
        batchInFlight = false;
        batch.forEach((q, i) => q.settle(results[i] as WriterResult));
        schedule();
      },
      (err) => {
        batchInFlight = false;
        batch.forEach((q) => q.fail(err));
      },
    );
  };
  // setImmediate: after this turn's frames and the continuations of the batch just answered,
  // so they all join the next commit.
  const schedule = () => {
    if (flushScheduled || queued.length === 0) return;
    flushScheduled = true;
    setImmediate(flush);
  };

  const enqueue = <T>(bytes: Uint8Array[], toOp: Queued['toOp']): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (stopped || closing) return reject(stopped ?? new WriterStoppedError('the store is closed'));
      queued.push({
        bytes,
        toOp,
        settle: (r) => (r.ok ? resolve(r.value as T) : reject(Object.assign(new Error(r.message), { name: r.name }))),
        fail: reject,
      });
      schedule();
    });

  worker.on('message', (reply: WriterReply) => {
    const waiting = inFlight.get(reply.id);
    if (!waiting) return;
    inFlight.delete(reply.id);
    if (inFlight.size === 0) worker.unref();
    waiting.settle(reply.results);
    for (const resolve of afterAnswer.splice(0)) resolve();
  });
  let cause = 'exit';
  worker.on('error', (err) => {
    cause = err.name;
  });
  worker.once('exit', (code) => {
    const wasClosing = closing && inFlight.size === 0 && queued.length === 0;
    stopped = new WriterStoppedError('the store writer stopped');
    for (const waiting of inFlight.values()) waiting.fail(stopped);
    inFlight.clear();
    for (const q of queued.splice(0)) q.fail(stopped);
    // Names and codes only: an error from the thread could quote a statement, never bytes, but
    // the log stays as terse as the rest of the relay's.
    if (!wasClosing) log('store.writer-stopped', { code, cause });
  });

  return {
    appendEnvelopes: (group) => {
      if (group.length === 0) return Promise.resolve([]);
      return enqueue<number[]>(
        group.map((e) => e.bytes),
        (packed) => ({
          op: 'envelopes',
          envelopes: group.map((e, i) => ({
            planId: e.planId,
            author: e.author,
            kind: e.kind,
            clock: e.clock,
            epoch: e.epoch,
            coversUpTo: e.coversUpTo,
            trusted: e.trusted === true,
            digest: e.digest as string,
            ...(packed[i] as PackedBytes),
          })),
        }),
      );
    },
    appendMemberEvent: (planId, index, bytes) =>
      enqueue<boolean>([bytes], (packed) => ({ op: 'member', planId, index, ...(packed[0] as PackedBytes) })),
    confirmSnapshot: (planId, seq) => enqueue<boolean>([], () => ({ op: 'confirm', planId, seq })),
    pruneReceipts: (planId, upToSeq) => enqueue<number>([], () => ({ op: 'prune-receipts', planId, upToSeq })),
    settings: () =>
      new Promise<WriterSettings>((resolve, reject) => {
        if (stopped) return reject(stopped);
        request(
          (id) => ({ type: 'settings', id }),
          [],
          (results) => {
            const r = results[0];
            if (r?.ok) resolve(r.value as WriterSettings);
            else reject(new Error('no settings from the store writer'));
          },
          reject,
        );
      }),
    async close() {
      if (closing) return exited;
      closing = true;
      // What is queued still commits (and its callers get their answers) before the thread ends.
      while (!stopped && (queued.length > 0 || inFlight.size > 0)) {
        const answered = new Promise<void>((resolve) => afterAnswer.push(resolve));
        flush();
        await Promise.race([answered, exited]);
      }
      if (!stopped) send({ type: 'close' });
      worker.ref();
      await exited;
    },
    async crash() {
      await worker.terminate();
    },
  };
}
