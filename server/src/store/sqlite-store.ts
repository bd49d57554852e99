import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  KIND_SNAPSHOT,
  KIND_UPDATE,
  type NewEnvelope,
  type Receipt,
  type RelayStore,
  type StoredEnvelope,
  type StoredKind,
  type StoredSnapshot,
} from './relay-store.ts';

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
 */
export interface SqliteRelayStore extends RelayStore {
  /** One envelope alone (tests and tools). */
  appendEnvelope(envelope: NewEnvelope): Promise<number>;
  /** The durability settings in force on the store's connection (for tests and startup logs). */
  settings(): { journalMode: string; synchronous: number };
}

export function openSqliteStore(dataDir: string): SqliteRelayStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  const q = {
    memberLog: db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM member_events WHERE plan_id = ? ORDER BY idx'),
    memberCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM member_events WHERE plan_id = ?'),
    insertPlan: db.prepare<[string, number]>('INSERT OR IGNORE INTO plans (plan_id, created_at) VALUES (?, ?)'),
    insertMember: db.prepare<[string, number, Buffer]>('INSERT INTO member_events (plan_id, idx, bytes) VALUES (?, ?, ?)'),
    lastReceipt: db.prepare<[string, string, number], ReceiptRow>(
      'SELECT clock, seq, digest FROM receipts WHERE plan_id = ? AND author = ? AND kind = ? ORDER BY clock DESC LIMIT 1',
    ),
    receiptAt: db.prepare<[string, string, number, number], ReceiptRow>(
      'SELECT clock, seq, digest FROM receipts WHERE plan_id = ? AND author = ? AND kind = ? AND clock = ?',
    ),
    latestSeq: db.prepare<[string], { last_seq: number }>('SELECT last_seq FROM plans WHERE plan_id = ?'),
    bumpSeq: db.prepare<[string], { last_seq: number }>(
      'UPDATE plans SET last_seq = last_seq + 1 WHERE plan_id = ? RETURNING last_seq',
    ),
    insertReceipt: db.prepare<[string, string, number, number, number, string]>(
      'INSERT INTO receipts (plan_id, author, kind, clock, seq, digest) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertEnvelope: db.prepare<[string, number, string, number, number, number, Buffer]>(
      'INSERT INTO envelopes (plan_id, seq, author, clock, epoch, kind, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    snapshot: db.prepare<[string], SnapshotRow>(
      `SELECT seq, ${KIND_SNAPSHOT} AS kind, bytes, covers_up_to FROM snapshots WHERE plan_id = ?`,
    ),
    upsertSnapshot: db.prepare<[string, number, string, number, number, number, Buffer]>(
      `INSERT INTO snapshots (plan_id, seq, author, clock, epoch, covers_up_to, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (plan_id) DO UPDATE SET seq = excluded.seq, author = excluded.author, clock = excluded.clock,
         epoch = excluded.epoch, covers_up_to = excluded.covers_up_to, bytes = excluded.bytes`,
    ),
    pruneCovered: db.prepare<[string, number]>('DELETE FROM envelopes WHERE plan_id = ? AND seq <= ?'),
    updatesAfter: db.prepare<[string, number, number], EnvelopeRow>(
      'SELECT seq, kind, bytes FROM envelopes WHERE plan_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
  };

  const appendMember = db.transaction((planId: string, index: number, bytes: Uint8Array): boolean => {
    if (index === 0) q.insertPlan.run(planId, Date.now());
    if ((q.memberCount.get(planId)?.n ?? 0) !== index) return false;
    q.insertMember.run(planId, index, Buffer.from(bytes));
    return true;
  });

  const appendOne = (e: NewEnvelope): number => {
    const bumped = q.bumpSeq.get(e.planId);
    if (!bumped) throw new Error('unknown plan');
    const seq = bumped.last_seq;
    const bytes = Buffer.from(e.bytes);
    q.insertReceipt.run(e.planId, e.author, e.kind, e.clock, seq, e.digest ?? digestOf(e.bytes));
    if (e.kind === KIND_UPDATE) {
      q.insertEnvelope.run(e.planId, seq, e.author, e.clock, e.epoch, e.kind, bytes);
      return seq;
    }
    const covers = e.coversUpTo ?? 0;
    const current = q.snapshot.get(e.planId);
    if (!current || covers > current.covers_up_to) {
      q.upsertSnapshot.run(e.planId, seq, e.author, e.clock, e.epoch, covers, bytes);
      q.pruneCovered.run(e.planId, covers);
    }
    return seq;
  };
  const appendGroup = db.transaction((group: readonly NewEnvelope[]): number[] => group.map(appendOne));
  const appendGroups = db.transaction((groups: readonly (readonly NewEnvelope[])[]): number[][] => groups.map(appendGroup));

  // Group commit: every group of envelopes that arrives while the event loop is busy goes into one
  // transaction, so one fsync covers many plans' writes. Each promise still resolves only after
  // the commit that holds its group, so "ack only after commit" is unchanged.
  type Pending = { group: readonly NewEnvelope[]; resolve: (seqs: number[]) => void; reject: (err: unknown) => void };
  let pending: Pending[] = [];
  let flushScheduled = false;
  const flush = (): void => {
    flushScheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    let seqs: number[][];
    try {
      seqs = appendGroups(batch.map((b) => b.group));
    } catch {
      // One bad group must not fail its neighbours: retry each alone and report per group.
      for (const b of batch) {
        try {
          b.resolve(appendGroup(b.group));
        } catch (err) {
          b.reject(err);
        }
      }
      return;
    }
    batch.forEach((b, i) => b.resolve(seqs[i]!));
  };
  const appendEnvelopes = (group: readonly NewEnvelope[]): Promise<number[]> =>
    new Promise((resolve, reject) => {
      if (group.length === 0) return resolve([]);
      pending.push({ group, resolve, reject });
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    });

  const toReceipt = (row: ReceiptRow | undefined): Receipt | null => (row ? { ...row } : null);
  const toEnvelope = (row: EnvelopeRow): StoredEnvelope => ({
    seq: row.seq,
    kind: row.kind as StoredKind,
    bytes: new Uint8Array(row.bytes),
  });

  return {
    readMemberLog: async (planId) => q.memberLog.all(planId).map((r) => new Uint8Array(r.bytes)),
    appendMemberEvent: async (planId, index, bytes) => appendMember(planId, index, bytes),
    lastReceipt: async (planId, author, kind) => toReceipt(q.lastReceipt.get(planId, author, kind)),
    receiptAt: async (planId, author, kind, clock) => toReceipt(q.receiptAt.get(planId, author, kind, clock)),
    appendEnvelopes,
    appendEnvelope: async (envelope) => (await appendEnvelopes([envelope]))[0]!,
    latestSeq: async (planId) => q.latestSeq.get(planId)?.last_seq ?? 0,
    readSnapshot: async (planId): Promise<StoredSnapshot | null> => {
      const row = q.snapshot.get(planId);
      return row ? { ...toEnvelope(row), coversUpTo: row.covers_up_to } : null;
    },
    readUpdates: async (planId, afterSeq, limit) => q.updatesAfter.all(planId, afterSeq, limit).map(toEnvelope),
    settings: () => ({
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: Number(db.pragma('synchronous', { simple: true })),
    }),
    close: async () => {
      flush();
      if (db.open) db.close();
    },
  };
}

export function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}
