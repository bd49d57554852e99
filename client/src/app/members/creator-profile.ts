import { MEMBER_KINDS, PROFESSIONAL_FUNCTIONS, type MemberKind, type MemberProfile, type ProfessionalFunction } from '@safeplan/schema/protocol';

const isKind = (v: string): v is MemberKind => Object.hasOwn(MEMBER_KINDS, v);
const isFunction = (v: string): v is ProfessionalFunction => Object.hasOwn(PROFESSIONAL_FUNCTIONS, v);

/**
 * The creator's place in the method from the new-plan form (`creatorKind`, `creatorFunction`).
 * Anything unexpected falls back to network, the kind that keeps the plan after the case closes,
 * so a tampered form can never make the creator disappear at close-case by accident.
 */
export function creatorProfileFrom(form: FormData): MemberProfile {
  return profileFrom(form, 'creatorKind', 'creatorFunction');
}

/** Whether the creator chose their place in the new-plan form (nothing is chosen for them). */
export function creatorKindChosen(form: FormData): boolean {
  return isKind(String(form.get('creatorKind') ?? ''));
}

/** A profile from the form fields of `ProfileFields`; anything unexpected means network. */
export function profileFrom(form: FormData, kindName: string, functionName: string): MemberProfile {
  const kind = String(form.get(kindName) ?? '');
  if (!isKind(kind)) return { kind: 'network' };
  if (kind !== 'professional') return { kind };
  const fn = String(form.get(functionName) ?? '');
  return { kind, function: isFunction(fn) ? fn : 'other' };
}
