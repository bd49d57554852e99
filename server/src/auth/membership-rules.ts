import type { Channel, MembershipState } from '@safeplan/schema/protocol';

/**
 * What the relay needs to know about a plan's members, computed from the signed member log by
 * the shared pure validation code (schema/src/protocol/membership). Kept as a narrow port so the
 * relay's checks do not depend on the log's internals, which grow with the membership issue.
 */
export interface PlanMembership {
  /** The shared validated state, for the next append; the relay's checks use the fields below. */
  readonly state: MembershipState;
  /** The epoch whose key current writes must use. */
  readonly epoch: number;
  /** BLAKE2b of the newest event: the `prev` the next event must name. */
  readonly head: Uint8Array;
  isMember(device: Uint8Array): boolean;
  /**
   * Whether the key is the invite key of a pending (unused, unexpired) invite: such a connection
   * may read the log to build its `join` (docs/protocol.md, "Joining by invite"), nothing more.
   * Optional so wrappers written before it keep compiling; absent means "no".
   */
  isPendingInvite?(key: Uint8Array): boolean;
  /**
   * Whether the device's role may publish on `channel` (the envelope header's): readers on
   * neither, contributors only on `contributions`. Snapshots are always channel `plan`.
   */
  mayWrite(device: Uint8Array, channel: Channel): boolean;
}

export interface MembershipRules {
  /**
   * Validates a whole log (as stored). Throws ProtocolError (`invalid-event`, `bad-signature`,
   * `malformed`) when it does not validate.
   */
  load(events: readonly Uint8Array[]): PlanMembership;
  /**
   * Validates `event` on top of a validated log of plan `planId` (an empty log: `event` must be
   * its genesis). Throws ProtocolError: `stale-head` when its `prev` is not the current head,
   * else `invalid-event` / `bad-signature` / `malformed`.
   */
  append(
    planId: Uint8Array,
    events: readonly Uint8Array[],
    current: PlanMembership | null,
    event: Uint8Array,
  ): PlanMembership;
}
