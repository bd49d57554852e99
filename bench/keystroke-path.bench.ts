import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import WS from 'ws';
import type { KeyValueStore } from '../client/src/storage/kv.ts';
import type { PlanSession } from '../client/src/sync/session.ts';
import type { createPlanLibrary } from '../client/src/sync/index.ts';
import type { createMemoryStore } from '../client/src/storage/memory-kv.ts';
import { startChildRelay } from './support/child-relay.ts';
import { emit, envInt, note, round } from './support/report.ts';
import { percentile } from './support/stats.ts';

/**
 * One keystroke through the real engine, one at a time: the owner types a character, the time
 * until the other device's document has it is the path's latency; the process CPU per keystroke
 * (both devices' engines; the relay is a child process) is what the engine pays. Run with a store
 * whose transactions take BENCH_PATH_STORE_MS (IndexedDB on a tablet takes milliseconds), so the
 * writes the path waits for show. BENCH_PATH_ROOT runs the engine of another checkout (the code
 * before a change) against the same relay, for a before/after in one sitting.
 */
const keystrokes = envInt('BENCH_PATH_KEYSTROKES', 300);
const storeMs = Number(process.env.BENCH_PATH_STORE_MS ?? 4);
const root = resolve(process.env.BENCH_PATH_ROOT ?? '.');
const engine = (await import(pathToFileURL(resolve(root, 'client/src/sync/index.ts')).href)) as { createPlanLibrary: typeof createPlanLibrary };
const memory = (await import(pathToFileURL(resolve(root, 'client/src/storage/memory-kv.ts')).href)) as { createMemoryStore: typeof createMemoryStore };

/** A memory store whose writes take `ms` (one transaction each), like IndexedDB on a busy tablet. */
function storeTaking(ms: number): KeyValueStore {
  const mem = memory.createMemoryStore();
  const later = <T>(work: () => Promise<T>) => (ms <= 0 ? work() : new Promise<T>((ok, fail) => setTimeout(() => void work().then(ok, fail), ms)));
  return {
    get: (k) => mem.get(k),
    keys: (p) => mem.keys(p),
    set: (k, v) => later(() => mem.set(k, v)),
    setMany: (e) => later(() => mem.setMany(e)),
    del: (k) => later(() => mem.del(k)),
    delMany: (k) => later(() => mem.delMany(k)),
  };
}

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
};

const relay = await startChildRelay('safeplan');
const url = relay.url();
const library = () => engine.createPlanLibrary({ kv: storeTaking(storeMs), relayUrl: url, WebSocket: WS as unknown as typeof WebSocket, origin: 'https://safeplan.bench' });
const a = library();
const b = library();
const mine: PlanSession = await a.create({ title: 'bench', displayName: 'Anouk' });
const theirs: PlanSession = await b.join(await a.createInvite(mine.planId), 'Bram');
await until(() => mine.state().kind === 'synced' && theirs.state().kind === 'synced');
const text = mine.doc.getText('t');
const seen = theirs.doc.getText('t');
const latencies: number[] = [];
/** Resolves when the other device's document has every character typed (no polling: it would cost CPU). */
const arrived = () =>
  new Promise<void>((done) => {
    if (seen.length === text.length) return done();
    const check = () => {
      if (seen.length !== text.length) return;
      theirs.doc.off('update', check);
      done();
    };
    theirs.doc.on('update', check);
  });
// Warm-up, not counted.
for (let i = 0; i < 20; i++) {
  text.insert(text.length, 'w');
  await arrived();
}
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (let i = 0; i < keystrokes; i++) {
  const t0 = performance.now();
  text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  await arrived();
  latencies.push(performance.now() - t0);
  // One keystroke at a time: the writes behind the path finish, and the update batcher's 30 ms
  // window closes (else the next keystroke waits for the window and the figure measures that).
  await new Promise((r) => setTimeout(r, Math.max(40, storeMs * 3 + 5)));
}
const wall = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
await until(() => mine.state().kind === 'synced' && theirs.state().kind === 'synced');
await mine.close();
await theirs.close();
await relay.stop();
latencies.sort((x, y) => x - y);
const result = {
  bench: 'keystroke-path',
  target: 'report only: latency of one keystroke to the other device with a store of BENCH_PATH_STORE_MS per transaction, and the engine CPU per keystroke',
  met: true,
  engineRoot: root,
  keystrokes,
  storeMs,
  p50Ms: round(percentile(latencies, 50), 2),
  p99Ms: round(percentile(latencies, 99), 2),
  cpuUsPerKeystroke: round((cpu.user + cpu.system) / keystrokes, 0),
  wallS: round(wall / 1000, 1),
};
note(JSON.stringify(result));
emit(result);
