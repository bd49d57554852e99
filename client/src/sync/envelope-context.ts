import type { Sodium } from '@safeplan/schema/crypto';
import { overCap, writeStanding, type Channel, type MembershipState } from '@safeplan/schema/protocol';
import type { AuthorClocks } from './author-clocks.ts';
import type { ChainLinks } from './chain-links.ts';
import { checkEnvelope, type CheckContext, type CheckedEnvelope } from './envelope-checks.ts';
import type { MemberLog } from './member-log.ts';

/**
 * What an envelope of this plan is checked against (envelope-checks.ts): the member log as it is
 * now, the authors' clocks and chain heads. One place, so an envelope from the relay, from presence
 * and from this device's own store are judged by the same log.
 */
export class EnvelopeContext {
  #live: { state: MembershipState; context: CheckContext } | null = null;

  constructor(
    private readonly s: Sodium,
    private readonly planIdBytes: Uint8Array,
    private readonly log: MemberLog,
    private readonly authors: AuthorClocks,
    private readonly links: ChainLinks,
  ) {}

  /**
   * An update or snapshot arriving now: clocks and chain links are checked. Made once per
   * member-log state (the log replaces its state on every event; clocks and proofs are read
   * live), so a delivery does not pay for a new view, context and closures.
   */
  live(): CheckContext {
    const state = this.log.state;
    if (this.#live?.state !== state) this.#live = { state, context: this.#context(true, true) };
    return this.#live.context;
  }

  /** Presence arriving now: no clocks. */
  presence(): CheckContext {
    return this.#context(false, true);
  }

  /** A stored envelope (or a record holding one) verified and decrypted without clocks, or null. */
  checkStored(value: unknown): CheckedEnvelope | null {
    if (!(value instanceof Uint8Array)) {
      const v = value as { envelope?: unknown };
      return v && v.envelope instanceof Uint8Array ? this.checkStored(v.envelope) : null;
    }
    try {
      return checkEnvelope(this.s, value, this.#context(false, false));
    } catch {
      return null;
    }
  }

  /**
   * `live`: an envelope arriving now. A stored one was judged when it arrived; a signed position
   * gives the same answer later, but the rule for headers without one depends on events after it
   * (a later removal), so stored version 1 and 2 envelopes are not judged by it again.
   */
  #context(withClocks: boolean, live: boolean): CheckContext {
    const view = this.log.view();
    const state = this.log.state;
    return {
      planId: this.planIdBytes,
      keyFor: view.keyFor,
      clocks: withClocks ? this.authors.clocks : null,
      // The head each author's next update must name: the envelope behind its clock here (a snapshot's proof, or the last applied).
      headHash: (author: string) => {
        const proof = this.authors.proofs.get(author);
        return proof ? this.links.hashOf(proof) : null;
      },
      standing: (author: Uint8Array, epoch: number, channel: Channel | null, position: number | undefined, clock?: number) =>
        live || position !== undefined
          ? writeStanding(state, author, epoch, channel, position, clock)
          : // A cap does not depend on what the header says: it holds for stored envelopes too.
            clock !== undefined && channel !== null
            ? overCap(state, author, channel, clock)
            : null,
    };
  }
}
