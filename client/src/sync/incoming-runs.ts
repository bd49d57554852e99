import type { Sodium } from '@safeplan/schema/crypto';
import { authenticateRuns, type Authentication } from '@safeplan/schema/protocol';

/**
 * Where run verification (author-chain.ts) happens: inline (Node, tests) or in a Web Worker
 * (the browser, run-verify-worker.ts), with the same pure code. Results come in input order.
 */
export interface RunVerifier {
  authenticate(envelopes: readonly Uint8Array[]): Promise<Authentication[]>;
}

export function inlineRunVerifier(s: Sodium): RunVerifier {
  return { authenticate: (envelopes) => Promise.resolve(authenticateRuns(s, envelopes).results) };
}

interface Batch {
  members: Uint8Array[];
  results: Promise<Authentication[]>;
  /** Index of the next member to be taken: frames are handled in arrival order. */
  next: number;
}

/**
 * Delivered envelopes between their arrival and their turn. When the first of them is handled,
 * every one that has arrived by then is authenticated as one batch (one signature per author's
 * run, docs/protocol.md "Author chains"); the rest take their verdict from it. During a catch-up
 * frames arrive far faster than they are applied, so batches are large; live, a batch is usually
 * one envelope and costs one signature, as before.
 */
export class IncomingRuns {
  #waiting: Uint8Array[] = [];
  readonly #batches: Batch[] = [];

  constructor(private readonly verifier: RunVerifier) {}

  /** A delivered envelope arrived (before its turn: the frame queue is behind). */
  arrived(envelope: Uint8Array): void {
    this.#waiting.push(envelope);
  }

  /** The verdict for a delivered envelope, now that it is its turn. Never rejects for bad input: a bad envelope gets a refusal. */
  take(envelope: Uint8Array): Promise<Authentication> {
    while (this.#batches.length > 0) {
      const batch = this.#batches[0]!;
      const i = batch.members.indexOf(envelope, batch.next);
      if (i < 0) {
        // None of its other members will come: frames are handled in order (the rest were skipped).
        this.#batches.shift();
        continue;
      }
      batch.next = i + 1;
      if (batch.next >= batch.members.length) this.#batches.shift();
      return batch.results.then((r) => r[i]!);
    }
    const at = this.#waiting.indexOf(envelope);
    // Handed in without arriving first (a caller outside the conversation): checked alone.
    if (at < 0) return this.verifier.authenticate([envelope]).then((r) => r[0]!);
    const batch: Batch = { members: this.#waiting.slice(at), results: Promise.resolve([]), next: 1 };
    this.#waiting = [];
    batch.results = this.verifier.authenticate(batch.members);
    if (batch.members.length > 1) this.#batches.push(batch);
    return batch.results.then((r) => r[0]!);
  }
}
