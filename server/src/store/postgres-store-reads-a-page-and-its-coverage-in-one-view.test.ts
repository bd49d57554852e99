import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshPgSchema, type TestPgSchema } from '../testing/postgres-schema.ts';
import { openPostgresStore, type PostgresRelayStore } from './postgres-store.ts';
import { KIND_SNAPSHOT, KIND_UPDATE, StaleLogError, type NewEnvelope } from './relay-store.ts';

/**
 * What fan-out between relays needs of the shared store (docs/deploy.md, "Fan-out between
 * relays"): a page of updates and what the snapshot covers, read in one view (another relay's
 * snapshot may prune between two reads), and a batch judged on a member log that has since grown
 * refused whole.
 */
const PLAN = 'cGxhbi1vbmUtMTIzNDU2Nw';
const update = (clock: number, logLength?: number): NewEnvelope => ({
  planId: PLAN,
  author: 'YXV0aG9y',
  kind: KIND_UPDATE,
  clock,
  epoch: 0,
  bytes: new Uint8Array(100).fill(clock),
  logLength,
});

describe('the PostgreSQL store, shared by relays', () => {
  let pg: TestPgSchema;
  let store: PostgresRelayStore;
  beforeEach(async () => {
    pg = await freshPgSchema();
    store = await openPostgresStore({ url: pg.url, schema: pg.schema, poolSize: 2 });
    expect(await store.appendMemberEvent(PLAN, 0, new Uint8Array([1]))).toBe(true);
  });
  afterEach(async () => {
    await store.close();
    await pg.drop();
  });

  it('reads a page and the snapshot coverage together, bounded by count and bytes', async () => {
    expect(await store.readPage!(PLAN, 0, 10, 1 << 20)).toEqual({ coversUpTo: 0, updates: [] });
    for (let clock = 1; clock <= 5; clock++) await store.appendEnvelope(update(clock));
    const page = await store.readPage!(PLAN, 1, 10, 1 << 20);
    expect(page.coversUpTo).toBe(0);
    expect(page.updates.map((u) => u.seq)).toEqual([2, 3, 4, 5]);
    expect(page.updates[0]!.bytes).toEqual(new Uint8Array(100).fill(2));
    expect((await store.readPage!(PLAN, 0, 2, 1 << 20)).updates.map((u) => u.seq)).toEqual([1, 2]);
    // Stops after the envelope that reaches the byte budget, as readUpdates does.
    expect((await store.readPage!(PLAN, 0, 10, 150)).updates.map((u) => u.seq)).toEqual([1, 2]);
    await store.appendEnvelope({ planId: PLAN, author: 'YXV0aG9y', kind: KIND_SNAPSHOT, clock: 1, epoch: 0, coversUpTo: 3, trusted: true, bytes: new Uint8Array(50) });
    const after = await store.readPage!(PLAN, 0, 10, 1 << 20);
    expect(after.coversUpTo).toBe(3);
    expect(after.updates.map((u) => u.seq)).toEqual([4, 5]);
  });

  it('refuses a whole batch judged on a member log that has grown since, and stores it on the log as it is', async () => {
    expect(await store.appendEnvelopes([update(1, 1)])).toEqual([1]);
    expect(await store.appendMemberEvent(PLAN, 1, new Uint8Array([2]))).toBe(true);
    await expect(store.appendEnvelopes([update(2, 1), update(3, 1)])).rejects.toBeInstanceOf(StaleLogError);
    expect(await store.latestSeq(PLAN)).toBe(1);
    expect(await store.appendEnvelopes([update(2, 2), update(3, 2)])).toEqual([2, 3]);
    // Without a length (one relay on its own store) nothing is checked.
    expect(await store.appendEnvelopes([update(4)])).toEqual([4]);
  });
});
