import { expect, it } from 'vitest';
import type { KeyValueStore } from '../../client/src/storage/kv.ts';
import { createMemoryStore } from '../../client/src/storage/memory-kv.ts';
import { createPlanLibrary } from '../../client/src/sync/index.ts';
import { seededRandom } from '../../schema/src/protocol/testing/seeded-random.ts';
import { describeState, isSynced, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { clockRefusals } from './support/sync-relay.ts';

const { relay, net } = relayForThisFile();

const SEED = Number(process.env.SAFEPLAN_SEED ?? 7);

/** A device store whose writes take 5-40 ms, like IndexedDB on a busy tablet (seeded delays). */
function slowStore(seed: number): KeyValueStore {
  const mem = createMemoryStore();
  const rand = seededRandom(seed);
  const delay = () => 5 + Math.floor(rand() * 36);
  const slow = <T>(work: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => setTimeout(() => void work().then(resolve, reject), delay()));
  return {
    get: (k) => mem.get(k),
    keys: (p) => mem.keys(p),
    del: (k) => mem.del(k),
    delMany: (k) => mem.delMany(k),
    writeMany: (p, d) => slow(() => mem.writeMany(p, d)),
    set: (k, v) => slow(() => mem.set(k, v)),
    setMany: (e) => slow(() => mem.setMany(e)),
  };
}

// Acks, deliveries and typing all change the plan's counters; with slow writes they overlap.
// A change that read the counters before another one finished must not wind nextClock back.
it(`typing while acks come in keeps every change and reuses no clock (seed ${SEED})`, async () => {
  const options = { relayUrl: 'ws://relay.invalid/', origin: 'https://x.test', reconnect: { baseMs: 5, maxMs: 40 }, relayTimeoutMs: 5000 };
  const anna = createPlanLibrary({ ...options, kv: slowStore(SEED), WebSocket: net.socketClass('anna') });
  const bram = createPlanLibrary({ ...options, kv: createMemoryStore(), WebSocket: net.socketClass('bram') });
  const a = await anna.create({ title: 'x', displayName: 'Anna' });
  const b = await bram.join(await anna.createInvite(a.planId), 'Bram');
  await until('both synced', () => isSynced(a) && isSynced(b), 10_000);
  const text = a.doc.getText('t');
  for (let i = 0; i < 400; i++) {
    text.insert(text.length, String.fromCharCode(97 + (i % 26)));
    await new Promise((r) => setTimeout(r, 1 + (i % 7)));
  }
  await until('anna synced again', () => isSynced(a) || a.state().kind === 'problem', 30_000, () => describeState(a.state()));
  expect(describeState(a.state()), `seed ${SEED}`).toBe('synced');
  await until('bram has every keystroke', () => b.doc.getText('t').length === 400, 15_000);
  expect(b.doc.getText('t').toString()).toBe(text.toString());
  expect(clockRefusals(relay)).toEqual([]);
  await a.close();
  await b.close();
}, 90_000);
