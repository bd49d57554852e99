import { toBase64Url } from '../../crypto/index.ts';
import type { Role } from './event-types.ts';

export interface Member {
  signKey: Uint8Array;
  boxKey: Uint8Array;
  role: Role;
  /** Timestamp of the event that made this device a member. */
  since: number;
  /** The owner whose invite it used; absent for the creator. */
  invitedBy?: Uint8Array;
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
}

/** An epoch key sealed to one member device's box key. */
export interface SealedKey {
  epoch: number;
  boxKey: Uint8Array;
  sealed: Uint8Array;
}

/** What a validated log says; keyed by base64url of the public key. Treat as immutable. */
export interface MembershipState {
  planId: Uint8Array;
  epoch: number;
  /** BLAKE2b-256 of the last event: the `prev` of the next one. */
  head: Uint8Array;
  length: number;
  members: ReadonlyMap<string, Member>;
  invites: ReadonlyMap<string, Invite>;
  sealedKeys: readonly SealedKey[];
}

export const keyId = toBase64Url;

export function memberOf(state: MembershipState, signKey: Uint8Array): Member | undefined {
  return state.members.get(keyId(signKey));
}

/** Invites not yet used and not expired at `now`. */
export function pendingInvites(state: MembershipState, now: number): Invite[] {
  return [...state.invites.values()].filter((i) => !i.usedBy && now <= i.expiresAt);
}
