import type * as Y from 'yjs';

/**
 * Where review data lives inside the (encrypted) documents of a plan. Everything here travels with
 * the documents' own updates, so the relay learns nothing it did not already see: sizes and timing.
 *
 * A plan has two Y.Docs (docs/protocol.md "Roles and what each may do"): the plan document, which
 * only owners and editors write, and the contributions document, which contributors write too.
 * - plan document: the plan fragment, `clients`/`changes` for it, `versions`, review settings.
 * - contributions document: the contributions fragment (safety scale, safety log), `clients`/
 *   `changes` for it, `marks`, `comments`, `endorsements`, notices and comments read, people's names.
 * So a contributor can mark changes seen, reply, endorse and write their own name, and the relay can
 * still refuse every write of theirs to the plan itself.
 */
export const REVIEW_TYPES = {
  /** Y.Map: String(Yjs client id) → member id, written once per device session. */
  clients: 'review.clients',
  /** Y.Array of ChangeRecord: who changed the plan, when, where, and what they deleted. */
  changes: 'review.changes',
  /** Y.Map: member id → ReviewMark ("reviews/<memberId>"). */
  marks: 'reviews',
  /** Y.Array of ChangeComment. */
  comments: 'review.comments',
  /** Y.Array of sealed PlanVersion bytes; append only. */
  versions: 'review.versions',
  /** Y.Map: "<versionNo>/<signer key>" → encoded Endorsement. */
  endorsements: 'review.endorsements',
} as const;

/** The Y.XmlFragment the editor binds to (plan-seed.ts PLAN_FIELD). */
export const PLAN_FRAGMENT = 'plan';

/**
 * The client id under which every device writes the same empty plan (plan-seed.ts).
 * Its content is the empty plan, not anyone's change, so review never lists it.
 */
export const SEED_CLIENT_ID = 0;

/** The Y.XmlFragment of the contributions document (safety scale and safety log). */
export const CONTRIBUTIONS_FRAGMENT = 'contributions';

/** The two documents of one plan. */
export interface PlanDocs {
  plan: Y.Doc;
  contributions: Y.Doc;
}
