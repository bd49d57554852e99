import { expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import type { SyncState } from '../../client/src/sync/session.ts';
import { describeState, until } from './support/clients.ts';
import { gatedStore } from './support/gated-store.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { libraryOn, shareBetween } from './support/two-devices.ts';

const { net } = relayForThisFile();

// An own change goes to the relay while its pending write runs. When that write fails (the store
// is full), the change still reaches the others, but this device never says "synced": the person
// reads that saving fails, in the store's own words, and the change is kept and written once the
// store takes writes again (a reopen from the disk has it).
it('a failed pending write is told and kept, never synced', async () => {
  const annaStore = gatedStore();
  const { mine, theirs } = await shareBetween(net, annaStore.kv);
  const states: SyncState[] = [];
  mine.onState((s) => states.push(s));
  const full = new Error('the quota is used up');
  full.name = 'QuotaExceededError';
  annaStore.fail(full);
  mine.doc.getText('t').insert(0, 'niet opgeslagen');
  await until('anna is told', () => mine.state().kind === 'problem', 5_000, () => describeState(mine.state()));
  expect(mine.state()).toMatchObject({ kind: 'problem', code: 'store-full' });
  // Sent while the write failed: Bram has it, Anna's relay ack came in, and still no "synced".
  await until('bram has the change', () => theirs.doc.getText('t').toString() === 'niet opgeslagen', 5_000);
  await new Promise((r) => setTimeout(r, 300)); // retries fail meanwhile
  expect(states.map((s) => s.kind)).not.toContain('synced');

  annaStore.heal();
  await until('anna synced once the store takes writes again', () => mine.state().kind === 'synced', 10_000, () => describeState(mine.state()));
  const reopened = (await libraryOn(net, 'anna-again', await annaStore.disk()).open(mine.planId)) as EngineSession;
  expect(reopened.doc.getText('t').toString()).toBe('niet opgeslagen');
  await reopened.close();
  await mine.close();
  await theirs.close();
}, 30_000);
