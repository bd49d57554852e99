import { ready } from '@safeplan/schema/crypto';
import { authenticateRuns } from '@safeplan/schema/protocol';
import type { RunRequest, RunResponse } from './worker-run-verifier.ts';

/**
 * The Web Worker that authenticates delivered batches off the main thread (worker-run-verifier.ts
 * starts it): the same pure `authenticateRuns` as inline, over its own libsodium. It holds no key:
 * envelopes are signed ciphertext, and only public keys are needed to check them.
 */
const scope = self as unknown as { onmessage: ((e: MessageEvent<RunRequest>) => void) | null; postMessage(message: RunResponse): void };
const sodium = ready();

scope.onmessage = (e) => {
  const { id, envelopes } = e.data;
  sodium.then(
    (s) => scope.postMessage({ id, results: authenticateRuns(s, envelopes).results }),
    (err: unknown) => scope.postMessage({ id, error: `libsodium did not load: ${String(err)}` }),
  );
};
