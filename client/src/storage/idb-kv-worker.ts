import { createIdbStore } from './idb-kv.ts';
import { runKvRequest, type KvRequest, type KvResponse } from './kv-worker-protocol.ts';

/**
 * The Web Worker that holds the device store's IndexedDB connection (idb-worker-kv.ts starts it).
 * IndexedDB's transactions and puts cost the page's main thread more than anything else per
 * keystroke (docs/performance.md, chromium-keystroke); here they cost this thread instead. The
 * database name comes in the worker's name. Each request starts as it arrives, so IndexedDB
 * creates their transactions in the page's order (as it did on the main thread): writes land in
 * that order and a read sees every write asked for before it.
 */
const scope = self as unknown as { name: string; onmessage: ((e: MessageEvent<KvRequest>) => void) | null; postMessage(message: KvResponse): void };
const [dbName, storeName] = JSON.parse(scope.name) as [string, string];
const kv = createIdbStore(dbName, storeName);

scope.onmessage = (e) => {
  const { id } = e.data;
  // runKvRequest answers failures itself; what is left is an answer that cannot be posted (a value
  // that cannot be cloned): the page hears that, rather than waiting for ever.
  const post = (answer: KvResponse) => {
    try {
      scope.postMessage(answer);
    } catch (err) {
      scope.postMessage({ id, error: { name: err instanceof Error ? err.name : 'Error', message: String(err) } });
    }
  };
  runKvRequest(kv, e.data).then(post, (err: unknown) => post({ id, error: { name: 'Error', message: String(err) } }));
};
