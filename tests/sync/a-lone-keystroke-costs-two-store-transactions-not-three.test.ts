import { expect, it } from 'vitest';
import type { KeyValueStore } from '../../client/src/storage/kv.ts';
import { createMemoryStore } from '../../client/src/storage/memory-kv.ts';
import { until } from './support/clients.ts';
import { startSyncRelay } from './support/sync-relay.ts';
import { TestNetwork } from './support/test-network.ts';
import { shareBetween } from './support/two-devices.ts';

/** A memory store that counts its write transactions (every call that writes is one IndexedDB transaction). */
function countingStore(): KeyValueStore & { transactions: number } {
  const mem = createMemoryStore();
  const store = {
    transactions: 0,
    get: mem.get,
    keys: mem.keys,
    set: (k: string, v: unknown) => (store.transactions++, mem.set(k, v)),
    setMany: (e: ReadonlyArray<readonly [string, unknown]>) => (store.transactions++, mem.setMany(e)),
    del: (k: string) => (store.transactions++, mem.del(k)),
    delMany: (k: readonly string[]) => (store.transactions++, mem.delMany(k)),
    writeMany: (p: ReadonlyArray<readonly [string, unknown]>, d: readonly string[]) => (store.transactions++, mem.writeMany(p, d)),
  };
  return store;
}

// Keystrokes typed one at a time, each sent, acknowledged and shown as synced before the next:
// the pending write (envelope and raised clock) is one transaction, and the ack's bookkeeping
// (confirmed copy, counters, the pending copy's removal) is one more, not two.
it('a lone keystroke costs two store transactions once it is sent and acknowledged, not three', async () => {
  const relay = await startSyncRelay();
  const net = new TestNetwork(relay.wsUrl);
  const annaKv = countingStore();
  try {
    const { mine, theirs, warnings } = await shareBetween(net, annaKv);
    const text = mine.doc.getText('t');
    const keystrokes = 20;
    const before = annaKv.transactions;
    for (let i = 0; i < keystrokes; i++) {
      text.insert(text.length, 'x');
      await until(`keystroke ${i} synced and at bram`, () => mine.state().kind === 'synced' && theirs.doc.getText('t').length === i + 1, 5_000);
    }
    const perKeystroke = (annaKv.transactions - before) / keystrokes;
    expect(perKeystroke).toBeLessThanOrEqual(2);
    await mine.flush();
    expect(await annaKv.keys(`plans/${mine.planId}/pending/`)).toEqual([]);
    expect(warnings).toEqual([]);
    await mine.close();
    await theirs.close();
  } finally {
    net.close();
    await relay.close();
  }
}, 30_000);
