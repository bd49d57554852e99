import type { KeyValueStore } from '../../../client/src/storage/kv.ts';
import { createMemoryStore } from '../../../client/src/storage/memory-kv.ts';

/** A memory store that counts its write transactions (every call that writes is one IndexedDB transaction). */
export function countingStore(): KeyValueStore & { transactions: number } {
  const mem = createMemoryStore();
  const store = {
    transactions: 0,
    get: mem.get,
    keys: mem.keys,
    set: (k: string, v: unknown) => (store.transactions++, mem.set(k, v)),
    setMany: (e: ReadonlyArray<readonly [string, unknown]>) => (store.transactions++, mem.setMany(e)),
    del: (k: string) => (store.transactions++, mem.del(k)),
    delMany: (k: readonly string[]) => (store.transactions++, mem.delMany(k)),
    writeMany: (p: ReadonlyArray<readonly [string, unknown]>, d: readonly string[]) => (store.transactions++, mem.writeMany(p, d)),
  };
  return store;
}
