import type { KeyValueStore } from './kv.ts';

/** A KeyValueStore in memory, for tests and for Node. Values are cloned like IndexedDB does. */
export function createMemoryStore(): KeyValueStore & { readonly size: number } {
  const data = new Map<string, unknown>();
  return {
    get size() {
      return data.size;
    },
    async get<T>(key: string) {
      const v = data.get(key);
      return (v === undefined ? undefined : structuredClone(v)) as T | undefined;
    },
    async set(key, value) {
      data.set(key, structuredClone(value));
    },
    async setMany(entries) {
      for (const [k, v] of entries) data.set(k, structuredClone(v));
    },
    async del(key) {
      data.delete(key);
    },
    async delMany(keys) {
      for (const k of keys) data.delete(k);
    },
    async writeMany(puts, dels) {
      // Cloned before anything changes: a value that cannot be cloned fails the whole write.
      const cloned = puts.map(([k, v]) => [k, structuredClone(v)] as const);
      for (const [k, v] of cloned) data.set(k, v);
      for (const k of dels) data.delete(k);
    },
    async keys(prefix) {
      return [...data.keys()].filter((k) => k.startsWith(prefix));
    },
  };
}
