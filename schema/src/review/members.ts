import type { MemberKind, ProfessionalFunction, Role } from '../protocol/index.ts';
import { toBase64Url } from '../crypto/index.ts';

/**
 * What review needs to know of a member device. A subset of the membership log's `Member`, so a
 * caller passes `membershipState.members` as it is; keyed by the base64url of the signing key.
 */
export interface ReviewMember {
  signKey: Uint8Array;
  personId: Uint8Array;
  role: Role;
  kind: MemberKind;
  function?: ProfessionalFunction;
  /**
   * True for a device that was a member and left (removed, or the case was closed for it). What it
   * signed while it was a member stays valid: the version or endorsement keeps counting after it left.
   */
  left?: boolean;
}

export type ReviewMembers = ReadonlyMap<string, ReviewMember>;

export function reviewMemberOf(members: ReviewMembers, signKey: Uint8Array): ReviewMember | undefined {
  const m = members.get(toBase64Url(signKey));
  // The map's key is the caller's; the member's own key must agree, or the entry is not this signer's.
  return m && toBase64Url(m.signKey) === toBase64Url(signKey) ? m : undefined;
}

/** The member function that approves a plan when youth protection is involved (the *jeugdbeschermer*). */
export const YOUTH_PROTECTION_FUNCTION: ProfessionalFunction = 'jeugdbescherming';
