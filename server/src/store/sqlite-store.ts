import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../log.ts';
import {
  KIND_SNAPSHOT,
  type NewEnvelope,
  type Receipt,
  type RelayStore,
  type StoredEnvelope,
  type StoredKind,
  type StoredSnapshot,
} from './relay-store.ts';
import { createLastReceipts } from './last-receipts.ts';
import { startSqliteWriter, type WriterSettings } from './sqlite-writer.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS plans (
  plan_id TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS member_events (
  plan_id TEXT NOT NULL REFERENCES plans(plan_id),
  idx INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (plan_id, idx)
) STRICT;
CREATE TABLE IF NOT EXISTS receipts (
  plan_id TEXT NOT NULL REFERENCES plans(plan_id),
  author TEXT NOT NULL,
  kind INTEGER NOT NULL,
  clock INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  digest TEXT NOT NULL,
  PRIMARY KEY (plan_id, author, kind, clock)
) STRICT;
CREATE TABLE IF NOT EXISTS envelopes (
  plan_id TEXT NOT NULL REFERENCES plans(plan_id),
  seq INTEGER NOT NULL,
  author TEXT NOT NULL,
  clock INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (plan_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS snapshot_proposals (
  plan_id TEXT NOT NULL REFERENCES plans(plan_id),
  seq INTEGER NOT NULL,
  author TEXT NOT NULL,
  clock INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  covers_up_to INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (plan_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS snapshots (
  plan_id TEXT PRIMARY KEY REFERENCES plans(plan_id),
  seq INTEGER NOT NULL,
  author TEXT NOT NULL,
  clock INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  covers_up_to INTEGER NOT NULL,
  bytes BLOB NOT NULL
) STRICT;
`;

export const SQLITE_FILE_NAME = 'relay.sqlite';

interface ReceiptRow {
  clock: number;
  seq: number;
  digest: string;
}
interface EnvelopeRow {
  seq: number;
  kind: number;
  bytes: Buffer;
}
interface SnapshotRow extends EnvelopeRow {
  covers_up_to: number;
}

/**
 * The embedded default store. WAL with synchronous=FULL: a commit returns only after the WAL is
 * fsynced, so an acknowledged envelope survives SIGKILL and power loss.
 *
 * Two connections on one file: this thread reads (receipts, catch-up, member logs), and a worker
 * thread writes (sqlite-writer.ts), so a commit's fsync never blocks the event loop. A write's
 * promise resolves after its commit; each read here starts a new WAL read transaction, so it sees
 * every write whose promise has resolved.
 */
export interface SqliteRelayStore extends RelayStore {
  /** One envelope alone (tests and tools). */
  appendEnvelope(envelope: NewEnvelope): Promise<number>;
  /** The durability settings in force on the writing connection (for tests and startup logs). */
  settings(): Promise<WriterSettings>;
  /** Ends the writer thread as a crash would (tests of what the relay does without one). */
  crashWriter(): Promise<void>;
}

export interface SqliteStoreOptions {
  /** Where the writer thread's death is reported (no content, only an exit code and error name). */
  log?: Logger;
}

export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): SqliteRelayStore {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE_NAME);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  // From here on this connection only reads: every write goes through the writer thread, the
  // one writer SQLite allows, so this thread never waits on a write lock.
  db.pragma('query_only = ON');
  const writer = startSqliteWriter(file, options.log ?? silentLogger);

  const q = {
    memberLog: db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM member_events WHERE plan_id = ? ORDER BY idx'),
    lastReceipt: db.prepare<[string, string, number], ReceiptRow>(
      'SELECT clock, seq, digest FROM receipts WHERE plan_id = ? AND author = ? AND kind = ? ORDER BY clock DESC LIMIT 1',
    ),
    receiptAt: db.prepare<[string, string, number, number], ReceiptRow>(
      'SELECT clock, seq, digest FROM receipts WHERE plan_id = ? AND author = ? AND kind = ? AND clock = ?',
    ),
    latestSeq: db.prepare<[string], { last_seq: number }>('SELECT last_seq FROM plans WHERE plan_id = ?'),
    snapshot: db.prepare<[string], SnapshotRow>(
      `SELECT seq, ${KIND_SNAPSHOT} AS kind, bytes, covers_up_to FROM snapshots WHERE plan_id = ?`,
    ),
    proposal: db.prepare<[string, number], { author: string; covers_up_to: number }>(
      'SELECT author, covers_up_to FROM snapshot_proposals WHERE plan_id = ? AND seq = ?',
    ),
    updatesAfter: db.prepare<[string, number, number], EnvelopeRow>(
      'SELECT seq, kind, bytes FROM envelopes WHERE plan_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    snapshotCovers: db.prepare<[string], { covers_up_to: number }>('SELECT covers_up_to FROM snapshots WHERE plan_id = ?'),
    // length() of a BLOB reads the record header, not the blob: cheap even for a large plan.
    planBytes: db.prepare<[string, string], { n: number | null }>(
      'SELECT IFNULL((SELECT SUM(length(bytes)) FROM envelopes WHERE plan_id = ?), 0) + IFNULL((SELECT length(bytes) FROM snapshots WHERE plan_id = ?), 0) AS n',
    ),
  };

  const toReceipt = (row: ReceiptRow | undefined): Receipt | null => (row ? { ...row } : null);
  const toEnvelope = (row: EnvelopeRow): StoredEnvelope => ({
    seq: row.seq,
    kind: row.kind as StoredKind,
    bytes: new Uint8Array(row.bytes),
  });
  const lastReceipts = createLastReceipts();
  const appendEnvelopes = async (group: readonly NewEnvelope[]): Promise<number[]> => {
    const records = group.map((e) => (e.digest ? e : { ...e, digest: digestOf(e.bytes) }));
    const seqs = await writer.appendEnvelopes(records);
    records.forEach((e, i) => lastReceipts.committed(e.planId, e.author, e.kind, { clock: e.clock, seq: seqs[i]!, digest: e.digest! }));
    return seqs;
  };

  return {
    readMemberLog: async (planId) => q.memberLog.all(planId).map((r) => new Uint8Array(r.bytes)),
    appendMemberEvent: (planId, index, bytes) => writer.appendMemberEvent(planId, index, bytes),
    lastReceipt: async (planId, author, kind) => lastReceipts.get(planId, author, kind, () => toReceipt(q.lastReceipt.get(planId, author, kind))),
    receiptAt: async (planId, author, kind, clock) => toReceipt(q.receiptAt.get(planId, author, kind, clock)),
    appendEnvelopes,
    appendEnvelope: async (envelope) => (await appendEnvelopes([envelope]))[0]!,
    latestSeq: async (planId) => q.latestSeq.get(planId)?.last_seq ?? 0,
    readSnapshot: async (planId): Promise<StoredSnapshot | null> => {
      const row = q.snapshot.get(planId);
      return row ? { ...toEnvelope(row), coversUpTo: row.covers_up_to } : null;
    },
    readSnapshotProposal: async (planId, seq) => {
      const row = q.proposal.get(planId, seq);
      return row ? { author: row.author, coversUpTo: row.covers_up_to } : null;
    },
    confirmSnapshot: (planId, seq) => writer.confirmSnapshot(planId, seq),
    readUpdates: async (planId, afterSeq, limit, maxBytes) => {
      if (maxBytes === undefined) return q.updatesAfter.all(planId, afterSeq, limit).map(toEnvelope);
      // Row by row, so a page of large envelopes stops at its byte budget instead of `limit` rows.
      const page: StoredEnvelope[] = [];
      let bytes = 0;
      for (const row of q.updatesAfter.iterate(planId, afterSeq, limit)) {
        page.push(toEnvelope(row));
        bytes += row.bytes.length;
        if (bytes >= maxBytes) break;
      }
      return page;
    },
    pruneReceipts: (planId, upToSeq) => writer.pruneReceipts(planId, upToSeq),
    snapshotCoversUpTo: async (planId) => q.snapshotCovers.get(planId)?.covers_up_to ?? 0,
    planBytes: async (planId) => q.planBytes.get(planId, planId)?.n ?? 0,
    settings: () => writer.settings(),
    crashWriter: () => writer.crash(),
    close: async () => {
      await writer.close();
      if (db.open) db.close();
    },
  };
}

/** SHA-256 of an envelope's bytes, base64url: how a resend is told from a replay (one-shot `hash`: ~2 × cheaper than a Hash object). */
export function digestOf(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'base64url');
}
