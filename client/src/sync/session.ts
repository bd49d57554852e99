import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { MemberProfile, Role } from '@safeplan/schema/protocol';
import type { Endorsement, Open, PlanVersion, ReviewMembers, VersionHeader } from '@safeplan/schema/review';
import type { WireErrorCode } from '@safeplan/schema/protocol';
import type { CheckCode } from './envelope-checks.ts';
import type { QuotaProblemCode } from './quota-problems.ts';
import type { StoreProblemCode } from './write-behind.ts';

/**
 * The contract between the sync engine and the app. The app (Solid) only ever sees a Y.Doc, an
 * Awareness and these plain-words states; it never sees keys, envelopes or the relay.
 */
export type SyncState =
  /** Saved on this device; the plan is not shared with anyone yet. */
  | { kind: 'local' }
  /** Connected and every local change is acknowledged by the relay. */
  | { kind: 'synced' }
  /** Connected, changes are on their way. */
  | { kind: 'syncing'; waiting: number }
  /** No connection; `waiting` changes are kept (encrypted) on this device. */
  | { kind: 'offline'; waiting: number }
  /** Something is wrong that the user should know about (SyncProblemCode; the app words each one). */
  | { kind: 'problem'; code: SyncProblemCode; waiting: number }
  /**
   * Connected or not, something was refused or is stuck and the person should know: never shown
   * as "synced" while this holds (sync-state.ts). `connected` tells whether the relay is reachable;
   * the warnings stay until the person dismisses them (PlanSession.dismissWarnings) or they clear.
   */
  | { kind: 'attention'; warnings: SyncWarning[]; waiting: number; connected: boolean };

/** Who a warning is about: the person (member log person id), their device, the member event. All base64url. */
export interface WarningConcerns {
  personId?: string;
  devicePub?: string;
  eventHash?: string;
}

/**
 * Something the engine refused or could not do (tampered, forged, replayed, cross-plan envelope,
 * gap, a snapshot that does not match, a relay sequence that makes no sense, a change that could
 * not be saved). `code` is one of SyncWarningCode or a refusal code of the envelope checks or the relay.
 */
export interface SyncWarning {
  code: SyncWarningCode;
  at: number;
  /** Who or what the warning is about, when it is about someone (base64url ids, the event's hash). */
  concerns?: { personId?: string; devicePub?: string; eventHash?: string };
}

/**
 * What stops this session from syncing, shown as the state until its cause is gone. Each one is
 * worded as `sync.problem.<code>` in Dutch and English (client/src/app/i18n).
 */
export type SyncProblemCode =
  /** This device was removed from the plan (or the case closed for it). */
  | 'access-revoked'
  /** Records on this device did not open; they were set aside (quarantine), nothing deleted. */
  | 'damaged'
  /** An owner gave this device a different epoch key than the others (key-alarms.ts). */
  | 'key-split'
  /** Part of the plan is under an epoch key this device does not hold. */
  | 'history-unreadable'
  /** This device's role may not write what the person changed. */
  | 'read-only'
  /** No key for the current epoch on this device: nothing can be sealed. */
  | 'no-epoch-key'
  /** The relay's member log and this device's contradict each other. */
  | 'log-forked'
  /** The relay refused an own change for a reason that does not pass by itself. */
  | 'relay-refused'
  /** The relay no longer knows the plan. */
  | 'relay-lost-plan'
  /** The relay needs a newer app (docs/protocol.md "Protocol version"): reload; the link stopped. */
  | 'update-required'
  /** The relay is older than this app: the link retries with backoff until it is updated. */
  | 'relay-outdated'
  | QuotaProblemCode
  | StoreProblemCode;

/** The warning codes the engine raises: its own, the envelope checks' and the relay's refusals. */
export type SyncWarningCode =
  | EngineWarningCode
  | CheckCode
  /** A relay refusal the session has no better words for (relay-conversation.ts #onError). */
  | WireErrorCode
  /** The device store failed a write while a relay frame was handled (the frame is asked for again). */
  | StoreProblemCode;

