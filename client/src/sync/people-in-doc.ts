import type * as Y from 'yjs';
import { fromBase64Url, type KeyPair, type Sodium } from '@safeplan/schema/crypto';
import {
  isProtocolError,
  keyId,
  MAX_DETAIL_CHARS,
  openPersonDetails,
  refuseDetails,
  signPersonDetails,
  type MembershipState,
  type PersonDetails,
  type SignedPersonDetails,
} from '@safeplan/schema/protocol';

export { MAX_DETAIL_CHARS, type PersonDetails };

/**
 * Names, relations and phone numbers of members live only in the encrypted contributions document
 * (which every role but reader may write, so a contributor can give their own name), never in the
 * member log (which the relay reads). One entry per person id, replaced as a whole, so two
 * devices editing the same person's details settle on one version instead of a mix. Each entry is
 * signed by the device that wrote it (schema/src/protocol/person-details.ts): every writer of the
 * document can replace any entry, but only the person's own devices or an owner can make one hold.
 */
export const PEOPLE_MAP = 'people';

export class DetailsError extends Error {
  constructor(readonly field: keyof Omit<PersonDetails, 'at'>) {
    super(`${field} is longer than ${MAX_DETAIL_CHARS} characters`);
  }
}

export function peopleMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(PEOPLE_MAP);
}

export interface PeopleHost {
  readonly s: Sodium;
  readonly doc: Y.Doc;
  /** The member log now: it says whose devices may sign whose details. */
  state(): MembershipState;
  /** A signed entry came in that does not hold (bad signature, or another person, plan or signer). */
  forged(): void;
  /** Some entry changed (also our own writes). */
  changed(): void;
}

type Held = { details: SignedPersonDetails; bytes: Uint8Array };
type Verdict = { kind: 'holds'; held: Held } | { kind: 'absent' } | { kind: 'refused' };

/**
 * Reads and writes the signed entries. What is shown for a person is the stored entry if it holds,
 * else the last entry that held on this device: overwriting someone's entry can hide it from a
 * device that never saw it, but cannot change what a device already showed.
 */
export class PeopleInDoc {
  readonly #h: PeopleHost;
  /** Decoding and verifying depend on the bytes only; the log check is redone on every read. */
  readonly #opened = new WeakMap<Uint8Array, SignedPersonDetails | null>();
  readonly #lastHeld = new Map<string, Held>();

  constructor(host: PeopleHost) {
    this.#h = host;
    peopleMap(host.doc).observe((event) => {
      let forged = false;
      for (const [personId, change] of event.changes.keys) {
        // What was there before counts too: it may be what a forged entry just replaced.
        if (change.action !== 'add') this.#keep(personId, change.oldValue);
        const verdict = this.#judge(personId, peopleMap(host.doc).get(personId));
        if (verdict.kind === 'holds') this.#lastHeld.set(personId, verdict.held);
        if (verdict.kind === 'refused') forged = true;
      }
      if (forged) host.forged();
      host.changed();
    });
  }

  /** The details to show for a person, or undefined when none ever held here. */
  details(personId: string): PersonDetails | undefined {
    const held = this.#held(personId);
    if (!held) return undefined;
    const { displayName, relation, phone, at } = held.details;
    return { displayName, relation, phone, at };
  }

  /** True when the entry stored now for this person holds (not only one remembered from before). */
  holds(personId: string): boolean {
    return this.#judge(personId, peopleMap(this.#h.doc).get(personId)).kind === 'holds';
  }

  /** Merges `changes` into what is shown for the person, signs it with `signer` and stores it. */
  write(personId: string, changes: Partial<Omit<PersonDetails, 'at'>>, signer: KeyPair, at: number): PersonDetails {
    for (const field of ['displayName', 'relation', 'phone'] as const) {
      const value = changes[field];
      if (value !== undefined && value.length > MAX_DETAIL_CHARS) throw new DetailsError(field);
    }
    const before = this.details(personId) ?? { displayName: '', relation: '', phone: '', at: 0 };
    const next: PersonDetails = {
      displayName: (changes.displayName ?? before.displayName).trim(),
      relation: (changes.relation ?? before.relation).trim(),
      phone: (changes.phone ?? before.phone).trim(),
      at: Math.floor(at),
    };
    const bytes = signPersonDetails(this.#h.s, {
      planId: this.#h.state().planId,
      personId: fromBase64Url(personId),
      details: next,
      signer,
    });
    this.#h.doc.transact(() => peopleMap(this.#h.doc).set(personId, bytes));
    return next;
  }

  /** Puts the last entry that held here back, as it was signed; false when there is none. */
  restore(personId: string): boolean {
    const held = this.#held(personId);
    if (!held || this.holds(personId)) return false;
    this.#h.doc.transact(() => peopleMap(this.#h.doc).set(personId, held.bytes));
    return true;
  }

  #held(personId: string): Held | undefined {
    const now = this.#judge(personId, peopleMap(this.#h.doc).get(personId));
    if (now.kind === 'holds') {
      this.#lastHeld.set(personId, now.held);
      return now.held;
    }
    const last = this.#lastHeld.get(personId);
    // The log may have changed since (an owner demoted): what held then is judged again.
    return last && this.#judge(personId, last.bytes).kind === 'holds' ? last : undefined;
  }

  #keep(personId: string, value: unknown): void {
    const verdict = this.#judge(personId, value);
    if (verdict.kind === 'holds') this.#lastHeld.set(personId, verdict.held);
  }

  /** Unsigned (old-format) or missing entries are absent; signed ones that fail any check are refused. */
  #judge(personId: string, value: unknown): Verdict {
    if (!(value instanceof Uint8Array)) return { kind: 'absent' };
    let details = this.#opened.get(value);
    if (details === undefined) {
      try {
        details = openPersonDetails(this.#h.s, value);
      } catch (err) {
        if (!isProtocolError(err)) throw err;
        details = null;
      }
      this.#opened.set(value, details);
    }
    if (!details || keyId(details.personId) !== personId) return { kind: 'refused' };
    if (refuseDetails(this.#h.state(), details.personId, details)) return { kind: 'refused' };
    return { kind: 'holds', held: { details, bytes: value } };
  }
}
