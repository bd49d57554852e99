/**
 * The one storage seam of the client. Everything the device keeps (device keys, plan keys, sealed
 * envelopes, snapshots, the plan list) goes through this interface, so that the sync engine can be
 * tested in Node with the in-memory store and run in the browser on IndexedDB.
 */
export interface KeyValueStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Writes several keys in one IndexedDB transaction: all or nothing. */
  setMany(entries: ReadonlyArray<readonly [string, unknown]>): Promise<void>;
  del(key: string): Promise<void>;
  delMany(keys: readonly string[]): Promise<void>;
  /** Writes puts and deletes in one IndexedDB transaction: all or nothing (a key in both is deleted). */
  writeMany(puts: ReadonlyArray<readonly [string, unknown]>, dels: readonly string[]): Promise<void>;
  /** All keys that start with prefix, in no particular order. */
  keys(prefix: string): Promise<string[]>;
}
