// The relay store's only writer: a worker thread with its own better-sqlite3 connection, so the
// commit and its fsync never block the relay's event loop. A worker starts without the TypeScript
// loader of its parent (tsx, Vitest), so this file is its own entry of the relay's build
// (server/dist/sqlite-writer-thread.js) and, run from source, is compiled on its own
// (writer-thread-file.ts). It imports better-sqlite3 and the relay's store constants, nothing
// with side effects.
//
// One `batch` message = one transaction = one fsync (WAL, synchronous = FULL). The answer goes
// back only after the commit returned, and the relay acks only after the answer.
import Database from 'better-sqlite3';
import { parentPort as maybeParentPort, workerData } from 'node:worker_threads';
import { KIND_UPDATE } from './relay-store.ts';
import type { PackedBytes, PackedEnvelope, WriterData, WriterOp, WriterRequest, WriterResult } from './sqlite-writer-messages.ts';

if (!maybeParentPort) throw new Error('sqlite-writer-thread runs as a worker thread only');
const parentPort = maybeParentPort;
const db = new Database((workerData as WriterData).file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');

/** plan_id, seq, author, clock, epoch, covers_up_to, bytes */
type SnapshotRow = [string, number, string, number, number, number, Buffer];
interface Proposal {
  seq: number;
  author: string;
  clock: number;
  epoch: number;
  covers_up_to: number;
  bytes: Buffer;
}

const q = {
  insertPlan: db.prepare<[string, number]>('INSERT OR IGNORE INTO plans (plan_id, created_at) VALUES (?, ?)'),
  memberCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM member_events WHERE plan_id = ?'),
  insertMember: db.prepare<[string, number, Buffer]>('INSERT INTO member_events (plan_id, idx, bytes) VALUES (?, ?, ?)'),
  // Seqs are handed out here, inside the commit: the relay has at most one batch per plan in
  // flight (its plan queue), so a plan's seqs come back in the order they are delivered.
  // One statement per plan and batch, not per envelope: the batch's envelopes of a plan take the
  // seqs from the old last_seq + 1 up, in order.
  bumpSeq: db.prepare<[number, string], { last_seq: number }>('UPDATE plans SET last_seq = last_seq + ? WHERE plan_id = ? RETURNING last_seq'),
  insertReceipt: db.prepare<[string, string, number, number, number, string]>('INSERT INTO receipts (plan_id, author, kind, clock, seq, digest) VALUES (?, ?, ?, ?, ?, ?)'),
  insertEnvelope: db.prepare<[string, number, string, number, number, number, Buffer]>(
    'INSERT INTO envelopes (plan_id, seq, author, clock, epoch, kind, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  snapshotCovers: db.prepare<[string], { covers_up_to: number }>('SELECT covers_up_to FROM snapshots WHERE plan_id = ?'),
  upsertSnapshot: db.prepare<SnapshotRow>(
    `INSERT INTO snapshots (plan_id, seq, author, clock, epoch, covers_up_to, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (plan_id) DO UPDATE SET seq = excluded.seq, author = excluded.author, clock = excluded.clock,
       epoch = excluded.epoch, covers_up_to = excluded.covers_up_to, bytes = excluded.bytes`,
  ),
  pruneCovered: db.prepare<[string, number]>('DELETE FROM envelopes WHERE plan_id = ? AND seq <= ?'),
  dropAuthorProposals: db.prepare<[string, string]>('DELETE FROM snapshot_proposals WHERE plan_id = ? AND author = ?'),
  insertProposal: db.prepare<SnapshotRow>(
    'INSERT INTO snapshot_proposals (plan_id, seq, author, clock, epoch, covers_up_to, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  proposalAt: db.prepare<[string, number], Proposal>('SELECT seq, author, clock, epoch, covers_up_to, bytes FROM snapshot_proposals WHERE plan_id = ? AND seq = ?'),
  dropProposalsUpTo: db.prepare<[string, number]>('DELETE FROM snapshot_proposals WHERE plan_id = ? AND covers_up_to <= ?'),
  // Receipts every current device has read past, except each author's newest per kind (the
  // clock check needs it).
  pruneReceipts: db.prepare<[string, number]>(
    `DELETE FROM receipts WHERE plan_id = ? AND seq <= ? AND clock < (
       SELECT MAX(r.clock) FROM receipts r WHERE r.plan_id = receipts.plan_id AND r.author = receipts.author AND r.kind = receipts.kind)`,
  ),
};

/** A view of the batch's packed bytes (no copy); better-sqlite3 binds exactly the view. */
const slice = (blob: ArrayBuffer, offset: number, length: number): Buffer => Buffer.from(blob, offset, length);

/** Stores a group of envelopes (any plans); each gets the next seq of its plan, in the group's order. */
function appendEnvelopes(blob: ArrayBuffer, group: PackedEnvelope[]): number[] {
  const counts = new Map<string, number>();
  for (const e of group) counts.set(e.planId, (counts.get(e.planId) ?? 0) + 1);
  const nextSeq = new Map<string, number>();
  for (const [planId, count] of counts) {
    const bumped = q.bumpSeq.get(count, planId);
    if (!bumped) throw new Error('unknown plan');
    nextSeq.set(planId, bumped.last_seq - count + 1);
  }
  return group.map((e) => {
    const seq = nextSeq.get(e.planId) as number;
    nextSeq.set(e.planId, seq + 1);
    return appendEnvelope(blob, e, seq);
  });
}

function appendEnvelope(blob: ArrayBuffer, e: PackedEnvelope, seq: number): number {
  const bytes = slice(blob, e.offset, e.length);
  q.insertReceipt.run(e.planId, e.author, e.kind, e.clock, seq, e.digest);
  if (e.kind === KIND_UPDATE) {
    q.insertEnvelope.run(e.planId, seq, e.author, e.clock, e.epoch, e.kind, bytes);
    return seq;
  }
  const covers = e.coversUpTo ?? 0;
  // Only a snapshot of the plan's single writer replaces what the updates say at once; any other
  // waits as its author's one proposal until a second writer confirms it (relay-store.ts).
  if (!e.trusted) {
    q.dropAuthorProposals.run(e.planId, e.author);
    q.insertProposal.run(e.planId, seq, e.author, e.clock, e.epoch, covers, bytes);
    return seq;
  }
  adoptSnapshot(e.planId, seq, e.author, e.clock, e.epoch, covers, bytes);
  return seq;
}

function adoptSnapshot(...[planId, seq, author, clock, epoch, covers, bytes]: SnapshotRow): void {
  const current = q.snapshotCovers.get(planId);
  if (!current || covers > current.covers_up_to) {
    q.upsertSnapshot.run(planId, seq, author, clock, epoch, covers, bytes);
    q.pruneCovered.run(planId, covers);
  }
  q.dropProposalsUpTo.run(planId, Math.max(covers, current?.covers_up_to ?? 0));
}

function confirmProposal(c: { planId: string; seq: number }): boolean {
  const p = q.proposalAt.get(c.planId, c.seq);
  if (!p) return false;
  adoptSnapshot(c.planId, p.seq, p.author, p.clock, p.epoch, p.covers_up_to, p.bytes);
  return true;
}

function appendMember(blob: ArrayBuffer, m: { planId: string; index: number } & PackedBytes): boolean {
  if (m.index === 0) q.insertPlan.run(m.planId, Date.now());
  if ((q.memberCount.get(m.planId)?.n ?? 0) !== m.index) return false;
  q.insertMember.run(m.planId, m.index, slice(blob, m.offset, m.length));
  return true;
}

const runOp = (blob: ArrayBuffer, op: WriterOp): unknown => {
  switch (op.op) {
    case 'member':
      return appendMember(blob, op);
    case 'confirm':
      return confirmProposal(op);
    case 'prune-receipts':
      return q.pruneReceipts.run(op.planId, op.upToSeq).changes;
    case 'envelopes':
      return appendEnvelopes(blob, op.envelopes);
    default:
      return unknownOp(op);
  }
};
const unknownOp = (op: never): never => {
  throw new Error(`unknown writer op ${JSON.stringify(op)}`);
};
const runAll = db.transaction((blob: ArrayBuffer, ops: WriterOp[]) => ops.map((op) => runOp(blob, op)));
const runOne = db.transaction(runOp);

// Error names and SQLite's messages only: they never hold envelope bytes.
const failure = (err: unknown): WriterResult => ({ ok: false, name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) });

function commit(blob: ArrayBuffer, ops: WriterOp[]): WriterResult[] {
  try {
    return runAll(blob, ops).map((value): WriterResult => ({ ok: true, value }));
  } catch {
    // One bad op must not fail its neighbours: each alone, in its own transaction.
    return ops.map((op) => {
      try {
        return { ok: true, value: runOne(blob, op) };
      } catch (err) {
        return failure(err);
      }
    });
  }
}

parentPort.on('message', (msg: WriterRequest) => {
  switch (msg.type) {
    case 'batch':
      parentPort.postMessage({ type: 'done', id: msg.id, results: commit(msg.blob, msg.ops) });
      return;
    case 'settings': {
      const value = { journalMode: String(db.pragma('journal_mode', { simple: true })), synchronous: Number(db.pragma('synchronous', { simple: true })) };
      parentPort.postMessage({ type: 'done', id: msg.id, results: [{ ok: true, value }] });
      return;
    }
    case 'close':
      db.close();
      parentPort.close();
      return;
    default:
      unknownRequest(msg);
  }
});

function unknownRequest(msg: never): never {
  throw new Error(`unknown writer request ${JSON.stringify(msg)}`);
}
