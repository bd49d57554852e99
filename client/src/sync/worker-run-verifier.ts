import type { Authentication } from '@safeplan/schema/protocol';
import type { RunVerifier } from './incoming-runs.ts';
import { WorkerCalls } from '../workers/worker-calls.ts';
import { workerOnce, type StartableWorker } from '../workers/worker-once.ts';

export interface RunRequest {
  id: number;
  envelopes: readonly Uint8Array[];
}
export type RunResponse = { id: number; results: Authentication[] } | { id: number; error: string };

/** What this needs of a Worker (a test can hand in a stand-in). */
export interface WorkerLike extends StartableWorker {
  postMessage(message: RunRequest): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<RunResponse>) => void): void;
  addEventListener(type: 'error', listener: (e: Event) => void): void;
}

/**
 * Authenticates delivered batches in a Web Worker (run-verify-worker.ts), so the Ed25519 checks of
 * a catch-up or a burst do not hold up typing. Answers come back in the order asked, and the
 * session applies in arrival order whatever the worker does. If the worker cannot start or fails,
 * the batches waiting for it fail (the session warns `relay-frame-failed` and asks the relay
 * again) and later ones are checked by `fallback` on the main thread: slower, never unchecked.
 */
export function workerRunVerifier(start: () => WorkerLike, fallback: RunVerifier): RunVerifier {
  const calls = new WorkerCalls<Authentication[]>();
  const worker = workerOnce(
    start,
    (w) =>
      w.addEventListener('message', (e: MessageEvent<RunResponse>) =>
        calls.answered(e.data.id, 'error' in e.data ? { error: new Error(e.data.error) } : { value: e.data.results }),
      ),
    (why) => {
      console.warn('run verification worker failed; checking on the main thread', why);
      calls.failAll(() => new Error(`run verification worker failed: ${why}`));
    },
  );
  return {
    authenticate(envelopes) {
      const w = worker.get();
      if (!w) return fallback.authenticate(envelopes);
      return calls.start((id) => w.postMessage({ id, envelopes }));
    },
  };
}

let shared: RunVerifier | null = null;

/**
 * The browser's verifier: one module worker for the page (Vite bundles it from this URL), with
 * the main thread as fallback where workers are missing.
 */
export function browserRunVerifier(fallback: RunVerifier): RunVerifier {
  if (typeof Worker === 'undefined') return fallback;
  shared ??= workerRunVerifier(() => new Worker(new URL('./run-verify-worker.ts', import.meta.url), { type: 'module' }) as WorkerLike, fallback);
  return shared;
}
