/** Members, invitations for a role, and the regie hand-over: what the plan and home screens use. */
export { MembersArea, MembersButton } from './MembersArea.tsx';
export { useMembership, type MembershipView } from './use-membership.ts';
