/**
 * Where review data lives inside the (encrypted) plan document. Everything here travels with the
 * plan's own updates, so the relay learns nothing it did not already see: sizes and timing.
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

/** The Y.XmlFragment the editor binds to (client/src/editor/seed.ts PLAN_FIELD). */
export const PLAN_FRAGMENT = 'plan';

/**
 * The client id under which every device writes the same empty plan (client/src/editor/seed.ts).
 * Its content is the empty plan, not anyone's change, so review never lists it.
 */
export const SEED_CLIENT_ID = 0;
