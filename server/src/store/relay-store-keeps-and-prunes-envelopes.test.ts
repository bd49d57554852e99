import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTempDir } from '../testing/temp-dir.ts';
import { freshPgSchema } from '../testing/postgres-schema.ts';
import { KIND_SNAPSHOT, KIND_UPDATE, type NewEnvelope, type RelayStore } from './relay-store.ts';
import { digestOf, openSqliteStore } from './sqlite-store.ts';
import { openPostgresStore } from './postgres-store.ts';

/** The store contract (relay-store.ts), proved the same way for every store the relay can run on. */
type TestStore = RelayStore & { appendEnvelope(e: NewEnvelope): Promise<number> };
interface StoreUnderTest {
  /** Opens a store on this test's storage; a second call opens a second, independent one on the same storage. */
  open(): Promise<TestStore>;
  cleanup(): Promise<void>;
}

const stores: Record<string, () => Promise<StoreUnderTest>> = {
  sqlite: async () => {
    const dir = newTempDir('store-');
    return { open: async () => openSqliteStore(dir), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
  postgres: async () => {
    const pg = await freshPgSchema();
    return { open: () => openPostgresStore({ url: pg.url, schema: pg.schema, poolSize: 4 }), cleanup: pg.drop };
  },
};

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

describe.each(Object.keys(stores))('the %s relay store', (name) => {
  let under: StoreUnderTest | undefined;
  let store: TestStore;
  const opened: TestStore[] = [];
  const open = async () => {
    if (!under) throw new Error('no storage for this test');
    const s = await under.open();
    opened.push(s);
    return s;
  };

  beforeEach(async () => {
    under = await stores[name]!();
    store = await open();
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await under?.cleanup();
    under = undefined;
  });

  async function createPlan(): Promise<void> {
    expect(await store.appendMemberEvent(PLAN, 0, bytesOf(200))).toBe(true);
  }

  it('shows a committed envelope to an independent store on the same storage at once', async () => {
    await createPlan();
    await store.appendEnvelope(update('alice', 1));
    const other = await open();
    expect((await other.readUpdates(PLAN, 0, 10)).map((e) => e.seq)).toEqual([1]);
    expect(await other.lastReceipt(PLAN, 'alice', KIND_UPDATE)).toMatchObject({ clock: 1, seq: 1 });
  });

  it('keeps member events in order and refuses an append at a stale index', async () => {
    expect(await store.readMemberLog(PLAN)).toEqual([]);
    expect(await store.appendMemberEvent(PLAN, 1, bytesOf(199))).toBe(false);
    await createPlan();
    expect(await store.appendMemberEvent(PLAN, 1, bytesOf(201))).toBe(true);
    expect(await store.appendMemberEvent(PLAN, 1, bytesOf(202))).toBe(false);
    expect(await store.appendMemberEvent(PLAN, 0, bytesOf(203))).toBe(false);
    expect(await store.appendMemberEvent(PLAN, 3, bytesOf(204))).toBe(false);
    expect(await store.readMemberLog(PLAN)).toEqual([bytesOf(200), bytesOf(201)]);
  });

  it('hands out rising seqs per plan and keeps them across a reopen', async () => {
    await createPlan();
    expect(await store.appendEnvelope(update('alice', 1))).toBe(1);
    expect(await store.appendEnvelope(update('bob', 1))).toBe(2);
    expect(await store.appendEnvelope(update('alice', 2))).toBe(3);
    await store.close();
    opened.splice(opened.indexOf(store), 1);
    store = await open();
    expect(await store.latestSeq(PLAN)).toBe(3);
    expect((await store.readUpdates(PLAN, 1, 10)).map((e) => e.seq)).toEqual([2, 3]);
    expect(await store.lastReceipt(PLAN, 'alice', KIND_UPDATE)).toEqual({ clock: 2, seq: 3, digest: digestOf(bytesOf(2)) });
    expect(await store.receiptAt(PLAN, 'bob', KIND_UPDATE, 1)).toMatchObject({ seq: 2 });
    expect(await store.appendEnvelope(update('bob', 2))).toBe(4);
  });

  it('stores a group all or none', async () => {
    await createPlan();
    await store.appendEnvelope(update('alice', 1, 1));
    // The group's last envelope reuses alice's clock 1 with other bytes: nothing of the group stays.
    await expect(store.appendEnvelopes([update('bob', 1), update('bob', 2), update('alice', 1, 9)])).rejects.toThrow();
    expect(await store.latestSeq(PLAN)).toBe(1);
    expect(await store.lastReceipt(PLAN, 'bob', KIND_UPDATE)).toBeNull();
    expect(await store.appendEnvelopes([update('bob', 1), update('bob', 2)])).toEqual([2, 3]);
  });

  it('stores a group far larger than one statement holds, in order', async () => {
    await createPlan();
    const group = Array.from({ length: 2500 }, (_, i) => update(`author${i % 7}`, Math.floor(i / 7) + 1, i % 250));
    const seqs = await store.appendEnvelopes(group);
    expect(seqs).toEqual(group.map((_, i) => i + 1));
    expect((await store.readUpdates(PLAN, 0, 5000)).map((e) => e.seq)).toEqual(seqs);
    expect(await store.lastReceipt(PLAN, 'author3', KIND_UPDATE)).toMatchObject({ clock: 357, seq: 2496 });
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
    expect(await store.snapshotCoversUpTo?.(PLAN)).toBe(3);
    expect((await store.readUpdates(PLAN, 0, 100)).map((e) => e.seq)).toEqual([4, 5]);
    expect(await store.receiptAt(PLAN, 'alice', KIND_UPDATE, 1)).toMatchObject({ seq: 1 });
    expect(await store.planBytes?.(PLAN)).toBe(3 * 40);

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

  it('keeps an untrusted snapshot as its author’s proposal until a confirm makes it the snapshot', async () => {
    await createPlan();
    for (let clock = 1; clock <= 3; clock++) await store.appendEnvelope(update('alice', clock));
    const snapshot: NewEnvelope = { planId: PLAN, author: 'bob', kind: KIND_SNAPSHOT, clock: 1, epoch: 0, coversUpTo: 2, bytes: bytesOf(77) };
    expect(await store.appendEnvelope(snapshot)).toBe(4);
    expect(await store.readSnapshot(PLAN)).toBeNull();
    expect((await store.readUpdates(PLAN, 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await store.lastReceipt(PLAN, 'bob', KIND_SNAPSHOT)).toMatchObject({ clock: 1, seq: 4 });
    expect(await store.readSnapshotProposal(PLAN, 4)).toEqual({ author: 'bob', coversUpTo: 2 });

    // A newer proposal of the same author replaces the first.
    expect(await store.appendEnvelope({ ...snapshot, clock: 2, coversUpTo: 3, bytes: bytesOf(78) })).toBe(5);
    expect(await store.readSnapshotProposal(PLAN, 4)).toBeNull();
    expect(await store.confirmSnapshot(PLAN, 4)).toBe(false);

    expect(await store.confirmSnapshot(PLAN, 5)).toBe(true);
    expect(await store.readSnapshot(PLAN)).toMatchObject({ seq: 5, coversUpTo: 3, bytes: bytesOf(78) });
    expect(await store.readUpdates(PLAN, 0, 100)).toEqual([]);
    expect(await store.readSnapshotProposal(PLAN, 5)).toBeNull();
    expect(await store.confirmSnapshot(PLAN, 5)).toBe(false);
  });

  it('pages through updates in seq order, stopping after the envelope that reaches maxBytes', async () => {
    await createPlan();
    for (let clock = 1; clock <= 7; clock++) await store.appendEnvelope(update('alice', clock));
    expect((await store.readUpdates(PLAN, 0, 3)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await store.readUpdates(PLAN, 3, 3)).map((e) => e.seq)).toEqual([4, 5, 6]);
    expect((await store.readUpdates(PLAN, 6, 3)).map((e) => e.seq)).toEqual([7]);
    // 40 bytes each: the second envelope reaches 80, the page ends with it.
    expect((await store.readUpdates(PLAN, 0, 10, 80)).map((e) => e.seq)).toEqual([1, 2]);
    expect((await store.readUpdates(PLAN, 0, 10, 81)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await store.readUpdates(PLAN, 4, 2, 10_000)).map((e) => e.seq)).toEqual([5, 6]);
    expect((await store.readUpdates(PLAN, 0, 10, 1)).map((e) => e.seq)).toEqual([1]);
  });

  it('prunes receipts up to a seq but keeps each author’s newest', async () => {
    await createPlan();
    for (let clock = 1; clock <= 3; clock++) await store.appendEnvelope(update('alice', clock));
    await store.appendEnvelope(update('bob', 1));
    expect(await store.pruneReceipts?.(PLAN, 4)).toBe(2);
    expect(await store.receiptAt(PLAN, 'alice', KIND_UPDATE, 2)).toBeNull();
    expect(await store.lastReceipt(PLAN, 'alice', KIND_UPDATE)).toMatchObject({ clock: 3, seq: 3 });
    expect(await store.lastReceipt(PLAN, 'bob', KIND_UPDATE)).toMatchObject({ clock: 1, seq: 4 });
  });

  it('refuses envelopes for a plan it has no log for', async () => {
    await expect(store.appendEnvelope(update('alice', 1))).rejects.toThrow(/unknown plan/);
  });
});
