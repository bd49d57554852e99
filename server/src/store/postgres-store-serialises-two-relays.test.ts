import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshPgSchema, type TestPgSchema } from '../testing/postgres-schema.ts';
import { migrate, readMigrations } from './postgres-migrations.ts';
import { openPostgresStore, type PostgresRelayStore } from './postgres-store.ts';
import { KIND_UPDATE, type NewEnvelope } from './relay-store.ts';

/**
 * Two relays on one database = two stores with their own pools on one schema. What the database
 * must hold for them: one seq sequence per plan, one member log, one copy of a resent envelope,
 * and migrations applied once.
 */
let db: TestPgSchema | undefined;
const opened: PostgresRelayStore[] = [];
const open = async () => {
  if (!db) throw new Error('no schema for this test');
  const store = await openPostgresStore({ url: db.url, schema: db.schema, poolSize: 4 });
  opened.push(store);
  return store;
};

beforeEach(async () => {
  db = await freshPgSchema();
});
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  await db?.drop();
  db = undefined;
});

const PLAN = 'cGxhbi1vbmUtMTIzNDU2Nw';
const update = (author: string, clock: number): NewEnvelope => ({
  planId: PLAN,
  author,
  kind: KIND_UPDATE,
  clock,
  epoch: 0,
  bytes: new Uint8Array(48).fill(clock),
});

describe('two PostgreSQL stores on one database (two relays)', () => {
  it('give one plan gap-free, distinct seqs when both append at once', async () => {
    const [a, b] = [await open(), await open()];
    expect(await a.appendMemberEvent(PLAN, 0, new Uint8Array([1]))).toBe(true);
    const batches = 12;
    const perBatch = 5;
    // Each relay appends batches of its own authors' updates, all in flight together.
    const appends = [a, b].flatMap((store, relay) =>
      Array.from({ length: batches }, (_, batch) =>
        store.appendEnvelopes(
          Array.from({ length: perBatch }, (_, i) => update(`relay${relay}-author${i}`, batch + 1)).map((e, i) => ({ ...e, bytes: new Uint8Array(48).fill(i) })),
        ),
      ),
    );
    const results = await Promise.all(appends);
    const total = 2 * batches * perBatch;
    expect(results.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Each batch got consecutive seqs: it committed as one, under the plan's lock.
    for (const seqs of results) expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(await b.latestSeq(PLAN)).toBe(total);
    expect((await a.readUpdates(PLAN, 0, 1000)).map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('let exactly one of two appends at the same member-log index win', async () => {
    const [a, b] = [await open(), await open()];
    const genesis = await Promise.all([a.appendMemberEvent(PLAN, 0, new Uint8Array([0xa0])), b.appendMemberEvent(PLAN, 0, new Uint8Array([0xb0]))]);
    expect(genesis.filter(Boolean)).toHaveLength(1);
    for (let index = 1; index <= 8; index++) {
      const won = await Promise.all([a.appendMemberEvent(PLAN, index, new Uint8Array([0xa0, index])), b.appendMemberEvent(PLAN, index, new Uint8Array([0xb0, index]))]);
      expect(won.filter(Boolean)).toHaveLength(1);
    }
    const log = await a.readMemberLog(PLAN);
    expect(log).toHaveLength(9);
    expect(await b.readMemberLog(PLAN)).toEqual(log);
  });

  it('answer a resend the other relay already stored with its seq, storing nothing twice', async () => {
    const [a, b] = [await open(), await open()];
    await a.appendMemberEvent(PLAN, 0, new Uint8Array([1]));
    expect(await a.appendEnvelopes([update('alice', 1), update('alice', 2)])).toEqual([1, 2]);
    // The device reconnects to relay b and sends both again, plus its next one.
    expect(await b.appendEnvelopes([update('alice', 1), update('alice', 2), update('alice', 3)])).toEqual([1, 2, 3]);
    // Both relays get the same new envelope at once (a resend racing its first copy).
    const both = await Promise.all([a.appendEnvelope(update('alice', 4)), b.appendEnvelope(update('alice', 4))]);
    expect(both).toEqual([4, 4]);
    expect(await a.latestSeq(PLAN)).toBe(4);
    expect((await b.readUpdates(PLAN, 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    // Other bytes at a used clock are still refused, by both.
    await expect(b.appendEnvelope({ ...update('alice', 2), bytes: new Uint8Array([9]) })).rejects.toThrow(/already holds other bytes/);
  });

  it('apply migrations once when two relays start at once, and nothing on a later start', async () => {
    const { url, schema } = db!;
    const pools = [0, 1].map(() => new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` }));
    try {
      const applied = await Promise.all(pools.map((p) => migrate(p, schema)));
      const all = readMigrations().map((m) => m.version);
      expect(applied.flat().sort()).toEqual(all);
      expect(applied.some((a) => a.length === 0)).toBe(true);
      expect(await migrate(pools[0]!, schema)).toEqual([]);
      const { rows } = await pools[1]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(all);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    // A store opened afterwards finds its tables.
    const store = await open();
    expect(await store.latestSeq(PLAN)).toBe(0);
  });

  it('say clearly when the database cannot be reached, without the password', async () => {
    const url = 'postgres://safeplan:s3cret-pw@127.0.0.1:1/nowhere';
    const failure = await openPostgresStore({ url }).then(
      () => null,
      (err: unknown) => err as Error,
    );
    expect(failure?.message).toMatch(/^cannot open the PostgreSQL store at postgres:\/\/safeplan:\*\*\*@127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/);
    expect(failure?.message).not.toContain('s3cret');
  });
});
