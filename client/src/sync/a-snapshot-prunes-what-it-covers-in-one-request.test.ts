import { expect, it } from 'vitest';
import type { KeyValueStore } from '../storage/kv.ts';
import { createMemoryStore } from '../storage/memory-kv.ts';
import { planKeys, PlanStore } from './plan-store.ts';

const PLAN = 'plan-a';

/** A memory store that counts its delete requests; `withRange: false` is a store without key order (sealed). */
function store(withRange: boolean, rangeFails = false): { kv: KeyValueStore; deletes: () => number; ranges: () => number } {
  const mem = createMemoryStore();
  let deletes = 0;
  let ranges = 0;
  const { delRange: _own, ...rest } = mem;
  const kv: KeyValueStore = {
    ...rest,
    del: (k) => (deletes++, mem.del(k)),
    delMany: (ks) => ((deletes += ks.length), mem.delMany(ks)),
    writeMany: (p, d) => ((deletes += d.length), mem.writeMany(p, d)),
    ...(withRange
      ? { delRange: (from: string, to: string) => (ranges++, rangeFails ? Promise.reject(new Error('disk')) : mem.delRange!(from, to)) }
      : {}),
  };
  return { kv, deletes: () => deletes, ranges: () => ranges };
}

async function withRecords(kv: KeyValueStore): Promise<PlanStore> {
  const s = new PlanStore(kv, PLAN);
  await kv.setMany(Array.from({ length: 12 }, (_, i) => [planKeys.seq(PLAN, i + 1), new Uint8Array([i + 1])] as const));
  await kv.set(planKeys.seq('other-plan', 3), new Uint8Array([3]));
  return s;
}

const left = async (kv: KeyValueStore) => (await kv.keys(planKeys.seqPrefix(PLAN))).sort();
const seqs = (...n: number[]) => n.map((i) => planKeys.seq(PLAN, i));

it('a snapshot prunes the records it covers in one request, and only those', async () => {
  const { kv, deletes, ranges } = store(true);
  await (await withRecords(kv)).pruneConfirmed(10);
  expect(await left(kv)).toEqual(seqs(11, 12));
  expect(await kv.get(planKeys.seq('other-plan', 3))).toBeDefined();
  expect(ranges()).toBe(1);
  expect(deletes()).toBe(0);
});

it('a store without key order (sealed) prunes the same records one by one', async () => {
  const { kv, deletes } = store(false);
  await (await withRecords(kv)).pruneConfirmed(10);
  expect(await left(kv)).toEqual(seqs(11, 12));
  expect(deletes()).toBe(10);
});

it('a range delete that fails is done record by record instead', async () => {
  const { kv, deletes, ranges } = store(true, true);
  await (await withRecords(kv)).pruneConfirmed(4);
  expect(await left(kv)).toEqual(seqs(5, 6, 7, 8, 9, 10, 11, 12));
  expect(ranges()).toBe(1);
  expect(deletes()).toBe(4);
});
