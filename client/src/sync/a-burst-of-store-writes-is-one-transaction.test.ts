import { expect, it } from 'vitest';
import type { KeyValueStore } from '../storage/kv.ts';
import { createMemoryStore } from '../storage/memory-kv.ts';
import { PlanStore, type PlanMeta } from './plan-store.ts';

const meta = (lastSeq: number): PlanMeta => ({
  planId: 'p',
  title: 't',
  updatedAt: 0,
  shared: true,
  onRelay: true,
  displayName: 'd',
  nextClock: 1,
  ackedClock: 0,
  lastSeq,
  snapshotCounter: 0,
});

/** A memory store that counts its transactions (setMany calls) and can be made to fail. */
function countingStore(): KeyValueStore & { transactions: number; failNext: number } {
  const mem = createMemoryStore();
  const store = {
    transactions: 0,
    failNext: 0,
    get: mem.get,
    keys: mem.keys,
    set: mem.set,
    del: mem.del,
    delMany: mem.delMany,
    async setMany(entries: ReadonlyArray<readonly [string, unknown]>) {
      store.transactions++;
      if (store.failNext > 0) {
        store.failNext--;
        throw new Error('disk busy');
      }
      await mem.setMany(entries);
    },
  };
  return store;
}

it('a burst of store writes is one transaction, and a failed one is kept and written again in order', async () => {
  const kv = countingStore();
  const store = new PlanStore(kv, 'p');
  // Twenty deliveries handed to the store in one turn, as a burst from the relay is.
  const writes = Array.from({ length: 20 }, (_, i) => store.addDelivered(i + 1, new Uint8Array([i]), meta(i + 1)));
  await Promise.all(writes);
  expect(kv.transactions).toBe(1);
  expect((await store.confirmed(0)).map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  expect((await store.meta())?.lastSeq).toBe(20);

  // The store refuses the next transaction: the writes are not lost, the caller hears it, and
  // the retry writes them (with what came after) in one go, the newest meta winning.
  kv.failNext = 1;
  const failed = store.addDelivered(21, new Uint8Array([21]), meta(21));
  await expect(failed).rejects.toMatchObject({ code: 'store-write-failed' });
  expect(store.writes.failing).toBe(true);
  const after = store.addDelivered(22, new Uint8Array([22]), meta(22));
  await after;
  expect(store.writes.failing).toBe(false);
  expect((await store.confirmed(20)).map((r) => r.seq)).toEqual([21, 22]);
  expect((await store.meta())?.lastSeq).toBe(22);
});
