import * as Y from 'yjs';
import { toBase64Url, type Sodium } from '@safeplan/schema/crypto';
import { envelopeHash, type Authentication } from '@safeplan/schema/protocol';
import { checkEnvelope, type CheckContext } from '../../client/src/sync/envelope-checks.ts';
import { clocksAreProven } from '../../client/src/sync/snapshot-proofs.ts';
import type { SharedPlan } from './relay-client.ts';

/**
 * The receiving half of a device, with the client's own envelope checks (client/src/sync/
 * envelope-checks.ts: verify, plan, membership, clock, decrypt) and then Y.applyUpdate.
 */
export class PlanReader {
  readonly #clocks = new Map<string, number>();
  /** Per author, the envelope behind their clock (hashed when compared): the head their next update must name. */
  readonly #heads = new Map<string, Uint8Array>();
  readonly #members: Set<string>;
  applied = 0;
  /** Made once: closures made per envelope cost more than the checks under tsx (its __name wrapper). */
  readonly #context: CheckContext;

  constructor(
    readonly s: Sodium,
    readonly plan: SharedPlan,
    readonly doc: Y.Doc = new Y.Doc(),
  ) {
    this.#members = new Set(plan.members.map((m) => toBase64Url(m.sign.publicKey)));
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
        return head ? envelopeHash(this.s, head) : null;
      },
    };
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
