import { expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import type { SyncState } from '../../client/src/sync/session.ts';
import { describeState, until } from './support/clients.ts';
import { gatedStore, type GatedStore } from './support/gated-store.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { libraryOn, shareBetween } from './support/two-devices.ts';

const { net } = relayForThisFile();

/** The text a new tab finds on what reached Anna's disk (closed again after reading). */
async function textOnDisk(annaStore: GatedStore, planId: string): Promise<string> {
  const reopened = (await libraryOn(net, 'anna-again', await annaStore.disk()).open(planId)) as EngineSession;
  const text = reopened.doc.getText('t').toString();
  await reopened.close();
  return text;
}

const quotaUsedUp = () => Object.assign(new Error('the quota is used up'), { name: 'QuotaExceededError' });

// An own change typed offline is written to the device within SOON_MS. When that write fails (the
// store is full), the person reads that saving fails, in the store's own words; the change still
// reaches the others once the network is back, and still this device never says "synced" while
// its write fails: it is kept and written once the store takes writes again (a reopen has it).
it('a failed pending write is told and kept, never synced', async () => {
  const annaStore = gatedStore();
  const { mine, theirs } = await shareBetween(net, annaStore.kv);
  const states: SyncState[] = [];
  mine.onState((s) => states.push(s));
  net.cut('anna');
  annaStore.fail(quotaUsedUp());
  mine.doc.getText('t').insert(0, 'niet opgeslagen');
  await until('anna is told', () => mine.state().kind === 'problem', 5_000, () => describeState(mine.state()));
  expect(mine.state()).toMatchObject({ kind: 'problem', code: 'store-full' });
  net.heal('anna');
  // Sent while the write fails: Bram has it, Anna's relay ack came in, and still no "synced".
  await until('bram has the change', () => theirs.doc.getText('t').toString() === 'niet opgeslagen', 10_000);
  await new Promise((r) => setTimeout(r, 300)); // retries fail meanwhile
  expect(states.map((s) => s.kind)).not.toContain('synced');

  annaStore.heal();
  await until('anna synced once the store takes writes again', () => mine.state().kind === 'synced', 10_000, () => describeState(mine.state()));
  expect(await textOnDisk(annaStore, mine.planId)).toBe('niet opgeslagen');
  await mine.close();
  await theirs.close();
}, 30_000);

// Online, the relay keeps the change before the device writes it (the ack takes the pending write
// back); the confirmed copy rides with a later write. When that write fails, the person is told
// within about a second, and the change is written once the store takes writes again.
it('an acknowledged change whose write fails is told within seconds and written after', async () => {
  const annaStore = gatedStore();
  const { mine, theirs } = await shareBetween(net, annaStore.kv);
  annaStore.fail(quotaUsedUp());
  mine.doc.getText('t').insert(0, 'bij de relay');
  await until('bram has the change', () => theirs.doc.getText('t').toString() === 'bij de relay', 5_000);
  await until('anna is told', () => mine.state().kind === 'problem', 3_000, () => describeState(mine.state()));
  expect(mine.state()).toMatchObject({ kind: 'problem', code: 'store-full' });
  annaStore.heal();
  await until('anna synced once the store takes writes again', () => mine.state().kind === 'synced', 10_000, () => describeState(mine.state()));
  await mine.flush();
  expect(await textOnDisk(annaStore, mine.planId)).toBe('bij de relay');
  await mine.close();
  await theirs.close();
}, 30_000);
