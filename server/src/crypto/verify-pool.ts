import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.ts';

/**
 * Ed25519 checks of published envelopes on worker threads. Verify is the largest CPU cost per
 * publish on the event loop (~50–60 µs native, docs/performance.md "relay-throughput"); on a
 * machine with cores beyond the event loop and the SQLite writer it runs beside the event loop.
 *
 * Batched: every check asked for in one event-loop turn (all frames read from all sockets in that
 * turn) is packed into one transferred buffer and sent to a thread in one message; the thread
 * answers with one byte per check. A turn with fewer than `minThreadBatch` checks is checked
 * inline instead: a round trip to a thread costs ~30 µs of CPU (both sides), as much as half a
 * check, so a quiet relay would pay more in all and gain nothing; a busy event loop reads many
 * frames per turn, and those batches leave it. The signed message is packed straight from its parts (domain
 * tag, header, ciphertext), so the event loop copies each envelope once.
 *
 * Same library and rules as the inline check (native-verify.ts): sodium-native's
 * `crypto_sign_verify_detached`, a throw counts as "does not hold". If a thread dies, what it had
 * not answered and everything after is checked inline on the event loop (said once in the log):
 * a signature is never taken as valid without a check.
 */
export interface VerifyPool {
  /** Whether `signature` by `publicKey` holds over the concatenation of `parts`. */
  verify(signature: Uint8Array, publicKey: Uint8Array, parts: readonly Uint8Array[]): Promise<boolean>;
  readonly threads: number;
  close(): Promise<void>;
  /** Ends every thread at once, as a crash would (tests of what happens to their checks). */
  crash(): Promise<void>;
}

