/**
 * Event type numbers. v1 implements create, invite and join; the rest are reserved so the
 * membership issue can add them without renumbering.
 */
export const EVENT_TYPES = {
  create: 1,
  invite: 2,
  join: 3,
  'set-role': 4,
  'offer-ownership': 5,
  'accept-ownership': 6,
  remove: 7,
  'link-device': 8,
  'rotate-key': 9,
  'close-case': 10,
} as const;

export type EventTypeName = keyof typeof EVENT_TYPES;

/** Role numbers on the wire. A plan has owners; editors write; contributor and reader come later. */
export const ROLES = { owner: 1, editor: 2, contributor: 3, reader: 4 } as const;
export type Role = keyof typeof ROLES;

const ROLE_BY_NUMBER = new Map<number, Role>(Object.entries(ROLES).map(([name, n]) => [n, name as Role]));

export function roleFromNumber(n: number): Role | undefined {
  return ROLE_BY_NUMBER.get(n);
}

/** Roles an invite may grant in v1; owners are made by offer + accept, not by invite. */
export const INVITABLE_ROLES: readonly Role[] = ['editor'];

/** Whether envelopes (updates, snapshots) from this role are accepted. */
export function mayPublish(role: Role): boolean {
  return role === 'owner' || role === 'editor';
}

/** Events dated more than this ahead of the validator's clock are refused; and, when appended, as far behind. */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;
export const MAX_INVITE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