/** The warning codes the engine itself raises. */
export type EngineWarningCode =
  /** The relay delivered a sequence number that makes no sense (far beyond what it announced). */
  | 'relay-seq-insane'
  /** A local change could not be sealed or saved; it stays in the open plan and goes with the next edit. */
  | 'save-failed'
  /** Handling a frame from the relay failed; the connection is restarted from the last good position. */
  | 'relay-frame-failed'
  /** Presence that names another device than the one that signed it. */
  | 'presence-forged'
  | 'set-aside-after-role-change'
  | 'log-forked'
  /** Key alarms (key-alarms.ts): a split key, invites that lapsed with a rotation, a rotation that failed. */
  | 'key-split'
  | 'invites-lapsed'
  | 'key-rotation-failed'
  | 'history-unreadable'
  /** A person's details in the people document are not signed by their device. */
  | 'forged-details'
  /** A relay snapshot's clock table claims more than its proofs show (docs/protocol.md "Snapshots"). */
  | 'snapshot-unproven'
  /** A relay snapshot's content differs from the updates it covers, which this device holds. */
  | 'snapshot-mismatch';

export interface PlanSummary {
  planId: string;
  /** Shown on the home screen of this device only; never sent to the relay in plaintext. */
  title: string;
  updatedAt: number;
  shared: boolean;
  /** This device was removed from the plan (or the case closed for it): it keeps only what it had. */
  revoked: boolean;
}

export interface PlanSession {
  readonly planId: string;
  /** The plan document: only owners and editors write it (the relay enforces this). */
  readonly doc: Y.Doc;
  /**
   * The contributions document: safety scale, safety log, review marks, comments, endorsements and
   * people's names. Contributors write it too; readers write neither document.
   */
  readonly contributions: Y.Doc;
  readonly awareness: Awareness;
  state(): SyncState;
  onState(listener: (s: SyncState) => void): () => void;
  onWarning(listener: (w: SyncWarning) => void): () => void;
  /** The person has read the warnings: they leave the state (new ones come back). */
  dismissWarnings(): void;
  /** Resolves once every change so far is in the device store; rejects (StoreWriteError) while the store refuses writes. */
  flush(): Promise<void>;
  /** Flushes what is pending to the device store and disconnects. */
  close(): Promise<void>;
  /** Who is in the plan and what they may do; the operations that change it. */
  readonly membership: Membership;
  /** Fixing and endorsing versions with this device's key (the engine always has it). */
  readonly review?: PlanReview;
}

/**
 * Review signing (docs/review.md): the device's signing key and the plan's epoch keys stay in the
 * engine. A version goes into the plan document (owners only); an endorsement into the contributions
 * document (owners, editors, contributors). They throw SyncError 'not-allowed' (role), 'access-revoked', or ReviewError('malformed' |
 * 'invalid-plan') for a bad title, date or plan. Nothing is written when they throw.
 */
export interface PlanReview {
  /** Opens a version sealed with any epoch key this device holds; throws when it does not open. */
  open: Open;
  /**
   * Every device that is or was a member (those that left are marked `left`), for
   * verifyEndorsement / approvalStatus: what a member signed stays valid after they leave.
   */
  members(): ReviewMembers;
  /** The member devices with the role each held in the epoch a sealed version names, for readVersions. */
  membersForVersion(sealed: Uint8Array): ReviewMembers;
  /** Owners only: fixes the plan as it is now under the next version number, sealed into the doc. */
  fixVersion(input: { title: string; date: string }): Promise<PlanVersion>;
  /** Signs "I endorse this version" with this device's key and stores it in the doc (once per device). */
  endorse(version: VersionHeader): Promise<Endorsement>;
}

export interface InviteOptions {
  role?: Role;
  profile?: MemberProfile;
}

export interface PlanLibrary {
  list(): Promise<PlanSummary[]>;
  /** Without a profile the creator counts as network (the kind that keeps the plan after close-case). */
  create(options: { title: string; displayName: string; profile?: MemberProfile }): Promise<PlanSession>;
  open(planId: string): Promise<PlanSession>;
  rename(planId: string, title: string): Promise<void>;
  /** How many of this device's changes to the plan the relay has not stored yet (they go with a removal). */
  unsharedChanges(planId: string): Promise<number>;
  /**
   * Removes every trace of the plan from this device: its store (envelopes, snapshots, meta, the
   * member log), its epoch keys and per-plan device keys, and what was set aside in quarantine.
   * The other members keep the plan; this device's own identity keys stay (they serve its other plans).
   */
  remove(planId: string): Promise<void>;
  /**
   * A link whose URL fragment carries the one-time secret; the fragment never reaches the relay.
   * Shares the plan if it was local. Role defaults to editor; the profile (household, network,
   * professional + function) is what the invitee becomes in the member log.
   */
  createInvite(planId: string, options?: InviteOptions): Promise<string>;
  /**
   * The id an invite link's invite has in the member log (`PendingInvite.inviteId`), read from the
   * link's own secret: the screen that made it follows exactly that invite, whoever else invites
   * at the same time. Throws SyncError 'invite-invalid' for a link that is not an invite.
   */
  inviteIdOf(inviteUrl: string): Promise<string>;
  join(inviteUrl: string, displayName: string): Promise<PlanSession>;
  /**
   * Brings this device into a plan as a new device of the person whose recovery kit this is
   * (recovery-use.ts). The code is used once; a used, removed, forged or mistyped code is refused
   * with 'invite-invalid' (detail 'recovery-code: length|character|typo' when it does not read).
   */
  recover(code: string, displayName: string): Promise<PlanSession>;
  /**
   * The device's network went away or came back (the browser's offline/online events): open plans
   * drop their sockets at once, or reconnect now instead of after the backoff.
   */
  networkChanged(online: boolean): void;
  /**
   * The creation token (PlanLibraryOptions.creationToken) was entered or changed: open plans the
   * relay does not have yet connect again at once with it, so a refused plan gets shared now.
   */
  creationTokenChanged(): void;
}

