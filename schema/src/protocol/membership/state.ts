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
  /** Index in the log of the event that removed it: what it wrote knowing that event is refused. */
  atIndex: number;
  /** The epoch its removal started: it held keys only for epochs before this one. */
  untilEpoch: number;
  role: Role;
  personId: Uint8Array;
  /** What the person was in the plan (their name and former role stay shown with what they signed). */
  kind?: MemberKind;
  function?: ProfessionalFunction;
}

/** A role a person was given, and the epoch that was current when it was given. */
export interface RoleGrant {
  epoch: number;
  role: Role;
  /** Index in the log of the event that gave it. */
  at: number;
}

/** How an epoch began: the event (its index, signer and hash) and, from event version 3, the key commitment. */
export interface EpochStart {
  epoch: number;
  at: number;
  signer: Uint8Array;
  eventHash: Uint8Array;
  /** epochKeyCommitment of the key; absent for epoch 0 and for rotations written before version 3. */
  commitment?: Uint8Array;
  /** The previous epoch's key sealed under this one (version 5, crypto/key-chain.ts); absent for epoch 0 and older rotations. */
  chainedKey?: Uint8Array;
}

/**
 * A recovery kit registered for a person. Its key is one of the person's member devices (so every
 * rotation seals to it), but it may sign only `use-recovery` and write nothing; kept after its use
 * or removal so that stays true.
 */
export interface RecoveryKey {
  personId: Uint8Array;
  since: number;
  /** Timestamp of the `use-recovery` that spent it. */
  usedAt?: number;
}

/**
 * The caps a device's updates are held to (event version 4): the highest update clock covered
 * when it was removed, and per channel when its person lost that channel (kept after a removal;
 * a channel given back drops its cap). One clock sequence covers both channels.
 */
export interface ClockCaps {
  removed?: number;
  plan?: number;
  contributions?: number;
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
  /** One per epoch, by epoch number: where it began and what key it committed to. */
  epochs: readonly EpochStart[];
  /**
   * A non-owner removed a device of their own without rotating the key (only owners rotate); an
   * owner's device owes the plan a `rotate-key`. The removed device has lost access at once.
   */
  rotationOwed: boolean;
  /**
   * Every role each person was given, in log order, by person id; kept after they leave. What a
   * person wrote under an epoch is judged by the roles they held in it (roleUnderEpoch), so taking
   * a right away never makes what they wrote with it before unreadable.
   */
  grants: ReadonlyMap<string, readonly RoleGrant[]>;
  /** Every recovery key ever registered, by its signing key (apply-recovery.ts). */
  recoveryKeys: ReadonlyMap<string, RecoveryKey>;
  /** Clock caps by device signing key, from version 4 removals, demotions and closures. */
  caps: ReadonlyMap<string, ClockCaps>;
}

const KEY_ID_SLOTS = 512;
const keptKeys: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(KEY_ID_SLOTS).fill(undefined);
const keptIds: string[] = new Array<string>(KEY_ID_SLOTS).fill('');

/**
 * The id of a key (its base64url encoding), as the maps of the state are keyed. Asked several
 * times for every envelope checked (role, standing, clocks: the author's and their person's
 * id) and for every one sealed, always for the same few keys: the ids of recent keys are kept
 * in a small table indexed by their first bytes (random for keys), so a repeated key costs one
 * byte-by-byte comparison with a copy of it instead of an encoding and a new string (~0.5 µs).
 * A slot holds the newest key that fell into it; a copy, so a caller that reuses its buffer
 * never gets the id of old bytes.
 */
export function keyId(key: Uint8Array): string {
  const n = key.length;
  if (n < 2 || n > 64) return toBase64Url(key);
  const slot = (key[0]! | (key[1]! << 8)) & (KEY_ID_SLOTS - 1);
  const known = keptKeys[slot];
  if (known !== undefined && known.length === n) {
    let i = 0;
    while (i < n && known[i] === key[i]) i++;
    if (i === n) return keptIds[slot]!;
  }
  const id = toBase64Url(key);
  // new Uint8Array(key), not key.slice(): a Node Buffer's slice is a view of the same memory.
  keptKeys[slot] = new Uint8Array(key);
  keptIds[slot] = id;
  return id;
}

