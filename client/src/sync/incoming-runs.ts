import type { Sodium } from '@safeplan/schema/crypto';
import { authenticateRuns, type Authentication } from '@safeplan/schema/protocol';

/**
 * Where run verification (author-chain.ts) happens: inline (Node, tests) or in a Web Worker
 * (the browser, run-verify-worker.ts), with the same pure code. Results come in input order.
 */
export interface RunVerifier {
  authenticate(envelopes: readonly Uint8Array[]): Promise<Authentication[]>;
  /**
   * Present when the verification runs on this thread: the verdicts at once. A live delivery is
   * then checked, applied and stored in the turn its frame is handled, without promise hops.
   */
  authenticateNow?(envelopes: readonly Uint8Array[]): Authentication[];
}

export function inlineRunVerifier(s: Sodium): RunVerifier {
  const now = (envelopes: readonly Uint8Array[]) => authenticateRuns(s, envelopes).results;
  return { authenticate: (envelopes) => Promise.resolve(now(envelopes)), authenticateNow: now };
}

interface Batch {
  members: Uint8Array[];
  /** Verdicts in member order: at once from an inline verifier, later from a worker. */
  results: Authentication[] | Promise<Authentication[]>;
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

  /**
   * The verdict for a delivered envelope, now that it is its turn: at once when the verifier runs
   * on this thread, else a promise. Never rejects for bad input: a bad envelope gets a refusal.
   */
  take(envelope: Uint8Array): Authentication | Promise<Authentication> {
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
      return verdictAt(batch.results, i);
    }
    const at = this.#waiting.indexOf(envelope);
    // Handed in without arriving first (a caller outside the conversation): checked alone.
    const members = at < 0 ? [envelope] : this.#waiting.slice(at);
    if (at >= 0) this.#waiting = [];
    const results = this.verifier.authenticateNow ? this.verifier.authenticateNow(members) : this.verifier.authenticate(members);
    if (members.length > 1) this.#batches.push({ members, results, next: 1 });
    return verdictAt(results, 0);
  }
}

function verdictAt(results: Authentication[] | Promise<Authentication[]>, i: number): Authentication | Promise<Authentication> {
  return Array.isArray(results) ? results[i]! : results.then((r) => r[i]!);
}