/** This device's place in a plan. Ids are base64url of public keys. */
export interface Me {
  deviceId: string;
  personId: string;
  displayName: string;
  /** Null once this device is no longer a member (removed, or the case was closed for it). */
  role: Role | null;
  /** The code to compare aloud with the owner, when this device joined by invite. */
  verificationCode?: string;
}

/**
 * A person in the plan, from the signed member log (role, kind, function, devices) joined with
 * what is only in the encrypted document (name, relation, phone, written by that person or an owner).
 */
export interface PersonView {
  personId: string;
  displayName: string;
  relation: string;
  phone: string;
  role: Role;
  kind: MemberProfile['kind'];
  function?: MemberProfile['function'];
  /**
   * verificationCode: a short code (e.g. "482 913") derived from the invite key and the device key
   * of the join, shown on the owner's and the joiner's screen to compare aloud.
   */
  devices: { deviceId: string; since: number; thisDevice: boolean; verificationCode?: string }[];
  since: number;
  /** An ownership offer made to this person and not yet accepted. */
  offeredOwnership: boolean;
  /** True for someone who left the plan; shown only with what they did while they were a member. */
  left?: boolean;
}

/** One step of the regie timeline, in the log's order. Names are resolved on the device. */
export interface TimelineEntry {
  type: string;
  at: number;
  actor: { personId: string; displayName: string };
  subject?: { personId: string; displayName: string };
  role?: Role;
  /** The people who left the plan with this step (remove of a person, close-case). */
  removed?: { personId: string; displayName: string }[];
}

export interface PendingInvite {
  inviteId: string;
  role: Role;
  kind: MemberProfile['kind'];
  function?: MemberProfile['function'];
  expiresAt: number;
}

/**
 * Membership operations. Each one signs a member event, sends it, and resolves once the relay's
 * log holds it (rebuilt on the new head when someone else got in first); rejects with a SyncError
 * whose code says why in a way the app can put in plain words ('not-allowed', 'last-owner',
 * 'offline', 'invalid-event', ...).
 */
export interface Membership {
  me(): Me;
  people(): PersonView[];
  /** People who left (removed, or the case was closed for them), with the role they last had. */
  formerPeople(): PersonView[];
  pendingInvites(): PendingInvite[];
  timeline(): TimelineEntry[];
  closed(): boolean;
  /** Fires after any change to the log or to names in the document. */
  onChange(listener: () => void): () => void;
  /** Writes my own name, relation and phone into the encrypted document. */
  setMyDetails(details: { displayName?: string; relation?: string; phone?: string }): Promise<void>;
  setRole(personId: string, role: Role): Promise<void>;
  offerOwnership(personId: string): Promise<void>;
  withdrawOwnershipOffer(personId: string): Promise<void>;
  acceptOwnership(): Promise<void>;
  removePerson(personId: string): Promise<void>;
  removeDevice(deviceId: string): Promise<void>;
  revokeInvite(inviteId: string): Promise<void>;
  closeCase(): Promise<void>;
  /** A link for this person's own second device (tablet and phone); same person, same role. */
  createDeviceLink(): Promise<string>;
  /**
   * Owners only: a new recovery kit for my person; returns its code, which this device does not
   * keep. An older kit of mine is removed first (the key rotates away from it).
   */
  createRecoveryKit(): Promise<string>;
  /** Owners: my person's recovery kit stops working (a device removal, so the key rotates away from it). */
  removeRecoveryKit(): Promise<void>;
  /** When my person's current recovery kit was made, or null without one. */
  recoveryKitSince(): number | null;
}
