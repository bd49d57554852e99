import { createIdbStore } from '../../client/src/storage/idb-kv.ts';
import { createIdbWorkerStore } from '../../client/src/storage/idb-worker-kv.ts';
import type { KeyValueStore } from '../../client/src/storage/kv.ts';
import { browserRunVerifier, browserWebSocket, createPlanLibrary, inlineRunVerifier } from '../../client/src/sync/index.ts';
import type { PlanSession } from '../../client/src/sync/session.ts';

/**
 * One device in real Chromium for `pnpm bench chromium-keystroke`: the sync engine as the app
 * bundles it (Vite), libsodium as shipped (WebAssembly), the device store on IndexedDB, a real
 * relay. The benchmark drives it through `window.keystrokeBench`; keystrokes go into a Y.Text of
 * the plan's document, which the engine seals and sends like any change.
 */
export interface KeystrokeBench {
  /**
   * Creates a plan on the relay and returns an invite link for the peer device. `store`: IndexedDB
   * on the main thread (`main`, as the app opens it) or in a worker (`worker`, idb-worker-kv.ts).
   * `socket`: the relay sockets in a worker (`worker`, as the app opens them, worker-websocket.ts)
   * or on the page (`page`, the browser's WebSocket on the main thread).
   */
  setup(relayUrl: string, store: 'worker' | 'main', socket: 'worker' | 'page'): Promise<string>;
  /** Resolves once the session is synced: connected, caught up, nothing unacknowledged. */
  synced(timeoutMs?: number): Promise<void>;
  /** Types `count` characters, one every `everyMs`, then waits until all are acknowledged. */
  type(count: number, everyMs: number): Promise<void>;
  /** Resolves once the text holds `length` characters (the peer's keystrokes applied). */
  textLength(length: number, timeoutMs?: number): Promise<void>;
  warnings(): number;
  /** IndexedDB calls so far: transactions, puts, deletes, gets (counted at the store's interface: each call is one transaction). */
  idbCalls(): { transactions: number; puts: number; deletes: number; gets: number };
}

const TEXT = 'keystrokes';

/**
 * IndexedDB calls the engine makes, counted so the benchmark can say how many transactions and
 * writes one keystroke costs. Counted at the store's interface, where the page hands them over
 * (the worker's IndexedDB calls are not on this thread): every call of it is one IndexedDB
 * transaction, each entry one put or delete.
 */
const idbCalls = { transactions: 0, puts: 0, deletes: 0, gets: 0 };
function counted(kv: KeyValueStore): KeyValueStore {
  return {
    get: (k) => (idbCalls.transactions++, idbCalls.gets++, kv.get(k)),
    keys: (p) => (idbCalls.transactions++, kv.keys(p)),
    set: (k, v) => (idbCalls.transactions++, idbCalls.puts++, kv.set(k, v)),
    setMany: (e) => ((idbCalls.transactions++, (idbCalls.puts += e.length)), kv.setMany(e)),
    del: (k) => (idbCalls.transactions++, idbCalls.deletes++, kv.del(k)),
    delMany: (ks) => ((idbCalls.transactions++, (idbCalls.deletes += ks.length)), kv.delMany(ks)),
    writeMany: (p, d) => ((idbCalls.transactions++, (idbCalls.puts += p.length), (idbCalls.deletes += d.length)), kv.writeMany(p, d)),
    // One request, however many records it drops.
    ...(kv.delRange ? { delRange: (from: string, to: string) => (idbCalls.transactions++, idbCalls.deletes++, kv.delRange!(from, to)) } : {}),
  };
}
let session: PlanSession | null = null;
let warnings = 0;

const open = (): PlanSession => {
  if (!session) throw new Error('setup() first');
  return session;
};

const until = (ok: () => boolean, timeoutMs: number, what: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const check = () => {
      if (ok()) resolve();
      else if (performance.now() > deadline) reject(new Error(`${what} not within ${timeoutMs} ms`));
      else setTimeout(check, 20);
    };
    check();
  });

const bench: KeystrokeBench = {
  async setup(relayUrl, store, socketIn) {
    const kv = store === 'worker' ? createIdbWorkerStore('safeplan-bench') : createIdbStore('safeplan-bench');
    // As the app opens its library (client/src/lock/device-session.ts): delivered envelopes are
    // authenticated in a Web Worker, and the relay sockets live in one (unless BENCH_CHROMIUM_SOCKET=page).
    const library = createPlanLibrary({
      kv: counted(kv),
      relayUrl,
      origin: location.origin,
      runVerifier: (s) => browserRunVerifier(inlineRunVerifier(s)),
      WebSocket: socketIn === 'worker' ? browserWebSocket() : WebSocket,
    });
    session = await library.create({ title: 'Benchmark', displayName: 'Anouk' });
    session.onWarning(() => warnings++);
    return library.createInvite(session.planId);
  },
  synced: (timeoutMs = 30_000) => until(() => open().state().kind === 'synced', timeoutMs, 'synced'),
  async type(count, everyMs) {
    const text = open().doc.getText(TEXT);
    await new Promise<void>((resolve) => {
      let typed = 0;
      const timer = setInterval(() => {
        text.insert(text.length, 'a');
        if (++typed === count) {
          clearInterval(timer);
          resolve();
        }
      }, everyMs);
    });
    await bench.synced();
  },
  textLength: (length, timeoutMs = 30_000) => until(() => open().doc.getText(TEXT).length >= length, timeoutMs, `${length} characters`),
  warnings: () => warnings,
  idbCalls: () => ({ ...idbCalls }),
};

(globalThis as unknown as { keystrokeBench: KeystrokeBench }).keystrokeBench = bench;
