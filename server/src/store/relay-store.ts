/**
 * What the relay persists, as opaque bytes plus the few header fields it needs to route and
 * check them. Every method is async so a networked store (PostgreSQL) fits the same interface;
 * a method resolves only after its write is durable, because the relay acks on that promise.
 *
 * Plan ids and authors are base64url strings here: they are public routing data, not content.
 */
export const KIND_UPDATE = 0;
export const KIND_SNAPSHOT = 1;
export type StoredKind = typeof KIND_UPDATE | typeof KIND_SNAPSHOT;

export interface NewEnvelope {
  planId: string;
  author: string;
  kind: StoredKind;
  clock: number;
  epoch: number;
  /** Snapshots only: every envelope of the plan with seq <= coversUpTo is merged into it. */
  coversUpTo?: number;
  /**
   * Snapshots only: the relay may serve it and prune the updates it covers. The relay sets it
   * only when the snapshot's author is the plan's single writer (docs/protocol.md "Snapshots"):
   * otherwise one writer's word would replace what everybody wrote. An untrusted snapshot is kept
   * as a proposal (one per author, not served) until a second writer confirms it; the updates it
   * covers stay until then.
   */
  trusted?: boolean;
  bytes: Uint8Array;
  /** SHA-256 of `bytes` (base64url) when the caller already has it; the store computes it otherwise. */
  digest?: string;
  /**
   * The length of the member log the relay checked this envelope against (membership, role,
   * epoch). Set when several relays share the store: one that another relay's append made
   * stale refuses the whole group with StaleLogError, under the same lock as its seqs, so no
   * relay stores a write its stale view allowed. A store with one writer may ignore it.
   */
  logLength?: number;
}

/** The member log grew since the relay checked the envelopes (another relay appended): nothing was stored. */
export class StaleLogError extends Error {
  override name = 'StaleLogError';
}

export interface StoredEnvelope {
  seq: number;
  kind: StoredKind;
  bytes: Uint8Array;
}

export interface StoredSnapshot extends StoredEnvelope {
  coversUpTo: number;
}

/** What the relay accepted from one author: enough to re-ack a resend and to check clocks. */
export interface Receipt {
  clock: number;
  seq: number;
  /** SHA-256 of the envelope bytes, kept after the envelope itself is pruned. */
  digest: string;
}

export interface RelayStore {
  /** The plan's member events in order; empty when the relay does not know the plan. */
  readMemberLog(planId: string): Promise<Uint8Array[]>;
  /**
   * Appends event number `index` (0 = genesis, which also creates the plan). Resolves false,
   * writing nothing, when the log no longer has exactly `index` events (a concurrent append won).
   */
  appendMemberEvent(planId: string, index: number, bytes: Uint8Array): Promise<boolean>;

  /** The author's receipt with the highest clock for this kind, or null. */
  lastReceipt(planId: string, author: string, kind: StoredKind): Promise<Receipt | null>;
  receiptAt(planId: string, author: string, kind: StoredKind, clock: number): Promise<Receipt | null>;

  /**
   * Stores the envelopes and their receipts in one transaction (all or none) and resolves with
   * their seqs, in order, once committed. A trusted snapshot that covers more than the current
   * one replaces it and prunes the updates it covers; an untrusted one becomes its author's proposal.
   */
  appendEnvelopes(envelopes: readonly NewEnvelope[]): Promise<number[]>;

  /** The newest seq the plan has handed out (0 when none). */
  latestSeq(planId: string): Promise<number>;
  readSnapshot(planId: string): Promise<StoredSnapshot | null>;
  /**
   * An untrusted snapshot kept as a proposal (not served, prunes nothing) under its seq: its
   * author and what it covers, or null (never stored, superseded, or already confirmed).
   */
  readSnapshotProposal(planId: string, seq: number): Promise<{ author: string; coversUpTo: number } | null>;
  /**
   * A second writer confirmed the proposal under `seq`: it becomes the plan's snapshot if it
   * covers more than the current one (pruning the updates it covers), and proposals covering no
   * more are dropped. Resolves false when there is no such proposal. The caller checks who confirms.
   */
  confirmSnapshot(planId: string, seq: number): Promise<boolean>;
  /**
   * Updates with seq > afterSeq in seq order, at most `limit` of them, and (when `maxBytes` is
   * given) stopping after the envelope that reaches `maxBytes`: a catch-up page, never more.
   */
  readUpdates(planId: string, afterSeq: number, limit: number, maxBytes?: number): Promise<StoredEnvelope[]>;
  /** What the newest snapshot covers (0 when none), without reading its bytes. */
  snapshotCoversUpTo?(planId: string): Promise<number>;
  /**
   * readUpdates and snapshotCoversUpTo read in one consistent view of the store (one statement):
   * for a store shared by several relays, where a trusted snapshot committed by another relay may
   * prune updates between two separate reads. Optional: without it the relay reads both twice.
   */
  readPage?(planId: string, afterSeq: number, limit: number, maxBytes: number): Promise<{ coversUpTo: number; updates: StoredEnvelope[] }>;
  /** Bytes the plan holds now: its updates plus its snapshot (for the per-plan quota). */
  planBytes?(planId: string): Promise<number>;
  /**
   * Deletes receipts with seq <= upToSeq, keeping each author's newest per kind (the clock check
   * reads it); resolves with how many went. For receipts every current device has read past.
   */
  pruneReceipts?(planId: string, upToSeq: number): Promise<number>;

  close(): Promise<void>;
}
