import { createStore, del, delMany, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import type { KeyValueStore } from './kv.ts';

/**
 * The device store on IndexedDB. It uses its own database (not idb-keyval's default one) so that
 * other code on the same origin cannot clobber sealed envelopes or device keys by accident.
 */
export function createIdbStore(dbName = 'safeplan', storeName = 'kv'): KeyValueStore & { close(): Promise<void> } {
  const store: UseStore = createStore(dbName, storeName);
  // One transaction for the puts and deletes together: all or nothing. (idb-keyval's own setMany
  // would commit the puts made before a value that cannot be cloned; aborting here keeps the promise.)
  const writeMany: KeyValueStore['writeMany'] = (puts, dels) =>
    store('readwrite', (s) => {
      try {
        for (const [k, v] of puts) s.put(v, k);
        for (const k of dels) s.delete(k);
      } catch (err) {
        s.transaction.abort();
        throw err;
      }
      return promisifyRequest(s.transaction);
    });
  return {
    get: <T>(key: string) => get<T>(key, store),
    set: (key, value) => set(key, value, store),
    setMany: (entries) => writeMany(entries, []),
    writeMany,
    del: (key) => del(key, store),
    // One request for the whole range, however many records it holds.
    delRange: (from, to) =>
      store('readwrite', (s) => {
        s.delete(IDBKeyRange.bound(from, to));
        return promisifyRequest(s.transaction);
      }),
    delMany: (keys) => delMany([...keys], store),
    // Wiping the device deletes the database, which waits until every connection to it is closed.
    close: () =>
      store('readonly', (s) => {
        s.transaction.db.close();
        return promisifyRequest(s.transaction);
      }),
    keys: (prefix) =>
      store('readonly', (s) =>
        // A key range keeps the prefix scan inside IndexedDB instead of loading every key.
        promisifyRequest(s.getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`))),
      ).then((ks) => ks.map(String)),
  };
}
