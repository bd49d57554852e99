import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTempDir } from '../../../tests/support/temp-dir.ts';
import { KIND_SNAPSHOT, KIND_UPDATE, type NewEnvelope } from './relay-store.ts';
import { digestOf, openSqliteStore, SQLITE_FILE_NAME, type SqliteRelayStore } from './sqlite-store.ts';

let dir: string;
let store: SqliteRelayStore;

beforeEach(() => {
  dir = newTempDir('store-');
  store = openSqliteStore(dir);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const PLAN = 'cGxhbi1vbmUtMTIzNDU2Nw';
const bytesOf = (n: number, size = 40) => new Uint8Array(size).fill(n);
const update = (author: string, clock: number, fill = clock): NewEnvelope => ({
  planId: PLAN,
  author,
  kind: KIND_UPDATE,
  clock,
  epoch: 0,
  bytes: bytesOf(fill),
});

async function createPlan(): Promise<void> {
  expect(await store.appendMemberEvent(PLAN, 0, bytesOf(200))).toBe(true);
}

describe('the SQLite relay store', () => {
  it('runs in WAL mode with synchronous=FULL, so a commit is on disk before the ack', async () => {
    expect(await store.settings()).toEqual({ journalMode: 'wal', synchronous: 2 /* FULL */ });
    await createPlan();
    await store.appendEnvelope(update('alice', 1));
    // Committed means visible to an independent connection on the same file.
    const other = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    expect(other.prepare('SELECT COUNT(*) AS n FROM envelopes').get()).toEqual({ n: 1 });
    other.close();
  });

  it('keeps member events in order and refuses an append at a stale index', async () => {
    expect(await store.readMemberLog(PLAN)).toEqual([]);
    await createPlan();
    expect(await store.appendMemberEvent(PLAN, 1, bytesOf(201))).toBe(true);
    expect(await store.appendMemberEvent(PLAN, 1, bytesOf(202))).toBe(false);
    expect(await store.appendMemberEvent(PLAN, 0, bytesOf(203))).toBe(false);
    expect(await store.readMemberLog(PLAN)).toEqual([bytesOf(200), bytesOf(201)]);
  });

  it('hands out rising seqs per plan and survives a reopen of the same file', async () => {
    await createPlan();
    expect(await store.appendEnvelope(update('alice', 1))).toBe(1);
    expect(await store.appendEnvelope(update('bob', 1))).toBe(2);
    expect(await store.appendEnvelope(update('alice', 2))).toBe(3);
    await store.close();
    store = openSqliteStore(dir);
    expect(await store.latestSeq(PLAN)).toBe(3);
    expect((await store.readUpdates(PLAN, 1, 10)).map((e) => e.seq)).toEqual([2, 3]);
    expect(await store.lastReceipt(PLAN, 'alice', KIND_UPDATE)).toEqual({ clock: 2, seq: 3, digest: digestOf(bytesOf(2)) });
    expect(await store.receiptAt(PLAN, 'bob', KIND_UPDATE, 1)).toMatchObject({ seq: 2 });
    expect(await store.appendEnvelope(update('bob', 2))).toBe(4);
  });

  it('refuses a second envelope at the same author clock, leaving the first', async () => {
    await createPlan();
    await store.appendEnvelope(update('alice', 1, 1));
    await expect(store.appendEnvelope(update('alice', 1, 9))).rejects.toThrow();
    expect(await store.latestSeq(PLAN)).toBe(1);
    expect((await store.readUpdates(PLAN, 0, 10))[0]?.bytes).toEqual(bytesOf(1));
  });

  it('keeps the newest trusted snapshot and prunes the updates it covers, but not their receipts', async () => {
    await createPlan();
    for (let clock = 1; clock <= 5; clock++) await store.appendEnvelope(update('alice', clock));
    const snapshot: NewEnvelope = { planId: PLAN, author: 'bob', kind: KIND_SNAPSHOT, clock: 1, epoch: 0, coversUpTo: 3, bytes: bytesOf(77), trusted: true };
    expect(await store.appendEnvelope(snapshot)).toBe(6);
    expect(await store.readSnapshot(PLAN)).toMatchObject({ seq: 6, coversUpTo: 3, kind: KIND_SNAPSHOT, bytes: bytesOf(77) });
    expect((await store.readUpdates(PLAN, 0, 100)).map((e) => e.seq)).toEqual([4, 5]);
    expect(await store.receiptAt(PLAN, 'alice', KIND_UPDATE, 1)).toMatchObject({ seq: 1 });

    // An older snapshot (covering less) does not replace the newer one.
    const older: NewEnvelope = { ...snapshot, clock: 2, coversUpTo: 2, bytes: bytesOf(78) };
    expect(await store.appendEnvelope(older)).toBe(7);
    expect((await store.readSnapshot(PLAN))?.bytes).toEqual(bytesOf(77));

    const newer: NewEnvelope = { ...snapshot, clock: 3, coversUpTo: 5, bytes: bytesOf(79) };
    await store.appendEnvelope(newer);
    expect(await store.readSnapshot(PLAN)).toMatchObject({ seq: 8, coversUpTo: 5, bytes: bytesOf(79) });
    expect(await store.readUpdates(PLAN, 0, 100)).toEqual([]);
    expect(await store.lastReceipt(PLAN, 'bob', KIND_SNAPSHOT)).toMatchObject({ clock: 3 });
  });

  it('keeps only the receipt of an untrusted snapshot: no snapshot served, every update kept', async () => {
    await createPlan();
    for (let clock = 1; clock <= 3; clock++) await store.appendEnvelope(update('alice', clock));
    const snapshot: NewEnvelope = { planId: PLAN, author: 'bob', kind: KIND_SNAPSHOT, clock: 1, epoch: 0, coversUpTo: 3, bytes: bytesOf(77) };
    expect(await store.appendEnvelope(snapshot)).toBe(4);
    expect(await store.readSnapshot(PLAN)).toBeNull();
    expect((await store.readUpdates(PLAN, 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await store.lastReceipt(PLAN, 'bob', KIND_SNAPSHOT)).toMatchObject({ clock: 1, seq: 4 });
  });

  it('pages through updates in seq order', async () => {
    await createPlan();
    for (let clock = 1; clock <= 7; clock++) await store.appendEnvelope(update('alice', clock));
    expect((await store.readUpdates(PLAN, 0, 3)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await store.readUpdates(PLAN, 3, 3)).map((e) => e.seq)).toEqual([4, 5, 6]);
    expect((await store.readUpdates(PLAN, 6, 3)).map((e) => e.seq)).toEqual([7]);
  });

  it('refuses envelopes for a plan it has no log for', async () => {
    await expect(store.appendEnvelope(update('alice', 1))).rejects.toThrow(/unknown plan/);
  });
});
