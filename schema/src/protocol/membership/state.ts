import { toBase64Url } from '../../crypto/index.ts';
import { mayPublish, type Channel, type EventTypeName, type Role } from './event-types.ts';
import type { MemberKind, ProfessionalFunction } from './member-kinds.ts';

/** One member device. The role, kind and function are its person's (kept equal on every device). */
export interface Member {
  signKey: Uint8Array;
  boxKey: Uint8Array;
  role: Role;
  /** Timestamp of the event that made this device a member. */
  since: number;
  /** The owner whose invite it used; absent for the creator and for linked devices. */
  invitedBy?: Uint8Array;
  /** The person this device belongs to: the signing key of their first device. */
  personId: Uint8Array;
  kind: MemberKind;
  function?: ProfessionalFunction;
}

/** One person in the plan, with all their devices (phone, tablet). */
export interface Person {
  personId: Uint8Array;
  role: Role;
  kind: MemberKind;
  function?: ProfessionalFunction;
  /** Signing keys of this person's current devices, first device first. */
  devices: readonly Uint8Array[];
  since: number;
}

export interface Invite {
  inviteKey: Uint8Array;
  role: Role;
  expiresAt: number;
  epoch: number;
  invitedBy: Uint8Array;
  sealedEpochKey: Uint8Array;
  /** The member key that used it: invites are single use. */
  usedBy?: Uint8Array;
  kind: MemberKind;
  function?: ProfessionalFunction;
  /** Set when an owner revoked it while it was pending. */
  revokedAt?: number;
}

/** An epoch key sealed to one member device's box key. */
export interface SealedKey {
  epoch: number;
  boxKey: Uint8Array;
  sealed: Uint8Array;
}

/** A pending offer of ownership, keyed in the state by the person it is made to. */
export interface OwnershipOffer {
  person: Uint8Array;
  /** The person id of the owner who made it. */
  by: Uint8Array;
  at: number;
}

/** One step for the regie timeline: who (a person id) did what to whom, and when. */
export interface HistoryEntry {
  type: EventTypeName;
  timestamp: number;
  /** Person id of the signer (for a join: the person who joined). */
  actor: Uint8Array;
  /** Person id, device key or invite key the event is about, when there is one. */
  subject?: Uint8Array;
  /** The role granted (invite, join, set-role, accept-ownership). */
  role?: Role;
  /** The epoch started (create, remove, rotate-key, close-case). */
  epoch?: number;
  /** Person ids removed (remove of a whole person, close-case). */
  removed?: readonly Uint8Array[];
}

/** A device that was removed, and what it was until then (to judge what it wrote before). */
export interface RemovedDevice {
  at: number;
  /** The epoch its removal started: it held keys only for epochs before this one. */
  untilEpoch: number;
  role: Role;
  personId: Uint8Array;
}

/** What a validated log says; keyed by base64url of the public key. Treat as immutable. */
export interface MembershipState {
  planId: Uint8Array;
  epoch: number;
  /** BLAKE2b-256 of the last event: the `prev` of the next one. */
  head: Uint8Array;
  length: number;
  /** Current member devices, by signing key. */
  members: ReadonlyMap<string, Member>;
  /** Current people, by person id. */
  people: ReadonlyMap<string, Person>;
  invites: ReadonlyMap<string, Invite>;
  sealedKeys: readonly SealedKey[];
  /** Pending ownership offers, by the person id they are made to. */
  offers: ReadonlyMap<string, OwnershipOffer>;
  /** Removed devices, by signing key: they may sign nothing again. */
  removed: ReadonlyMap<string, RemovedDevice>;
  closed: boolean;
  history: readonly HistoryEntry[];
}

export const keyId = toBase64Url;

export function memberOf(state: MembershipState, signKey: Uint8Array): Member | undefined {
  return state.members.get(keyId(signKey));
}

export function personOf(state: MembershipState, personId: Uint8Array): Person | undefined {
  return state.people.get(keyId(personId));
}

/** The people who own the plan. Never empty in a valid log. */
export function ownersOf(state: MembershipState): Person[] {
  return [...state.people.values()].filter((p) => p.role === 'owner');
}

/** Invites not used, not revoked and not expired at `now`, for the current epoch. */
export function pendingInvites(state: MembershipState, now: number): Invite[] {
  return [...state.invites.values()].filter(
    (i) => !i.usedBy && i.revokedAt === undefined && now <= i.expiresAt && i.epoch === state.epoch,
  );
}

/**
 * Whether envelopes by `author` under `epoch` on `channel` are acceptable: current members for
 * epochs up to the current one, removed devices only for epochs before their removal, by the role
 * they had when they were removed (role changes before that are not tracked per epoch).
 */
export function mayHaveWritten(state: MembershipState, author: Uint8Array, epoch: number, channel: Channel = 'plan'): boolean {
  const role = roleUnderEpoch(state, author, epoch);
  return role !== undefined && mayPublish(role, channel);
}

/**
 * The role by which `author` is judged under `epoch` (see mayHaveWritten), or undefined when it
 * was no member then. Tells "a member, but not on this channel" apart from "not a member".
 */
export function roleUnderEpoch(state: MembershipState, author: Uint8Array, epoch: number): Role | undefined {
  const member = memberOf(state, author);
  if (member) return epoch <= state.epoch ? member.role : undefined;
  const gone = state.removed.get(keyId(author));
  return gone !== undefined && epoch < gone.untilEpoch ? gone.role : undefined;
}

export function pendingOffers(state: MembershipState): OwnershipOffer[] {
  return [...state.offers.values()];
}