interface NativeVerify {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

interface Pending {
  signature: Uint8Array;
  publicKey: Uint8Array;
  parts: readonly Uint8Array[];
  length: number;
  resolve(ok: boolean): void;
}

const SIGNATURE_BYTES = 64;
const PUBLIC_KEY_BYTES = 32;
/** Per check in the packed buffer: message length (u32), signature, public key, then the message. */
const ITEM_HEAD = 4 + SIGNATURE_BYTES + PUBLIC_KEY_BYTES;

// Plain JavaScript run with `eval`: the thread needs none of the relay's modules, so it works the
// same from source (tsx, Vitest) and from the build, with no entry of its own.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const native = require(workerData.sodiumNative);
parentPort.on('message', (m) => {
  const bytes = new Uint8Array(m.blob);
  const view = new DataView(m.blob);
  const results = new Uint8Array(m.count);
  let o = 0;
  for (let i = 0; i < m.count; i++) {
    const length = view.getUint32(o, true);
    const signature = bytes.subarray(o + 4, o + 68);
    const publicKey = bytes.subarray(o + 68, o + 100);
    const message = bytes.subarray(o + 100, o + 100 + length);
    o += 100 + length;
    try {
      results[i] = native.crypto_sign_verify_detached(signature, message, publicKey) ? 1 : 0;
    } catch {
      results[i] = 0;
    }
  }
  parentPort.postMessage({ id: m.id, results }, [results.buffer]);
});
`;

/**
 * Threads by default: one per core left after the event loop and the SQLite writer thread, at most
 * 4; so none on 1 or 2 cores. Measured on 2 cores (docs/performance.md, 2026-12-06 08:24-08:40):
 * a verify thread there raised saturation throughput (relay-throughput 11.5k -> 17-26k
 * deliveries/s) but tripled the latency bench's p99 at 1,000 keystrokes/s (18.6 -> 55-152 ms),
 * because the thread competes for the same two cores; a person typing feels the tail.
 */
export function defaultVerifyThreads(cores: number): number {
  return Math.max(0, Math.min(4, cores - 2));
}

/** Below this many checks in a turn, they are done inline (see above; 8 and 32 measured in docs/performance.md). */
export const MIN_THREAD_BATCH = 32;

export function createVerifyPool(threadCount: number, log: Logger, minThreadBatch = MIN_THREAD_BATCH): VerifyPool {
  const require = createRequire(import.meta.url);
  const sodiumNative = require.resolve('sodium-native');
  let inline: NativeVerify | null = null;
  const inlineVerify = (p: Pending): boolean => {
    inline ??= require(sodiumNative) as NativeVerify;
    try {
      return inline.crypto_sign_verify_detached(p.signature, concat(p.parts, p.length), p.publicKey);
    } catch {
      return false;
    }
  };

  interface Thread {
    worker: Worker;
    inFlight: Map<number, Pending[]>;
  }
  const threads: Thread[] = [];
  let stopped = false;
  let nextId = 1;
  let next = 0;
  let queued: Pending[] = [];
  let flushScheduled = false;
  /** Threads start on the first check (a relay that never sees a publish starts none). */
  let started = false;

  const startThread = (): Thread => {
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { sodiumNative } });
    worker.unref();
    const thread: Thread = { worker, inFlight: new Map() };
    worker.on('message', (m: { id: number; results: Uint8Array }) => {
      const batch = thread.inFlight.get(m.id);
      if (!batch) return;
      thread.inFlight.delete(m.id);
      if (thread.inFlight.size === 0) worker.unref();
      batch.forEach((p, i) => p.resolve(m.results[i] === 1));
    });
    let cause = 'exit';
    worker.on('error', (err) => {
      cause = err.name;
    });
    worker.once('exit', (code) => {
      const index = threads.indexOf(thread);
      if (index >= 0) threads.splice(index, 1);
      // Nothing unanswered is lost or taken as valid: it is checked here instead.
      for (const batch of thread.inFlight.values()) for (const p of batch) p.resolve(inlineVerify(p));
      thread.inFlight.clear();
      if (!stopped) log('verify.thread-stopped', { code, cause, left: threads.length });
    });
    return thread;
  };

  const flush = () => {
    flushScheduled = false;
    const batch = queued;
    queued = [];
    if (batch.length === 0) return;
    if (batch.length < minThreadBatch) {
      for (const p of batch) p.resolve(inlineVerify(p));
      return;
    }
    if (!started && !stopped) {
      started = true;
      for (let i = 0; i < threadCount; i++) threads.push(startThread());
    }
    const thread = threads[next++ % Math.max(1, threads.length)];
    if (!thread) {
      for (const p of batch) p.resolve(inlineVerify(p));
      return;
    }
    let total = 0;
    for (const p of batch) total += ITEM_HEAD + p.length;
    const blob = new ArrayBuffer(total);
    const bytes = new Uint8Array(blob);
    const view = new DataView(blob);
    let o = 0;
    for (const p of batch) {
      view.setUint32(o, p.length, true);
      bytes.set(p.signature, o + 4);
      bytes.set(p.publicKey, o + 4 + SIGNATURE_BYTES);
      o += ITEM_HEAD;
      for (const part of p.parts) {
        bytes.set(part, o);
        o += part.length;
      }
    }
    const id = nextId++;
    if (thread.inFlight.size === 0) thread.worker.ref();
    thread.inFlight.set(id, batch);
    thread.worker.postMessage({ id, blob, count: batch.length }, [blob]);
  };

  return {
    threads: threadCount,
    verify(signature, publicKey, parts) {
      let length = 0;
      for (const part of parts) length += part.length;
      return new Promise<boolean>((resolve) => {
        const p: Pending = { signature, publicKey, parts, length, resolve };
        // Wrong lengths never hold (and sodium-native would throw on them): no need to ask a thread.
        if (signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return resolve(false);
        if (threadCount === 0 || stopped) return resolve(inlineVerify(p));
        queued.push(p);
        if (!flushScheduled) {
          flushScheduled = true;
          // After every frame this turn reads: they all go in one message.
          setImmediate(flush);
        }
      });
    },
    async close() {
      stopped = true;
      flush();
      await Promise.all(
        threads.map(
          (t) =>
            new Promise<void>((resolve) => {
              if (t.inFlight.size === 0) return resolve();
              t.worker.on('message', () => t.inFlight.size === 0 && resolve());
              t.worker.once('exit', () => resolve());
            }),
        ),
      );
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
    async crash() {
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}
