import { MEMBER_KINDS, PROFESSIONAL_FUNCTIONS, type MemberKind, type MemberProfile, type ProfessionalFunction } from '@safeplan/schema/protocol';

const isKind = (v: string): v is MemberKind => Object.hasOwn(MEMBER_KINDS, v);
const isFunction = (v: string): v is ProfessionalFunction => Object.hasOwn(PROFESSIONAL_FUNCTIONS, v);

/**
 * The creator's place in the method from the new-plan form (`creatorKind`, `creatorFunction`).
 * Anything unexpected falls back to network, the kind that keeps the plan after the case closes,
 * so a tampered form can never make the creator disappear at close-case by accident.
 */
export function creatorProfileFrom(form: FormData): MemberProfile {
  const kind = String(form.get('creatorKind') ?? '');
  if (!isKind(kind)) return { kind: 'network' };
  if (kind !== 'professional') return { kind };
  const fn = String(form.get('creatorFunction') ?? '');
  return { kind, function: isFunction(fn) ? fn : 'other' };
}
