/**
 * Who a member is in the method: household, network or professional, and for a professional their
 * function. The relay may see these (they decide who leaves at close-case); names never enter the log.
 */
export const MEMBER_KINDS = { household: 1, network: 2, professional: 3 } as const;
export type MemberKind = keyof typeof MEMBER_KINDS;

export const PROFESSIONAL_FUNCTIONS = {
  casusregisseur: 1,
  veiligheidsplanner: 2,
  'veilig-thuis': 3,
  jeugdbescherming: 4,
  wijkteam: 5,
  other: 6,
} as const;
export type ProfessionalFunction = keyof typeof PROFESSIONAL_FUNCTIONS;

/** A member's place in the method; `function` only for professionals. */
export interface MemberProfile {
  kind: MemberKind;
  function?: ProfessionalFunction;
}

/** What v1 events (which carried no profile) mean: a network member, the kind that keeps the plan. */
export const DEFAULT_PROFILE: MemberProfile = { kind: 'network' };

const KIND_BY_NUMBER = new Map<number, MemberKind>(Object.entries(MEMBER_KINDS).map(([k, n]) => [n, k as MemberKind]));
const FUNCTION_BY_NUMBER = new Map<number, ProfessionalFunction>(
  Object.entries(PROFESSIONAL_FUNCTIONS).map(([k, n]) => [n, k as ProfessionalFunction]),
);

export function kindFromNumber(n: number): MemberKind | undefined {
  return KIND_BY_NUMBER.get(n);
}

/** 0 on the wire means "no function". */
export function functionFromNumber(n: number): ProfessionalFunction | undefined {
  return FUNCTION_BY_NUMBER.get(n);
}

/** Why a profile is inconsistent, or undefined when it is fine. */
export function profileProblem(p: MemberProfile): string | undefined {
  if (p.kind === 'professional' && !p.function) return 'a professional needs a function';
  if (p.kind !== 'professional' && p.function) return 'only a professional has a function';
  return undefined;
}
