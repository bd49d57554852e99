import type { MemberKind, Role } from '@safeplan/schema/protocol';

/**
 * Where the plan is in the hand-over of the plan (regie) to the network chair: 0 while the
 * hand-over has not started, then the method's four steps.
 */
export type RegieStep = 0 | 1 | 2 | 3 | 4;
export const REGIE_STEPS: readonly Exclude<RegieStep, 0>[] = [1, 2, 3, 4];

/** What the step is read from: the signed log's roles, kinds and offers (never from names). */
export interface RegiePerson {
  role: Role;
  kind: MemberKind;
  offeredOwnership: boolean;
}

/**
 * Where the plan is in the hand-over. The method hands the plan over from the professionals to
 * the network, so it starts only once both are in the plan: a new plan (one person) and a plan
 * without a professional or without anyone from household or network have not started it.
 * An offer to a non-professional already counts as step 2: the hand-over is under way, and the
 * advice should speak about the next step, not the first.
 */
export function regieStep(people: readonly RegiePerson[], closed: boolean): RegieStep {
  if (closed) return 4;
  const professionals = people.filter((p) => p.kind === 'professional');
  if (professionals.length === 0 || professionals.length === people.length) return 0;
  const owners = people.filter((p) => p.role === 'owner');
  const networkOwner = owners.some((p) => p.kind !== 'professional');
  const professionalOwner = owners.some((p) => p.kind === 'professional');
  if (networkOwner) return professionalOwner ? 2 : 3;
  return people.some((p) => p.offeredOwnership && p.kind !== 'professional') ? 2 : 1;
}
