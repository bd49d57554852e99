/**
 * Event type numbers. v1 had create, invite and join; 4-10 were reserved for the full log so
 * nothing was renumbered, and 11 came with it; 12 and 13 are the recovery kit (recovery-bodies.ts).
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
  'revoke-invite': 11,
  'register-recovery': 12,
  'use-recovery': 13,
} as const;

export type EventTypeName = keyof typeof EVENT_TYPES;

const TYPE_BY_NUMBER = new Map<number, EventTypeName>(
  Object.entries(EVENT_TYPES).map(([name, n]) => [n, name as EventTypeName]),
);

export function eventTypeFromNumber(n: number): EventTypeName | undefined {
  return TYPE_BY_NUMBER.get(n);
}

/** Role numbers on the wire: owners manage, editors write the plan, contributors write the safety log, readers read. */
export const ROLES = { owner: 1, editor: 2, contributor: 3, reader: 4 } as const;
export type Role = keyof typeof ROLES;

const ROLE_BY_NUMBER = new Map<number, Role>(Object.entries(ROLES).map(([name, n]) => [n, name as Role]));

export function roleFromNumber(n: number): Role | undefined {
  return ROLE_BY_NUMBER.get(n);
}

/** Roles an invite may grant; owners are made by offer + accept, never by invite. */
export const INVITABLE_ROLES: readonly Role[] = ['editor', 'contributor', 'reader'];

/**
 * What a role may write, per channel, so the relay can enforce it without reading content:
 * `plan` is the plan document itself; `contributions` are the safety log, scale scores and comments.
 */
export const CHANNELS = ['plan', 'contributions'] as const;
export type Channel = (typeof CHANNELS)[number];

const WRITERS: Record<Channel, readonly Role[]> = {
  plan: ['owner', 'editor'],
  contributions: ['owner', 'editor', 'contributor'],
};

/** Whether envelopes on `channel` from this role are accepted. Without a channel: the plan (as in v1). */
export function mayPublish(role: Role, channel: Channel = 'plan'): boolean {
  return WRITERS[channel].includes(role);
}

/** Events dated more than this ahead of the validator's clock are refused; and, when appended, as far behind. */
export const MAX_CLOCK_SKEW_MS = 10 * 60 * 1000;
export const MAX_INVITE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
