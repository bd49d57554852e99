import type { MemberKind, Role } from '@safeplan/schema/protocol';

/** The four steps of the hand-over of the plan (regie) to the network chair, from the method. */
export type RegieStep = 1 | 2 | 3 | 4;
export const REGIE_STEPS: readonly RegieStep[] = [1, 2, 3, 4];

/** What the step is read from: the signed log's roles, kinds and offers (never from names). */
export interface RegiePerson {
  role: Role;
  kind: MemberKind;
  offeredOwnership: boolean;
}

/**
 * Where the plan is in the hand-over. An offer to a non-professional already counts as step 2:
 * the hand-over has started, and the advice should speak about the next step, not the first.
 * A plan that a household or network member made on their own has nobody to hand over from, so
 * it counts as led by the network (step 3) until it is closed.
 */
export function regieStep(people: readonly RegiePerson[], closed: boolean): RegieStep {
  if (closed) return 4;
  const owners = people.filter((p) => p.role === 'owner');
  const networkOwner = owners.some((p) => p.kind !== 'professional');
  const professionalOwner = owners.some((p) => p.kind === 'professional');
  if (networkOwner) return professionalOwner ? 2 : 3;
  return people.some((p) => p.offeredOwnership && p.kind !== 'professional') ? 2 : 1;
}