export function memberOf(state: MembershipState, signKey: Uint8Array): Member | undefined {
  return state.members.get(keyId(signKey));
}

/** Whether this key is (or was) a recovery kit's key: it signs only its own use and never writes. */
export function isRecoveryKey(state: MembershipState, signKey: Uint8Array): boolean {
  return state.recoveryKeys.has(keyId(signKey));
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
 * Whether envelopes by `author` under `epoch` on `channel` are acceptable: current member devices
 * for epochs up to the current one, removed devices only for epochs before their removal, each by
 * the most a role of their person allowed during that epoch.
 */
export function mayHaveWritten(state: MembershipState, author: Uint8Array, epoch: number, channel: Channel = 'plan'): boolean {
  const role = roleUnderEpoch(state, author, epoch);
  return role !== undefined && mayPublish(role, channel);
}

/** Write power: owner and editor write both documents, a contributor one, a reader none. */
const WRITE_RANK: Record<Role, number> = { owner: 3, editor: 3, contributor: 2, reader: 1 };

/**
 * The role by which `author` is judged under `epoch` (see mayHaveWritten), or undefined when it
 * was no member then. Tells "a member, but not on this channel" apart from "not a member".
 *
 * The roles held during an epoch are the one in force when it began and every one given in it; the
 * most permissive counts. So an editor made contributor keeps every plan change they made as an
 * editor, on every device and for every later joiner. Within the epoch of the demotion the
 * envelope's signed log position tells "before" from "after" (writeStanding, checked next to this).
 */
export function roleUnderEpoch(state: MembershipState, author: Uint8Array, epoch: number): Role | undefined {
  // The author's id once: it is asked for every delivered envelope.
  const authorId = keyId(author);
  if (state.recoveryKeys.has(authorId)) return undefined;
  const member = state.members.get(authorId);
  const gone = member ? undefined : state.removed.get(authorId);
  if (member ? epoch > state.epoch : gone === undefined || epoch >= gone.untilEpoch) return undefined;
  const personId = member?.personId ?? gone!.personId;
  const fallback = member?.role ?? gone!.role;
  const grants = state.grants.get(keyId(personId));
  if (!grants || grants.length === 0) return fallback;
  let best: Role | undefined;
  let inForce: Role | undefined;
  for (const g of grants) {
    if (g.epoch < epoch) inForce = g.role;
    else if (g.epoch === epoch && (best === undefined || WRITE_RANK[g.role] > WRITE_RANK[best])) best = g.role;
  }
  if (inForce !== undefined && (best === undefined || WRITE_RANK[inForce] > WRITE_RANK[best])) best = inForce;
  // A device judged for an epoch before its person had any role: judged by its role now, as before.
  return best ?? fallback;
}

/** The grants after an event: a new entry for every person who is new or has another role now. */
export function grantsAfter(before: MembershipState | undefined, after: Omit<MembershipState, 'grants'>): MembershipState['grants'] {
  let out: Map<string, readonly RoleGrant[]> | undefined;
  for (const [id, person] of after.people) {
    const was = before?.people.get(id);
    if (was && was.role === person.role) continue;
    out ??= new Map(before?.grants ?? []);
    out.set(id, [...(out.get(id) ?? []), { epoch: after.epoch, role: person.role, at: after.length - 1 }]);
  }
  return out ?? before?.grants ?? new Map();
}

export function pendingOffers(state: MembershipState): OwnershipOffer[] {
  return [...state.offers.values()];
}

/**
 * Whether an update with `clock` by `author` on `channel` is above a cap a removal or demotion
 * set (version 4 events): then it was not stored by the relay before that event, whatever log
 * position it names, and does not stand.
 */
export function overCap(state: MembershipState, author: Uint8Array, channel: Channel, clock: number): 'after-removal' | 'after-demotion' | null {
  return capProblem(state, keyId(author), channel, clock);
}

/** overCap by the author's key id (writeStanding has it already: encoding it costs more than the check). */
function capProblem(state: MembershipState, authorId: string, channel: Channel, clock: number): 'after-removal' | 'after-demotion' | null {
  const caps = state.caps.get(authorId);
  if (!caps) return null;
  if (caps.removed !== undefined && clock > caps.removed) return 'after-removal';
  const cap = caps[channel];
  return cap !== undefined && clock > cap ? 'after-demotion' : null;
}

/** Why a write named at a log position does not stand; see `writeStanding`. */
export type StandingProblem = 'not-a-member' | 'not-allowed' | 'after-removal' | 'after-demotion' | 'log-position';

/** The epoch in force after the first `position` events. */
export function epochAt(state: MembershipState, position: number): number {
  let epoch = 0;
  for (const e of state.epochs) if (e.at < position) epoch = e.epoch;
  return epoch;
}

/** The role held after the first `position` events, from a person's grants (undefined: not yet a member). */
function roleAt(grants: readonly RoleGrant[], position: number): Role | undefined {
  let role: Role | undefined;
  for (const g of grants) if (g.at < position) role = g.role;
  return role;
}

/**
 * Whether a write by `author` under `epoch` on `channel` (null: presence, membership only),
 * sealed by an author who knew the first `position` events of the log, stands. A position after
 * the event that removed the device, or after the one that took the channel from its person,
 * does not; neither does a position this log does not reach or an epoch that was not current
 * there. Without a position (envelope versions 1 and 2) a device that lost the right is judged
 * only for epochs that ended before it lost it: what it could still write in that epoch cannot
 * be told from what it wrote before.
 *
 * `clock`, for updates: above the cap a removal or demotion set for the author (version 4 events)
 * it does not stand either, whatever position it names, since the relay never stored it before
 * that event (a device running altered code may name a position from before it lost the right).
 */
export function writeStanding(
  state: MembershipState,
  author: Uint8Array,
  epoch: number,
  channel: Channel | null,
  position: number | undefined,
  clock?: number,
): StandingProblem | null {
  const authorId = keyId(author);
  if (state.recoveryKeys.has(authorId)) return 'not-a-member';
  const member = state.members.get(authorId);
  const gone = member ? undefined : state.removed.get(authorId);
  if (!member && !gone) return 'not-a-member';
  if (clock !== undefined && channel !== null) {
    const capped = capProblem(state, authorId, channel, clock);
    if (capped) return capped;
  }
  const grants = state.grants.get(keyId(member?.personId ?? gone!.personId)) ?? [];
  if (position === undefined) {
    const lostAt = lostRightAt(grants, gone, channel);
    if (lostAt !== undefined && epoch === epochAt(state, lostAt)) {
      return gone && gone.atIndex === lostAt ? 'after-removal' : 'after-demotion';
    }
    return null;
  }
  if (position < 1 || position > state.length) return 'log-position';
  // What the write concerns first (removed, demoted), then whether its epoch fits the position it names.
  if (gone && position > gone.atIndex) return 'after-removal';
  const role = roleAt(grants, position);
  if (role === undefined) return 'log-position';
  if (channel !== null && !mayPublish(role, channel)) {
    return grants.some((g) => g.at < position && mayPublish(g.role, channel)) ? 'after-demotion' : 'not-allowed';
  }
  return epochAt(state, position) === epoch ? null : 'log-position';
}

/** The log index at which a device lost the right to write `channel` for good (removal, or the last demotion), if it did. */
function lostRightAt(grants: readonly RoleGrant[], gone: RemovedDevice | undefined, channel: Channel | null): number | undefined {
  if (gone) return gone.atIndex;
  if (channel === null) return undefined;
  const last = grants[grants.length - 1];
  if (!last || mayPublish(last.role, channel)) return undefined;
  let lost: number | undefined;
  for (const g of grants) {
    if (mayPublish(g.role, channel)) lost = undefined;
    else lost ??= g.at;
  }
  return lost;
}
