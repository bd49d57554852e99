import { createIdbStore } from './idb-kv.ts';
import type { KeyValueStore } from './kv.ts';
import type { KvRequest, KvResponse } from './kv-worker-protocol.ts';
import { WorkerCalls } from '../workers/worker-calls.ts';
import { workerOnce, type StartableWorker } from '../workers/worker-once.ts';

/** What this needs of a Worker (a test can hand in a stand-in). */
export interface KvWorkerLike extends StartableWorker {
  postMessage(message: KvRequest): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<KvResponse>) => void): void;
  addEventListener(type: 'error', listener: (e: Event) => void): void;
}

type Call = KvRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * The device store with its IndexedDB work in a Web Worker (idb-kv-worker.ts): the page's main
 * thread only hands each call over (a structured clone, no IndexedDB transaction or put of its own)
 * and hears the answer. Calls start in the worker in the order they were made, so writes keep their
 * order and a read sees every write made before it; a write's promise resolves once its
 * transaction committed there, so "durable" means what it meant on the main thread.
 *
 * If the worker fails, the calls waiting for it fail (their writes are retried by the write-behind
 * log, which tells the person while the store fails) and later calls go to `fallback`, IndexedDB on
 * the main thread: slower, the same store.
 */
export function workerKv(start: () => KvWorkerLike, fallback: () => KeyValueStore & { close?(): Promise<void> }): KeyValueStore & { close(): Promise<void> } {
  let direct: (KeyValueStore & { close?(): Promise<void> }) | null = null;
  const calls = new WorkerCalls<unknown>();
  const worker = workerOnce(
    start,
    (w) =>
      w.addEventListener('message', (e: MessageEvent<KvResponse>) =>
        calls.answered(e.data.id, 'error' in e.data ? { error: Object.assign(new Error(e.data.error.message), { name: e.data.error.name }) } : { value: e.data.value }),
      ),
    (why) => {
      console.warn('device store worker failed; using IndexedDB on the main thread', why);
      direct ??= fallback();
      calls.failAll(() => Object.assign(new Error(`device store worker failed: ${why}`), { name: 'WorkerFailed' }));
    },
  );
  const call = <T>(c: Call, viaDirect: (kv: KeyValueStore & { close?(): Promise<void> }) => Promise<T>): Promise<T> => {
    const w = worker.get();
    if (!w) return viaDirect(direct!);
    // The answer to this request is what `c` asks for (kv-worker-protocol.ts runKvRequest).
    return calls.start((id) => w.postMessage({ id, ...c } as KvRequest)) as Promise<T>;
  };
  return {
    get: <T>(key: string) => call<T | undefined>({ op: 'get', key }, (kv) => kv.get<T>(key)),
    set: (key, value) => call({ op: 'set', key, value }, (kv) => kv.set(key, value)),
    setMany: (entries) => call({ op: 'setMany', entries }, (kv) => kv.setMany(entries)),
    del: (key) => call({ op: 'del', key }, (kv) => kv.del(key)),
    delMany: (keys) => call({ op: 'delMany', keys }, (kv) => kv.delMany(keys)),
    delRange: (from, to) => call({ op: 'delRange', from, to }, (kv) => (kv.delRange ? kv.delRange(from, to) : Promise.reject(new Error('this store cannot delete a range')))),
    writeMany: (puts, dels) => call({ op: 'writeMany', puts, dels }, (kv) => kv.writeMany(puts, dels)),
    keys: (prefix) => call<string[]>({ op: 'keys', prefix }, (kv) => kv.keys(prefix)),
    // Wiping the device deletes the database, which waits until every connection to it is closed.
    close: async () => {
      const w = worker.running;
      if (w) {
        await call<void>({ op: 'close' }, async () => undefined);
        // A later call starts a new worker (the store is closed, not broken).
        if (worker.running === w) worker.stop();
      }
      await direct?.close?.();
    },
  };
}

/**
 * The device store as IndexedDB in a module worker (Vite bundles it from this URL), or on the main
 * thread where workers are missing. chromium-keystroke measures it (BENCH_CHROMIUM_STORE=worker);
 * the app does not open it yet: e2e tests break the store by replacing IndexedDB's prototypes in
 * the page, which a worker's IndexedDB does not see (docs/performance.md).
 */
export function createIdbWorkerStore(dbName = 'safeplan', storeName = 'kv'): KeyValueStore & { close(): Promise<void> } {
  const direct = () => createIdbStore(dbName, storeName);
  if (typeof Worker === 'undefined') return direct();
  return workerKv(
    () => new Worker(new URL('./idb-kv-worker.ts', import.meta.url), { type: 'module', name: JSON.stringify([dbName, storeName]) }) as KvWorkerLike,
    direct,
  );
}
