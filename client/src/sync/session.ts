import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { MemberProfile, Role } from '@safeplan/schema/protocol';

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
  /** Something is wrong that the user should know about, e.g. 'access-revoked', 'tampered', 'storage'. */
  | { kind: 'problem'; code: string; waiting: number };

/** Something suspicious the engine refused (tampered, forged, replayed, cross-plan envelope, gap). */
export interface SyncWarning {
  code: string;
  at: number;
}

export interface PlanSummary {
  planId: string;
  /** Shown on the home screen of this device only; never sent to the relay in plaintext. */
  title: string;
  updatedAt: number;
  shared: boolean;
}

export interface PlanSession {
  readonly planId: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  state(): SyncState;
  onState(listener: (s: SyncState) => void): () => void;
  onWarning(listener: (w: SyncWarning) => void): () => void;
  /** Flushes what is pending to the device store and disconnects. */
  close(): Promise<void>;
}

export interface InviteOptions {
  role?: Role;
  profile?: MemberProfile;
}

export interface PlanLibrary {
  list(): Promise<PlanSummary[]>;
  create(options: { title: string; displayName: string }): Promise<PlanSession>;
  open(planId: string): Promise<PlanSession>;
  rename(planId: string, title: string): Promise<void>;
  /**
   * A link whose URL fragment carries the one-time secret; the fragment never reaches the relay.
   * Shares the plan if it was local. Role defaults to editor; the profile (household, network,
   * professional + function) is what the invitee becomes in the member log.
   */
  createInvite(planId: string, options?: InviteOptions): Promise<string>;
  join(inviteUrl: string, displayName: string): Promise<PlanSession>;
}
