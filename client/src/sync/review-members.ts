import { fromBase64Url } from '@safeplan/schema/crypto';
import { roleUnderEpoch, type MembershipState } from '@safeplan/schema/protocol';
import type { ReviewMember, ReviewMembers } from '@safeplan/schema/review';

/**
 * Every device that is or was a member, for judging what was signed: a version or endorsement
 * made by a member stays valid after they leave (removed, or the case closed for them). A device
 * that left is marked `left`; it can sign nothing new into the plan, because it holds no key of
 * the epochs after its removal and the relay refuses what it sends.
 */
export function everyMemberDevice(state: MembershipState): ReviewMembers {
  const out = new Map<string, ReviewMember>(state.members);
  for (const [id, gone] of state.removed) {
    if (out.has(id)) continue;
    const member: ReviewMember = { signKey: fromBase64Url(id), personId: gone.personId, role: gone.role, kind: gone.kind ?? 'network', left: true };
    if (gone.function) member.function = gone.function;
    out.set(id, member);
  }
  return out;
}

/**
 * The member devices with the role each held in `epoch` (the epoch a version was sealed in): an
 * owner who fixed a version and stepped back or left afterwards still counts as its owner; a
 * device that was no member in that epoch is not in the map.
 */
export function memberDevicesUnderEpoch(state: MembershipState, epoch: number): ReviewMembers {
  const out = new Map<string, ReviewMember>();
  for (const [id, member] of everyMemberDevice(state)) {
    const role = roleUnderEpoch(state, member.signKey, epoch);
    if (role !== undefined) out.set(id, { ...member, role });
  }
  return out;
}
