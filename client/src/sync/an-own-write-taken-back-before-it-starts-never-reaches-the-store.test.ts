import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { KeyValueStore } from '../storage/kv.ts';
import { createMemoryStore } from '../storage/memory-kv.ts';
import { LATER_MS, SOON_MS, WriteBehind } from './write-behind.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A memory store that counts its transactions. */
function counted(): { kv: KeyValueStore; transactions: () => number } {
  const mem = createMemoryStore();
  let n = 0;
  const tx =
    <A extends unknown[]>(f: (...a: A) => Promise<void>) =>
    (...a: A) => (n++, f(...a));
  return {
    kv: { ...mem, set: tx(mem.set), setMany: tx(mem.setMany), del: tx(mem.del), delMany: tx(mem.delMany), writeMany: tx(mem.writeMany) },
    transactions: () => n,
  };
}

it('an own write taken back before it starts never reaches the store; the rest rides LATER_MS', async () => {
  const { kv, transactions } = counted();
  const log = new WriteBehind(kv);
  const taken = log.writeSoon([['pending/1', 'env'], ['meta', { next: 2 }]], 'pending/1');
  expect(log.unsavedOwn).toBe(1);
  expect(log.unqueue('pending/1')).toBe(true);
  expect(log.unsavedOwn).toBe(0);
  const later = log.writeLater([['seq/7', 'env'], ['meta', { next: 2, last: 7 }]]);
  await vi.advanceTimersByTimeAsync(SOON_MS);
  expect(transactions()).toBe(0); // nothing own left: the batch waits for a ride
  await vi.advanceTimersByTimeAsync(LATER_MS);
  expect(transactions()).toBe(1);
  await Promise.all([taken, later]); // settled with the batch it was in
  expect(await kv.get('pending/1')).toBeUndefined();
  expect(await kv.get('seq/7')).toBe('env');
  expect(await kv.get('meta')).toEqual({ next: 2, last: 7 });
});

it('an own write not taken back goes within SOON_MS and then cannot be taken back', async () => {
  const { kv, transactions } = counted();
  const log = new WriteBehind(kv);
  const written = log.writeSoon([['pending/1', 'env']], 'pending/1');
  await vi.advanceTimersByTimeAsync(SOON_MS - 1);
  expect(transactions()).toBe(0);
  await vi.advanceTimersByTimeAsync(1);
  await written;
  expect(transactions()).toBe(1);
  expect(log.unsavedOwn).toBe(0);
  expect(log.unqueue('pending/1')).toBe(false); // on disk: the caller deletes it
  expect(await kv.get('pending/1')).toBe('env');
});

it('an urgent write takes the own ones queued before it along', async () => {
  const { kv, transactions } = counted();
  const log = new WriteBehind(kv);
  const own = log.writeSoon([['pending/1', 'a']], 'pending/1');
  await log.write([['log', 'x']]);
  await own;
  expect(transactions()).toBe(1);
  expect(await kv.get('pending/1')).toBe('a');
  expect(log.unqueue('pending/1')).toBe(false);
});
