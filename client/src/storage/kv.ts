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
  /**
   * Deletes every key k with from <= k <= to (string order) in one request, where the store keeps
   * its keys in that order (IndexedDB, memory). Optional: a store that hides its key names (the
   * sealed store under a device lock) has no such order, and callers list and delete instead.
   */
  delRange?(from: string, to: string): Promise<void>;
}
