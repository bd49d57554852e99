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
      return (v === undefined ? undefined : cloneValue(v)) as T | undefined;
    },
    async set(key, value) {
      data.set(key, cloneValue(value));
    },
    async setMany(entries) {
      for (const [k, v] of entries) data.set(k, cloneValue(v));
    },
    async del(key) {
      data.delete(key);
    },
    async delMany(keys) {
      for (const k of keys) data.delete(k);
    },
    async delRange(from, to) {
      for (const k of [...data.keys()]) if (k >= from && k <= to) data.delete(k);
    },
    async writeMany(puts, dels) {
      // Cloned before anything changes: a value that cannot be cloned fails the whole write.
      const cloned = puts.map(([k, v]) => [k, cloneValue(v)] as const);
      for (const [k, v] of cloned) data.set(k, v);
      for (const k of dels) data.delete(k);
    },
    async keys(prefix) {
      return [...data.keys()].filter((k) => k.startsWith(prefix));
    },
  };
}

/**
 * A copy as IndexedDB's structured clone makes it, fast for what the engine stores (envelopes, plain
 * records of counters): byte arrays and plain objects and arrays are copied here, anything else
 * (Maps, class instances, functions) goes through structuredClone, which also refuses what cannot
 * be cloned. structuredClone costs several microseconds even for a small record, and every
 * keystroke sent or received writes a few of them.
 */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value;
  if (value instanceof Uint8Array && value.constructor === Uint8Array) return value.slice() as T;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cloneValue((value as Record<string, unknown>)[key]);
  return out as T;
}
