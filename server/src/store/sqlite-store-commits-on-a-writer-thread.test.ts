import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTempDir } from '../testing/temp-dir.ts';
import { createMemoryLogger } from '../log.ts';
import { KIND_UPDATE, type NewEnvelope } from './relay-store.ts';
import { openSqliteStore, SQLITE_FILE_NAME, type SqliteRelayStore } from './sqlite-store.ts';
import { WriterStoppedError } from './sqlite-writer.ts';

let dir: string;
let store: SqliteRelayStore;
let logged: ReturnType<typeof createMemoryLogger>;

beforeEach(() => {
  dir = newTempDir('store-writer-');
  logged = createMemoryLogger();
  store = openSqliteStore(dir, { log: logged.log });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const PLAN_A = 'cGxhbi1hLTEyMzQ1Njc4OTA';
const PLAN_B = 'cGxhbi1iLTEyMzQ1Njc4OTA';
const SECRET = 0x5a;
const update = (planId: string, author: string, clock: number): NewEnvelope => ({
  planId,
  author,
  kind: KIND_UPDATE,
  clock,
  epoch: 0,
  bytes: new Uint8Array(64).fill(SECRET),
});

describe('the SQLite store commits on its writer thread', () => {
  it('runs in WAL mode with synchronous=FULL, so a commit is on disk before the ack', async () => {
    expect(await store.settings()).toEqual({ journalMode: 'wal', synchronous: 2 /* FULL */ });
    await store.appendMemberEvent(PLAN_A, 0, new Uint8Array([1]));
    await store.appendEnvelope(update(PLAN_A, 'alice', 1));
    // Committed means visible to an independent connection on the same file.
    const other = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    expect(other.prepare('SELECT COUNT(*) AS n FROM envelopes').get()).toEqual({ n: 1 });
    other.close();
  });

  it('commits writes that arrive together, gives each plan its seqs in call order, and each is readable once resolved', async () => {
    // Genesis and envelopes in the same turn: the member events must commit first, in order.
    const created = [store.appendMemberEvent(PLAN_A, 0, new Uint8Array([1])), store.appendMemberEvent(PLAN_B, 0, new Uint8Array([2]))];
    const writes: Promise<void>[] = [];
    const seen: Record<string, number[]> = { [PLAN_A]: [], [PLAN_B]: [] };
    for (let clock = 1; clock <= 40; clock++) {
      for (const planId of [PLAN_A, PLAN_B]) {
        writes.push(
          store.appendEnvelope(update(planId, 'alice', clock)).then(async (seq) => {
            seen[planId]!.push(seq);
            // Read-your-writes on the reading connection, as soon as the write resolved.
            expect(await store.latestSeq(planId)).toBeGreaterThanOrEqual(seq);
            expect((await store.readUpdates(planId, seq - 1, 1))[0]?.seq).toBe(seq);
            expect(await store.lastReceipt(planId, 'alice', KIND_UPDATE)).toMatchObject({ clock: expect.any(Number) });
          }),
        );
      }
    }
    expect(await Promise.all(created)).toEqual([true, true]);
    await Promise.all(writes);
    const inOrder = Array.from({ length: 40 }, (_, i) => i + 1);
    expect(seen[PLAN_A]).toEqual(inOrder);
    expect(seen[PLAN_B]).toEqual(inOrder);
    expect(await store.lastReceipt(PLAN_A, 'alice', KIND_UPDATE)).toMatchObject({ clock: 40, seq: 40 });
  });

  it('fails only the bad group of a batch and commits its neighbours', async () => {
    await store.appendMemberEvent(PLAN_A, 0, new Uint8Array([1]));
    await store.appendEnvelope(update(PLAN_A, 'alice', 1));
    const good = store.appendEnvelopes([update(PLAN_A, 'bob', 1), update(PLAN_A, 'bob', 2)]);
    const duplicate = store.appendEnvelopes([update(PLAN_A, 'carol', 1), update(PLAN_A, 'alice', 1)]);
    const unknownPlan = store.appendEnvelope(update(PLAN_B, 'alice', 1));
    expect(await good).toEqual([2, 3]);
    await expect(duplicate).rejects.toThrow(/UNIQUE/);
    await expect(unknownPlan).rejects.toThrow(/unknown plan/);
    // The failed group left nothing behind: not carol's update, not a seq.
    expect(await store.latestSeq(PLAN_A)).toBe(3);
    expect(await store.lastReceipt(PLAN_A, 'carol', KIND_UPDATE)).toBeNull();
    expect(await store.appendEnvelope(update(PLAN_A, 'carol', 1))).toBe(4);
  });

  it('commits what is queued before close() ends the writer', async () => {
    await store.appendMemberEvent(PLAN_A, 0, new Uint8Array([1]));
    const queued = [1, 2, 3].map((clock) => store.appendEnvelope(update(PLAN_A, 'alice', clock)));
    await store.close();
    expect(await Promise.all(queued)).toEqual([1, 2, 3]);
    await expect(store.appendEnvelope(update(PLAN_A, 'alice', 4))).rejects.toBeInstanceOf(WriterStoppedError);
    store = openSqliteStore(dir);
    expect(await store.latestSeq(PLAN_A)).toBe(3);
  });

  it('after its writer died, resolves no write it has no commit for, refuses later writes, and still reads', async () => {
    await store.appendMemberEvent(PLAN_A, 0, new Uint8Array([1]));
    expect(await store.appendEnvelope(update(PLAN_A, 'alice', 1))).toBe(1);

    const queued = store.appendEnvelope(update(PLAN_A, 'alice', 2)); // not yet sent to the thread
    await store.crashWriter();
    await expect(queued).rejects.toBeInstanceOf(WriterStoppedError);
    await expect(store.appendEnvelope(update(PLAN_A, 'alice', 2))).rejects.toBeInstanceOf(WriterStoppedError);
    await expect(store.appendMemberEvent(PLAN_A, 1, new Uint8Array([2]))).rejects.toBeInstanceOf(WriterStoppedError);

    expect(await store.latestSeq(PLAN_A)).toBe(1);
    expect((await store.readUpdates(PLAN_A, 0, 10)).map((e) => e.seq)).toEqual([1]);
    const lines = logged.lines.filter((l) => l.includes('"store.writer-stopped"'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/alice|WlpaWlpa|5a5a/i);
  });

  it('settles a write that was in the thread when it died: resolved only if committed', async () => {
    await store.appendMemberEvent(PLAN_A, 0, new Uint8Array([1]));
    const inFlight = store.appendEnvelopes(Array.from({ length: 200 }, (_, i) => update(PLAN_A, 'alice', i + 1)));
    await new Promise((r) => setImmediate(r)); // the batch is now posted to the thread
    await store.crashWriter();
    const outcome = await inFlight.then(
      (seqs) => ({ seqs }),
      (err: unknown) => ({ err }),
    );
    const stored = await store.latestSeq(PLAN_A);
    if ('seqs' in outcome) expect(stored).toBe(200);
    else expect(outcome.err).toBeInstanceOf(WriterStoppedError);
  });
});
