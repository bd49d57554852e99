import * as Y from 'yjs';
import { toBase64Url, type Sodium } from '@safeplan/schema/crypto';
import { authenticateRuns, type Authentication } from '@safeplan/schema/protocol';
import { ChainLinks } from '../../client/src/sync/chain-links.ts';
import { checkEnvelope, type CheckContext } from '../../client/src/sync/envelope-checks.ts';
import { IncomingRuns } from '../../client/src/sync/incoming-runs.ts';
import { clocksAreProven } from '../../client/src/sync/snapshot-proofs.ts';
import type { SharedPlan } from './relay-client.ts';

/**
 * The receiving half of a device, with the client's own envelope checks (client/src/sync/
 * envelope-checks.ts: verify, plan, membership, clock, decrypt) and then Y.applyUpdate.
 * `receive` is the engine's incoming path for a delivered frame (relay-conversation.ts onFrame,
 * plan-session.ts #onDeliver): announced on arrival, handled in order, and whatever arrived before
 * a frame's turn is authenticated with it as one batch (incoming-runs.ts: one signature per
 * author's run); `apply` checks one envelope on its own (its signature verified here).
 */
export class PlanReader {
  readonly #clocks = new Map<string, number>();
  /** Per author, the envelope behind their clock (hashed when compared): the head their next update must name. */
  readonly #heads = new Map<string, Uint8Array>();
  /** The engine's hash cache: a head run verification already hashed is not hashed again. */
  readonly #links: ChainLinks;
  readonly #runs: IncomingRuns;
  /** The engine's frame queue (relay-conversation.ts #serial): one frame at a time, in order. */
  #queue: Promise<void> = Promise.resolve();
  /** The first error of `receive`d frames; every later frame is dropped (a reader that refused one stops). */
  #failure: Error | null = null;
  /** Called after each `receive`d envelope was applied (or with the error that stopped the reader). */
  onApplied: ((plaintext: Uint8Array) => void) | null = null;
  onFailure: ((err: Error) => void) | null = null;
  readonly #members: Set<string>;
  applied = 0;
  /** What run verification of `receive`d frames cost: batches authenticated and signatures verified. */
  readonly runStats = { batches: 0, signatures: 0 };
  /** Made once: closures made per envelope cost more than the checks under tsx (its __name wrapper). */
  readonly #context: CheckContext;

  constructor(
    readonly s: Sodium,
    readonly plan: SharedPlan,
    readonly doc: Y.Doc = new Y.Doc(),
  ) {
    this.#members = new Set(plan.members.map((m) => toBase64Url(m.sign.publicKey)));
    this.#links = new ChainLinks(s);
    // inlineRunVerifier (incoming-runs.ts), counting what each batch cost.
    this.#runs = new IncomingRuns({
      authenticate: (envelopes) => {
        const batch = authenticateRuns(s, envelopes);
        this.runStats.batches++;
        this.runStats.signatures += batch.signaturesChecked;
        return Promise.resolve(batch.results);
      },
    });
    this.#context = this.#makeContext();
  }

  #makeContext(): CheckContext {
    return {
      planId: this.plan.planId,
      keyFor: (author, epoch) => (this.#members.has(toBase64Url(author)) ? (epoch === 0 ? this.plan.epochKey : 'no-key') : undefined),
      clocks: this.#clocks,
      // No membership log here (members are a fixed set): the log-position rule (writeStanding,
      // ~2 µs per envelope on a 31-event log) is left out of the relay-path benches.
      standing: () => null,
      headHash: (author) => {
        const head = this.#heads.get(author);
        return head ? this.#links.hashOf(head) : null;
      },
    };
  }

  /**
   * A delivered envelope, as the engine takes it: announced now, authenticated with the frames
   * that arrived before its turn, then checked and applied in order.
   */
  receive(envelope: Uint8Array): void {
    this.#runs.arrived(envelope);
    this.#queue = this.#queue.then(async () => {
      if (this.#failure) return;
      const authenticated = await this.#runs.take(envelope);
      try {
        if (authenticated.ok) this.#links.known(envelope, authenticated.hash);
        const plaintext = this.apply(envelope, authenticated);
        this.onApplied?.(plaintext);
      } catch (err) {
        this.#failure = err instanceof Error ? err : new Error(String(err));
        this.onFailure?.(this.#failure);
      }
    });
  }

  /** Resolves when every `receive`d frame is handled; rejects with the first refusal. */
  async idle(): Promise<void> {
    await this.#queue;
    if (this.#failure) throw this.#failure;
  }

  /**
   * Applies one delivered envelope; returns the plaintext Yjs update (for timing by its origin).
   * `authenticated`: its verdict from run verification (client/src/sync/incoming-runs.ts), as the
   * engine passes it; without it the signature is verified here.
   */
  apply(envelope: Uint8Array, authenticated?: Authentication): Uint8Array {
    const checked = checkEnvelope(this.s, envelope, this.#context, authenticated);
    if (checked.kind === 'update') {
      this.#clocks.set(checked.author, checked.clock);
      this.#heads.set(checked.author, envelope);
      Y.applyUpdate(this.doc, checked.plaintext, 'relay');
      this.applied++;
      return checked.plaintext;
    }
    if (checked.kind === 'snapshot') {
      // As a device that does not hold what the snapshot covers: its clocks must be proven.
      if (!clocksAreProven(this.s, this.plan.planId, checked.content)) throw new Error('snapshot clocks are not proven');
      Y.applyUpdate(this.doc, checked.content.state, 'relay');
      for (const [author, clock] of checked.content.clocks) {
        this.#clocks.set(author, clock);
        const proof = checked.content.proofs?.get(author);
        if (proof) this.#heads.set(author, proof);
      }
      this.applied++;
      return checked.content.state;
    }
    return checked.plaintext;
  }
}
