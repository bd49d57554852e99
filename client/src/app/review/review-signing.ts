import type { PlanReview, PlanSession } from '../../sync/session.ts';

/** The engine's review signing (keys stay in the engine); the screens only ever call through this. */
export type ReviewSigning = PlanReview;

/** The session's review signing, or null for a session without it (the versions tab then says so). */
export function reviewSigningOf(session: PlanSession): ReviewSigning | null {
  return session.review ?? null;
}
